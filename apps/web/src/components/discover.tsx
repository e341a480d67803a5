"use client";

import { FEED_SORTS, type SongFeedSort } from "@harmoniq/db/constants";
import { GENRES, MOODS } from "@harmoniq/vocabulary";
import { useInfiniteQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { feedInputFrom } from "@/lib/feed";
import { errorMessage } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import { SongGrid } from "./songs/song-card";

const SORT_LABELS: Record<SongFeedSort, string> = {
  new: "New",
  top: "Top",
  trending: "Trending",
  following: "Following",
};

export function Discover({ signedIn }: { signedIn: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const input = feedInputFrom((name) => params.get(name), { signedIn });
  const following = input.sort === "following";
  // The Following feed has no search or filters; signed-out visitors do not see its tab.
  const sorts: readonly SongFeedSort[] = signedIn ? [...FEED_SORTS, "following"] : FEED_SORTS;
  const [q, setQ] = useState(input.q ?? "");
  const feed = useInfiniteQuery(
    trpc.song.feed.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor }),
  );
  const sentinel = useRef<HTMLDivElement | null>(null);

  const setParam = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const qs = next.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = feed;
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const songs = feed.data?.pages.flatMap((p) => p.items) ?? [];
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    setParam({ q: q.trim() || undefined });
  };

  return (
    <section aria-labelledby="discover-title">
      <h1 id="discover-title">Discover</h1>
      <form role="search" className="filters" onSubmit={onSearch} hidden={following}>
        <div>
          <label htmlFor="q" className="sr-only">
            Search songs
          </label>
          <div className="row" style={{ flexWrap: "nowrap" }}>
            <input
              id="q"
              type="search"
              placeholder="Search titles, lyrics, descriptions"
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
            <button type="submit" className="btn">
              Search
            </button>
          </div>
        </div>
        <div>
          <label htmlFor="genre" className="sr-only">
            Genre
          </label>
          <select
            id="genre"
            value={input.genre ?? ""}
            onChange={(e) => setParam({ genre: e.target.value || undefined })}
          >
            <option value="">All genres</option>
            {GENRES.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="mood" className="sr-only">
            Mood
          </label>
          <select
            id="mood"
            value={input.mood ?? ""}
            onChange={(e) => setParam({ mood: e.target.value || undefined })}
          >
            <option value="">All moods</option>
            {MOODS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
      </form>
      <div className="tabs" role="tablist" aria-label="Sort songs">
        {sorts.map((sort) => (
          <button
            key={sort}
            type="button"
            role="tab"
            aria-selected={input.sort === sort}
            aria-controls="feed-panel"
            onClick={() => setParam({ sort: sort === "new" ? undefined : sort })}
          >
            {SORT_LABELS[sort]}
          </button>
        ))}
      </div>
      <div id="feed-panel" role="tabpanel" aria-label={`${SORT_LABELS[input.sort]} songs`}>
        {feed.isPending ? (
          <p className="loading" role="status">
            <span className="spinner" aria-hidden="true" /> Loading songs…
          </p>
        ) : feed.isError ? (
          <p className="error" role="alert">
            {errorMessage(feed.error)}
          </p>
        ) : songs.length === 0 && following ? (
          <div className="panel empty">
            <h2>Nothing here yet</h2>
            <p className="muted">Follow creators to see their songs here.</p>
          </div>
        ) : songs.length === 0 ? (
          <div className="panel empty">
            <h2>No songs found</h2>
            <p className="muted">Try another search or filter, or create the first one.</p>
          </div>
        ) : (
          <SongGrid songs={songs} label="Songs" />
        )}
        <div ref={sentinel} />
        {hasNextPage && (
          <div className="row" style={{ justifyContent: "center", marginTop: 16 }}>
            <button
              type="button"
              className="btn ghost"
              onClick={() => void fetchNextPage()}
              disabled={isFetchingNextPage}
            >
              {isFetchingNextPage ? "Loading…" : "Load more"}
            </button>
          </div>
        )}
      </div>
    </section>
  );
}
