"use client";

import { LIMITS } from "@harmoniq/db/constants";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { usePlayer } from "@/components/player";
import { toTrack } from "@/components/track";
import { errorMessage, formatCount } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import { movedInPages, removedFromPages, type PlaylistEntry } from "./playlist-order";
import { PlaylistRow } from "./playlist-row";

export function PlaylistView({ id, viewerId }: { id: string; viewerId: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const player = usePlayer();
  // The same options as the server page's prefetch, so the first page arrives hydrated.
  const options = trpc.playlist.byId.infiniteQueryOptions(
    { id },
    { getNextPageParam: (last) => last.nextCursor },
  );
  const key = options.queryKey;
  const pages = useInfiniteQuery(options);
  /** A row being dragged by its handle, and the position it would land on. */
  const [drag, setDrag] = useState<{ entry: PlaylistEntry; over: number } | null>(null);
  const [announce, setAnnounce] = useState("");
  const [editing, setEditing] = useState(false);
  const listRef = useRef<HTMLOListElement>(null);
  /** After a move by keyboard: the handle to give focus back to (the row may have moved away). */
  const refocus = useRef<{ songId: string; index: number } | null>(null);

  const move = useMutation(
    trpc.playlist.moveSong.mutationOptions({
      onMutate: async ({ songId, toIndex }) => {
        await queryClient.cancelQueries({ queryKey: key });
        const before = queryClient.getQueryData(key);
        if (before) queryClient.setQueryData(key, movedInPages(before, songId, toIndex));
        return { before };
      },
      onError: (error, _input, context) => {
        // Roll back to the order the server last confirmed.
        if (context?.before) queryClient.setQueryData(key, context.before);
        setAnnounce(`Could not move the song: ${errorMessage(error)}. The order is unchanged.`);
      },
      // The pages are read again, so that their cursors follow the new order.
      onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
    }),
  );
  const remove = useMutation(
    trpc.playlist.removeSong.mutationOptions({
      onMutate: async ({ songId }) => {
        await queryClient.cancelQueries({ queryKey: key });
        const before = queryClient.getQueryData(key);
        if (before) queryClient.setQueryData(key, removedFromPages(before, songId));
        return { before };
      },
      onError: (_error, _input, context) => {
        if (context?.before) queryClient.setQueryData(key, context.before);
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.playlist.pathKey() }),
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

  const entries = pages.data?.pages.flatMap((page) => page.songs) ?? [];
  useEffect(() => {
    const target = refocus.current;
    if (!target || !listRef.current) return;
    const handles = [...listRef.current.querySelectorAll<HTMLElement>("[data-handle]")];
    const handle =
      handles.find((h) => h.dataset.handle === target.songId) ??
      handles[Math.min(target.index, handles.length - 1)];
    if (handle && document.activeElement !== handle) handle.focus();
  }, [pages.data]);

  const playlist = pages.data?.pages[0];
  if (!playlist) return null;
  const isOwner = viewerId === playlist.owner.id;
  const total = playlist.songCount;
  const ready = entries.filter((e) => e.song.status === "ready").map((e) => e.song);
  const busy = move.isPending || pages.isFetching;

  const moveTo = (entry: PlaylistEntry, toIndex: number, byKeyboard = false) => {
    // One move at a time, each from the order the server last confirmed.
    if (!isOwner) return;
    if (busy) {
      setAnnounce("Still saving the last move, try again in a moment.");
      return;
    }
    if (!Number.isInteger(toIndex) || toIndex < 0 || toIndex >= total) return;
    if (toIndex === entry.position) return;
    refocus.current = byKeyboard ? { songId: entry.song.id, index: entry.position } : null;
    setAnnounce(`${entry.song.title} moved to position ${toIndex + 1} of ${total}.`);
    move.mutate(
      { playlistId: id, songId: entry.song.id, toIndex },
      { onSettled: () => void (refocus.current = null) },
    );
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
          <span data-testid="playlist-count">{formatCount(total, "song")}</span> ·{" "}
          {playlist.isPublic ? "Public" : "Private"}
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
        {(update.error || move.error || del.error || remove.error || pages.error) && (
          <p className="error" role="alert">
            {errorMessage(update.error ?? move.error ?? del.error ?? remove.error ?? pages.error)}
          </p>
        )}
      </header>

      <p className="sr-only" role="status" aria-live="polite" data-testid="playlist-announce">
        {announce}
      </p>
      {total === 0 ? (
        <div className="panel empty">
          <p>This playlist is empty.</p>
          <p className="muted small">Add songs from a song page with “Add to playlist”.</p>
        </div>
      ) : (
        <section aria-labelledby="pl-songs">
          <h2 id="pl-songs">Songs</h2>
          {isOwner && (
            <p className="small muted" id="pl-reorder-help">
              Drag a row by its handle ⋮⋮ to reorder. On the handle: Alt+↑ / Alt+↓ move by one, Home
              / End to the top or bottom; “Move” moves to any position, also past the songs shown.
            </p>
          )}
          <ol
            ref={listRef}
            className="list"
            aria-label="Playlist songs"
            aria-busy={busy}
            data-testid="playlist-songs"
            style={{ padding: 0 }}
          >
            {entries.map((entry) => (
              <PlaylistRow
                key={entry.song.id}
                entry={entry}
                total={total}
                isOwner={isOwner}
                busy={busy}
                dragging={drag?.entry.song.id === entry.song.id}
                dropTarget={drag !== null && drag.over === entry.position}
                onDragStart={() => setDrag({ entry, over: entry.position })}
                onDragOver={(over) => setDrag((d) => (d && d.over !== over ? { ...d, over } : d))}
                onDragEnd={(commit) => {
                  if (commit && drag) moveTo(drag.entry, drag.over);
                  setDrag(null);
                }}
                onMove={moveTo}
                onPlay={() => {
                  const start = ready.findIndex((r) => r.id === entry.song.id);
                  player.playQueue(ready.map(toTrack), Math.max(0, start));
                }}
                onRemove={() => {
                  setAnnounce(`${entry.song.title} removed from the playlist.`);
                  remove.mutate({ playlistId: id, songId: entry.song.id });
                }}
              />
            ))}
          </ol>
          <div className="row">
            <span className="small muted" data-testid="playlist-shown">
              Showing {entries.length.toLocaleString("en")} of {formatCount(total, "song")}
            </span>
            {pages.hasNextPage && (
              <button
                type="button"
                className="btn ghost small"
                disabled={pages.isFetchingNextPage || busy}
                onClick={() => void pages.fetchNextPage()}
              >
                {pages.isFetchingNextPage ? "Loading…" : "Load more"}
              </button>
            )}
          </div>
        </section>
      )}
    </div>
  );
}
