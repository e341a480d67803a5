"use client";

import type { RouterOutputs } from "@harmoniq/api";
import { LIMITS } from "@harmoniq/db/constants";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type KeyboardEvent } from "react";
import { usePlayer } from "@/components/player";
import { toTrack } from "@/components/track";
import { errorMessage, formatCount, formatTime } from "@/lib/format";
import { useTRPC } from "@/trpc/client";

type Playlist = RouterOutputs["playlist"]["byId"];

export function PlaylistView({ id, viewerId }: { id: string; viewerId: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const player = usePlayer();
  const key = trpc.playlist.byId.queryKey({ id });
  const { data: playlist } = useQuery(trpc.playlist.byId.queryOptions({ id }));
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const [announce, setAnnounce] = useState("");
  const [editing, setEditing] = useState(false);

  const setSongs = (songs: Playlist["songs"]) =>
    queryClient.setQueryData(key, (old) => (old ? { ...old, songs } : old));
  const move = useMutation(
    trpc.playlist.moveSong.mutationOptions({
      onMutate: ({ songId, toIndex }) => {
        const old = queryClient.getQueryData(key);
        if (!old) return;
        const list = [...old.songs];
        const from = list.findIndex((e) => e.song.id === songId);
        const [entry] = list.splice(from, 1);
        list.splice(toIndex, 0, entry!);
        setSongs(list.map((e, position) => ({ ...e, position })));
      },
      onSuccess: (songs) => setSongs(songs),
      onError: () => void queryClient.invalidateQueries({ queryKey: key }),
    }),
  );
  const remove = useMutation(
    trpc.playlist.removeSong.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
    }),
  );
  const update = useMutation(
    trpc.playlist.update.mutationOptions({
      onSuccess: () => {
        setEditing(false);
        void queryClient.invalidateQueries({ queryKey: trpc.playlist.pathKey() });
      },
    }),
  );
  const del = useMutation(
    trpc.playlist.delete.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.playlist.pathKey() });
        router.push("/library");
      },
    }),
  );

  if (!playlist) return null;
  const isOwner = viewerId === playlist.owner.id;
  const songs = playlist.songs;
  const ready = songs.filter((e) => e.song.status === "ready").map((e) => e.song);

  const moveTo = (songId: string, title: string, toIndex: number) => {
    // One move at a time: each one is computed from the order the server last confirmed.
    if (toIndex < 0 || toIndex >= songs.length || move.isPending) return;
    move.mutate({ playlistId: id, songId, toIndex });
    setAnnounce(`${title} moved to position ${toIndex + 1} of ${songs.length}`);
  };
  const onRowKey = (e: KeyboardEvent, songId: string, title: string, index: number) => {
    if (!isOwner || !e.altKey) return;
    if (e.key === "ArrowUp") {
      e.preventDefault();
      moveTo(songId, title, index - 1);
    } else if (e.key === "ArrowDown") {
      e.preventDefault();
      moveTo(songId, title, index + 1);
    }
  };

  return (
    <div className="stack">
      <header>
        {editing ? (
          <form
            className="panel"
            onSubmit={(e) => {
              e.preventDefault();
              const f = new FormData(e.currentTarget);
              update.mutate({ id, name: String(f.get("name") ?? "").trim() });
            }}
          >
            <label htmlFor="rename">Playlist name</label>
            <div className="row">
              <input
                id="rename"
                name="name"
                type="text"
                defaultValue={playlist.name}
                maxLength={LIMITS.playlistNameMax}
                required
                style={{ flex: 1 }}
              />
              <button type="submit" className="btn small">
                Save
              </button>
              <button type="button" className="btn ghost small" onClick={() => setEditing(false)}>
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <h1>{playlist.name}</h1>
        )}
        <p className="muted">
          by <Link href={`/u/${playlist.owner.handle}`}>{playlist.owner.name}</Link> ·{" "}
          {formatCount(songs.length, "song")} · {playlist.isPublic ? "Public" : "Private"}
        </p>
        {playlist.description && <p>{playlist.description}</p>}
        <div className="row">
          <button
            type="button"
            className="btn"
            disabled={ready.length === 0}
            onClick={() => player.playQueue(ready.map(toTrack), 0)}
          >
            ▶ Play all
          </button>
          {isOwner && (
            <>
              {!editing && (
                <button type="button" className="btn ghost small" onClick={() => setEditing(true)}>
                  Rename
                </button>
              )}
              <label className="check" htmlFor="pl-public">
                <input
                  id="pl-public"
                  type="checkbox"
                  checked={playlist.isPublic}
                  onChange={(e) => update.mutate({ id, isPublic: e.target.checked })}
                />
                Public
              </label>
              <button
                type="button"
                className="btn danger small"
                onClick={() => {
                  if (window.confirm(`Delete the playlist “${playlist.name}”?`)) del.mutate({ id });
                }}
              >
                Delete playlist
              </button>
            </>
          )}
        </div>
        {(update.error || move.error || del.error || remove.error) && (
          <p className="error" role="alert">
            {errorMessage(update.error ?? move.error ?? del.error ?? remove.error)}
          </p>
        )}
      </header>

      <p className="sr-only" role="status" aria-live="polite">
        {announce}
      </p>
      {songs.length === 0 ? (
        <div className="panel empty">
          <p>This playlist is empty.</p>
          <p className="muted small">Add songs from a song page with “Add to playlist”.</p>
        </div>
      ) : (
        <section aria-labelledby="pl-songs">
          <h2 id="pl-songs">Songs</h2>
          {isOwner && (
            <p className="small muted">
              Drag rows to reorder, or focus a row and press Alt+↑ / Alt+↓, or use the arrow
              buttons.
            </p>
          )}
          <ol
            className="list"
            aria-label="Playlist songs"
            data-testid="playlist-songs"
            style={{ padding: 0 }}
          >
            {songs.map((entry, index) => {
              const s = entry.song;
              return (
                <li
                  key={s.id}
                  className={`pl-row${dragging === s.id ? " dragging" : ""}${over === index ? " drop-target" : ""}`}
                  draggable={isOwner}
                  data-song-id={s.id}
                  tabIndex={isOwner ? 0 : undefined}
                  aria-label={
                    isOwner ? `${index + 1}. ${s.title}. Alt+Arrow keys move it.` : undefined
                  }
                  onKeyDown={(e) => onRowKey(e, s.id, s.title, index)}
                  onDragStart={(e) => {
                    setDragging(s.id);
                    e.dataTransfer.effectAllowed = "move";
                    e.dataTransfer.setData("text/plain", s.id);
                  }}
                  onDragEnd={() => {
                    setDragging(null);
                    setOver(null);
                  }}
                  onDragOver={(e) => {
                    if (!isOwner) return;
                    e.preventDefault();
                    setOver(index);
                  }}
                  onDrop={(e) => {
                    e.preventDefault();
                    const songId = e.dataTransfer.getData("text/plain") || dragging;
                    const moved = songs.find((x) => x.song.id === songId);
                    setOver(null);
                    setDragging(null);
                    if (moved && moved.position !== index)
                      moveTo(moved.song.id, moved.song.title, index);
                  }}
                >
                  {isOwner && (
                    <span className="grip" aria-hidden="true">
                      ⋮⋮
                    </span>
                  )}
                  <span className="muted small">{index + 1}</span>
                  <button
                    type="button"
                    className="icon-btn small play"
                    disabled={s.status !== "ready"}
                    aria-label={`Play ${s.title}`}
                    onClick={() => {
                      const start = ready.findIndex((r) => r.id === s.id);
                      player.playQueue(ready.map(toTrack), Math.max(0, start));
                    }}
                  >
                    ▶
                  </button>
                  <span className="title">
                    <Link href={`/songs/${s.id}`}>{s.title}</Link>
                    <span className="small muted"> · {s.author.name}</span>
                  </span>
                  <span className="small muted">{formatTime(s.durationSec)}</span>
                  {isOwner && (
                    <>
                      <button
                        type="button"
                        className="icon-btn small"
                        aria-label={`Move ${s.title} up`}
                        disabled={index === 0 || move.isPending}
                        onClick={() => moveTo(s.id, s.title, index - 1)}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        className="icon-btn small"
                        aria-label={`Move ${s.title} down`}
                        disabled={index === songs.length - 1 || move.isPending}
                        onClick={() => moveTo(s.id, s.title, index + 1)}
                      >
                        ↓
                      </button>
                      <button
                        type="button"
                        className="btn ghost small"
                        aria-label={`Remove ${s.title} from the playlist`}
                        onClick={() => remove.mutate({ playlistId: id, songId: s.id })}
                      >
                        Remove
                      </button>
                    </>
                  )}
                </li>
              );
            })}
          </ol>
        </section>
      )}
    </div>
  );
}
