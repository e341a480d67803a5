"use client";

import { LIMITS } from "@harmoniq/db/constants";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { SongGrid } from "@/components/songs/song-card";
import { errorMessage, formatCount } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import { useTextField } from "@/lib/use-text-field";

export function Library() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const songs = useInfiniteQuery(
    trpc.song.mine.infiniteQueryOptions({ limit: 24 }, { getNextPageParam: (l) => l.nextCursor }),
  );
  const playlists = useQuery(trpc.playlist.mine.queryOptions({ limit: 50 }));
  const [name, setName, nameRef] = useTextField<HTMLInputElement>();
  const [isPublic, setIsPublic] = useState(true);
  const create = useMutation(
    trpc.playlist.create.mutationOptions({
      onSuccess: () => {
        setName("");
        void queryClient.invalidateQueries({ queryKey: trpc.playlist.mine.queryKey() });
      },
    }),
  );
  const onCreate = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) create.mutate({ name: name.trim(), isPublic });
  };
  const mySongs = songs.data?.pages.flatMap((p) => p.items) ?? [];
  const lists = playlists.data?.items ?? [];

  return (
    <div className="stack">
      <h1>Your library</h1>
      <section aria-labelledby="my-songs">
        <div className="row between">
          <h2 id="my-songs">Your songs</h2>
          <Link href="/create" className="btn small">
            Create a song
          </Link>
        </div>
        {songs.isPending ? (
          <p className="muted">Loading…</p>
        ) : mySongs.length === 0 ? (
          <div className="panel empty">
            <p>You have not made a song yet.</p>
            <Link href="/create" className="btn">
              Create your first song
            </Link>
          </div>
        ) : (
          <SongGrid songs={mySongs} label="Your songs" />
        )}
        {songs.hasNextPage && (
          <button
            type="button"
            className="btn ghost"
            style={{ marginTop: 12 }}
            onClick={() => void songs.fetchNextPage()}
          >
            Load more
          </button>
        )}
      </section>

      <section aria-labelledby="my-playlists" className="panel">
        <h2 id="my-playlists">Your playlists</h2>
        <form className="row" onSubmit={onCreate} style={{ marginBottom: 12, alignItems: "end" }}>
          <div style={{ flex: 1, minWidth: 200 }}>
            <label htmlFor="playlist-name">New playlist name</label>
            <input
              id="playlist-name"
              type="text"
              ref={nameRef}
              value={name}
              maxLength={LIMITS.playlistNameMax}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <label className="check" htmlFor="playlist-public">
            <input
              id="playlist-public"
              type="checkbox"
              checked={isPublic}
              onChange={(e) => setIsPublic(e.target.checked)}
            />
            Public
          </label>
          <button type="submit" className="btn" disabled={create.isPending || !name.trim()}>
            Create playlist
          </button>
        </form>
        {create.error && (
          <p className="error" role="alert">
            {errorMessage(create.error)}
          </p>
        )}
        {lists.length === 0 ? (
          <p className="muted">No playlists yet.</p>
        ) : (
          <ul className="list" aria-label="Your playlists">
            {lists.map((p) => (
              <li key={p.id} className="row between">
                <Link href={`/playlists/${p.id}`}>{p.name}</Link>
                <span className="small muted">
                  {formatCount(p.songCount, "song")} · {p.isPublic ? "Public" : "Private"}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
