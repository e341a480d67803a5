"use client";

import type { RouterOutputs } from "@harmoniq/api";
import Link from "next/link";
import { usePlayer } from "@/components/player";
import { toTrack } from "@/components/track";
import { coverAlt, coverSrcSet, coverUrl } from "@/lib/cover";
import { formatCount } from "@/lib/format";
import { MiniWave } from "./waveform";

export type SongSummary = RouterOutputs["song"]["feed"]["items"][number];

type Reposter = { id: string; name: string; handle: string };

export function SongCard({ song, queue }: { song: SongSummary; queue?: SongSummary[] }) {
  const player = usePlayer();
  const isCurrent = player.current?.id === song.id;
  const ready = song.status === "ready";
  const playable = (queue ?? [song]).filter((s) => s.status === "ready");
  // Items of the following feed say who I follow reposted them (null: the creator's own post).
  const repostedBy = "repostedBy" in song ? (song.repostedBy as Reposter | null) : null;
  return (
    <li className="card" data-testid="song-card">
      <img
        className="card-cover"
        src={coverUrl(song, { size: 512 })}
        srcSet={coverSrcSet(song)}
        sizes="(max-width: 540px) 100vw, 300px"
        alt={coverAlt(song)}
        width={512}
        height={512}
        loading="lazy"
        decoding="async"
      />
      <div className="row between">
        <h3>
          <Link href={`/songs/${song.id}`}>{song.title}</Link>
        </h3>
        <button
          type="button"
          className="icon-btn play small"
          disabled={!ready}
          aria-label={isCurrent && player.playing ? `Pause ${song.title}` : `Play ${song.title}`}
          onClick={() => {
            if (isCurrent) player.toggle();
            else
              player.playQueue(
                playable.map(toTrack),
                Math.max(
                  0,
                  playable.findIndex((s) => s.id === song.id),
                ),
              );
          }}
        >
          {isCurrent && player.playing ? "❚❚" : "▶"}
        </button>
      </div>
      <span className="small muted">
        by <Link href={`/u/${song.author.handle}`}>{song.author.name}</Link>
      </span>
      {repostedBy && (
        <span className="small muted reposted-by" data-testid="reposted-by">
          <span aria-hidden="true">⟲ </span>reposted by{" "}
          <Link href={`/u/${repostedBy.handle}`}>{repostedBy.name}</Link>
        </span>
      )}
      <MiniWave waveform={song.waveform} />
      <div className="tags">
        <span className="tag">{song.mood}</span>
        <span className="tag">{song.genre}</span>
        {!song.isPublic && <span className="tag private">Private</span>}
      </div>
      {!ready && (
        <span className={`status ${song.status}`}>
          {song.status === "failed"
            ? "Failed"
            : song.status === "queued"
              ? "Queued…"
              : "Rendering…"}
        </span>
      )}
      <span className="small muted">
        {formatCount(song.playCount, "play")} · {formatCount(song.likeCount, "like")} ·{" "}
        {formatCount(song.commentCount, "comment")}
        {song.repostCount > 0 && <> · {formatCount(song.repostCount, "repost")}</>}
      </span>
    </li>
  );
}

export function SongGrid({ songs, label }: { songs: SongSummary[]; label: string }) {
  return (
    <ul className="cards" aria-label={label}>
      {songs.map((song) => (
        <SongCard key={song.id} song={song} queue={songs} />
      ))}
    </ul>
  );
}
