"use client";

import type { RouterOutputs } from "@harmoniq/api";
import { LIMITS } from "@harmoniq/db/constants";
import { GENRES, MOODS } from "@harmoniq/vocabulary";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { errorMessage } from "@/lib/format";
import { useTRPC } from "@/trpc/client";

type Song = RouterOutputs["song"]["byId"];

/** The iframe other sites paste (the same as /api/oembed answers). */
export function embedCode(origin: string, id: string) {
  return `<iframe src="${origin}/embed/songs/${id}" width="480" height="152" title="HarmoniQ player" frameborder="0" loading="lazy" allow="autoplay; encrypted-media" style="border:0;border-radius:12px;max-width:100%"></iframe>`;
}

export function ShareButton({ id, embeddable = false }: { id: string; embeddable?: boolean }) {
  const [copied, setCopied] = useState(false);
  const [embedCopied, setEmbedCopied] = useState(false);
  return (
    <>
      {embeddable && (
        <button
          type="button"
          className="btn ghost small"
          data-testid="copy-embed"
          onClick={async () => {
            const code = embedCode(window.location.origin, id);
            try {
              await navigator.clipboard.writeText(code);
              setEmbedCopied(true);
            } catch {
              window.prompt("Copy this embed code", code);
            }
            setTimeout(() => setEmbedCopied(false), 2000);
          }}
        >
          {embedCopied ? "Embed code copied" : "Copy embed code"}
        </button>
      )}
      <button
        type="button"
        className="btn ghost small"
        onClick={async () => {
          const url = `${window.location.origin}/songs/${id}`;
          try {
            await navigator.clipboard.writeText(url);
            setCopied(true);
          } catch {
            window.prompt("Copy this link", url);
          }
          setTimeout(() => setCopied(false), 2000);
        }}
      >
        {copied ? "Link copied" : "Copy share link"}
      </button>
      <span className="sr-only" role="status">
        {copied ? "Link copied to the clipboard" : embedCopied ? "Embed code copied" : ""}
      </span>
    </>
  );
}

export function AddToPlaylist({ songId }: { songId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const playlists = useQuery(trpc.playlist.mine.queryOptions({ limit: 50 }));
  const [playlistId, setPlaylistId] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const add = useMutation(
    trpc.playlist.addSong.mutationOptions({
      onSuccess: () => {
        const name = playlists.data?.items.find((p) => p.id === playlistId)?.name ?? "the playlist";
        setDone(`Added to ${name}`);
        void queryClient.invalidateQueries({ queryKey: trpc.playlist.pathKey() });
      },
    }),
  );
  const items = playlists.data?.items ?? [];
  const selected = playlistId || items[0]?.id || "";
  return (
    <section className="panel" aria-labelledby="pl-title">
      <h2 id="pl-title">Add to playlist</h2>
      {items.length === 0 ? (
        <p className="muted small">
          You have no playlists yet. <Link href="/library">Create one in your library</Link>.
        </p>
      ) : (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            setDone(null);
            setPlaylistId(selected);
            add.mutate({ playlistId: selected, songId });
          }}
        >
          <div className="field" style={{ marginBottom: 0 }}>
            <label htmlFor="playlist-select">Playlist</label>
            <select
              id="playlist-select"
              value={selected}
              onChange={(e) => setPlaylistId(e.target.value)}
            >
              {items.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.songCount})
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn small" disabled={add.isPending}>
            Add to playlist
          </button>
          <p role="status" className="small success">
            {done}
          </p>
          {add.error && (
            <p className="error" role="alert">
              {errorMessage(add.error)}
            </p>
          )}
        </form>
      )}
    </section>
  );
}

export function RemixForm({ song }: { song: Song }) {
  const trpc = useTRPC();
  const router = useRouter();
  const remix = useMutation(
    trpc.song.remix.mutationOptions({
      onSuccess: (created) => router.push(`/songs/${created.id}`),
    }),
  );
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const seed = String(f.get("seed") ?? "").trim();
    remix.mutate({
      id: song.id,
      mood: String(f.get("mood")) as (typeof MOODS)[number],
      genre: String(f.get("genre")) as (typeof GENRES)[number],
      keep: String(f.get("keep")) as "melody" | "words" | "nothing",
      ...(seed ? { seed: Number(seed) } : {}),
    });
  };
  return (
    <section className="panel" aria-labelledby="remix-title">
      <h2 id="remix-title">Remix</h2>
      <form onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor="remix-mood">Mood</label>
          <select id="remix-mood" name="mood" defaultValue={song.mood}>
            {MOODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="remix-genre">Genre</label>
          <select id="remix-genre" name="genre" defaultValue={song.genre}>
            {GENRES.map((g) => (
              <option key={g}>{g}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="remix-keep">Keep</label>
          <select id="remix-keep" name="keep" defaultValue="melody">
            <option value="melody">The melody and words (a cover)</option>
            <option value="words">Only the words (new music)</option>
            <option value="nothing">Nothing (a fresh song on the same subject)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="remix-seed">
            Seed <span className="hint">(optional)</span>
          </label>
          <input id="remix-seed" name="seed" type="number" min={0} max={LIMITS.seedMax} />
        </div>
        {remix.error && (
          <p className="error" role="alert">
            {errorMessage(remix.error)}
          </p>
        )}
        <button type="submit" className="btn small" disabled={remix.isPending}>
          {remix.isPending ? "Remixing…" : "Make a remix"}
        </button>
      </form>
    </section>
  );
}

export function OwnerTools({ song }: { song: Song }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const update = useMutation(
    trpc.song.update.mutationOptions({
      onSuccess: (updated) => {
        // The creator's follow state, the other takes, the versions and my repost are not
        // part of an update's answer: keep the page's.
        queryClient.setQueryData(trpc.song.byId.queryKey({ id: song.id }), (old) =>
          old
            ? {
                ...updated,
                creator: old.creator,
                takes: old.takes,
                versions: old.versions,
                repostedByMe: old.repostedByMe,
              }
            : old,
        );
        setSaved(true);
        router.refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.song.delete.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.song.pathKey() });
        router.push("/library");
      },
    }),
  );
  return (
    <section className="panel" aria-labelledby="edit-title">
      <h2 id="edit-title">Edit song</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          const f = new FormData(e.currentTarget);
          update.mutate({
            id: song.id,
            title: String(f.get("title") ?? "").trim(),
            description: String(f.get("description") ?? "").trim() || null,
            isPublic: f.get("isPublic") === "on",
          });
        }}
      >
        <div className="field">
          <label htmlFor="edit-title-input">Title</label>
          <input
            id="edit-title-input"
            name="title"
            type="text"
            defaultValue={song.title}
            required
            maxLength={LIMITS.titleMax}
          />
        </div>
        <div className="field">
          <label htmlFor="edit-description">Description</label>
          <textarea
            id="edit-description"
            name="description"
            defaultValue={song.description ?? ""}
            maxLength={LIMITS.descriptionMax}
          />
        </div>
        <div className="field">
          <label className="check" htmlFor="edit-public">
            <input
              id="edit-public"
              name="isPublic"
              type="checkbox"
              defaultChecked={song.isPublic}
            />
            Public
          </label>
        </div>
        {update.error && (
          <p className="error" role="alert">
            {errorMessage(update.error)}
          </p>
        )}
        <div className="row">
          <button type="submit" className="btn small" disabled={update.isPending}>
            Save changes
          </button>
          <span role="status" className="small success">
            {saved ? "Saved" : ""}
          </span>
        </div>
      </form>
      <hr style={{ borderColor: "var(--border)", margin: "16px 0" }} />
      <button
        type="button"
        className="btn danger small"
        disabled={remove.isPending}
        onClick={() => {
          if (window.confirm(`Delete “${song.title}” for good?`)) remove.mutate({ id: song.id });
        }}
      >
        Delete song
      </button>
      {remove.error && (
        <p className="error" role="alert">
          {errorMessage(remove.error)}
        </p>
      )}
    </section>
  );
}
