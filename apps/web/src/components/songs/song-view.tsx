"use client";

import type { RouterOutputs } from "@harmoniq/api";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePlayer, usePlayerTime } from "@/components/player";
import { toTrack } from "@/components/track";
import { SongProgress } from "@/components/create/song-progress";
import { coverAlt, coverSrcSet, coverUrl } from "@/lib/cover";
import { formatCount, formatDate, formatTime } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import { Comments } from "./comments";
import { CoverUpload } from "./cover-upload";
import { CreatorFollow } from "./creator-follow";
import { InferencePanel } from "./inference-panel";
import { LikeButton } from "./like-button";
import { RepostButton } from "./repost-button";
import { AddToPlaylist, OwnerTools, RemixForm, ShareButton } from "./song-actions";
import { StemsDownload } from "./stems-download";
import { StudioPasses } from "./studio-passes";
import { ParentLink, SongVersions } from "./versions";
import { Waveform } from "./waveform";

type Song = RouterOutputs["song"]["byId"];

function Lyrics({ song, time, active }: { song: Song; time: number; active: boolean }) {
  const lines = song.composition?.lyrics?.lines ?? [];
  const tempo = song.composition?.tempo ?? 120;
  if (lines.length === 0) {
    return song.lyrics ? (
      <p className="lyrics">{song.lyrics}</p>
    ) : (
      <p className="muted">This song has no lyrics.</p>
    );
  }
  let current = -1;
  if (active) {
    for (let i = 0; i < lines.length; i++) {
      if ((lines[i]!.startBeat * 60) / tempo <= time) current = i;
      else break;
    }
  }
  return (
    <div className="lyrics">
      <ol aria-label="Lyrics">
        {lines.map((line, i) => (
          <li key={i} aria-current={i === current ? "true" : undefined}>
            {line.text}
          </li>
        ))}
      </ol>
    </div>
  );
}

export function SongView({ id, viewerId }: { id: string; viewerId: string | null }) {
  const trpc = useTRPC();
  const { data: song } = useQuery({
    ...trpc.song.byId.queryOptions({ id }),
    refetchInterval: (q) => {
      const s = q.state.data?.status;
      return s === "queued" || s === "rendering" ? 1000 : false;
    },
  });
  const comments = useQuery(trpc.comment.list.queryOptions({ songId: id, limit: 50 }));
  const player = usePlayer();
  const { currentTime, duration: playerDuration } = usePlayerTime();
  if (!song) return null;
  const isCurrent = player.current?.id === song.id;
  const time = isCurrent ? currentTime : 0;
  const duration = isCurrent && playerDuration > 0 ? playerDuration : song.durationSec;
  const ready = song.status === "ready";
  const isOwner = viewerId === song.ownerId;

  const playFrom = (sec?: number) => {
    if (isCurrent && sec !== undefined) player.seek(sec);
    else if (isCurrent) player.toggle();
    else player.playTrack(toTrack(song), sec);
  };
  const markers = (comments.data?.items ?? [])
    .filter((c) => c.atSec != null)
    .map((c) => ({
      id: c.id,
      atSec: c.atSec!,
      label: `${c.author.name}: ${c.content.slice(0, 60)}`,
    }));

  return (
    <article className="stack" aria-labelledby="song-title">
      <header className="song-head">
        <img
          className="song-cover"
          src={coverUrl(song)}
          srcSet={coverSrcSet(song)}
          sizes="(max-width: 520px) 320px, 240px"
          alt={coverAlt(song)}
          width={240}
          height={240}
          fetchPriority="high"
          decoding="async"
          data-testid="song-cover"
        />
        <div className="song-head-text">
          <h1 id="song-title">{song.title}</h1>
          <p className="muted">
            by <Link href={`/u/${song.author.handle}`}>{song.author.name}</Link> ·{" "}
            {formatDate(song.createdAt)}
            <ParentLink versions={song.versions} />
          </p>
          {!isOwner && <CreatorFollow song={song} signedIn={viewerId !== null} />}
          <div className="tags">
            <span className="tag">Mood: {song.mood}</span>
            <span className="tag">Genre: {song.genre}</span>
            {song.composition && (
              <span className="tag">{Math.round(song.composition.tempo)} BPM</span>
            )}
            {song.composition && <span className="tag">{song.composition.key.name}</span>}
            <span className={`tag ${song.isPublic ? "" : "private"}`}>
              {song.isPublic ? "Public" : "Private"}
            </span>
          </div>
        </div>
      </header>

      {!ready && (
        <section className="panel" aria-label="Rendering progress">
          <SongProgress
            status={song.status}
            message={song.statusMessage}
            progress={song.progress}
          />
        </section>
      )}

      <div className="song-layout">
        <div className="stack">
          <section className="panel" aria-label="Player">
            <div className="row" style={{ marginBottom: 12 }}>
              <button
                type="button"
                className="icon-btn play"
                onClick={() => playFrom()}
                disabled={!ready}
                aria-label={isCurrent && player.playing ? "Pause" : "Play"}
                data-testid="song-play"
              >
                {isCurrent && player.playing ? "❚❚" : "▶"}
              </button>
              <span className="muted" data-testid="song-time">
                {formatTime(time)} / {formatTime(duration)}
              </span>
              <span className="muted small" style={{ marginLeft: "auto" }} data-testid="play-count">
                {formatCount(song.playCount, "play")}
              </span>
              <LikeButton song={song} signedIn={Boolean(viewerId)} />
              {!isOwner && <RepostButton song={song} signedIn={Boolean(viewerId)} />}
            </div>
            <Waveform
              waveform={song.waveform}
              duration={duration}
              currentTime={time}
              title={song.title}
              markers={markers}
              onSeek={(sec) => ready && playFrom(sec)}
              onMarker={(m) => ready && playFrom(m.atSec)}
            />
            <p className="small muted" style={{ marginTop: 6 }}>
              Click the waveform or use the arrow keys on it to seek. Pink dots are timed comments.
            </p>
          </section>

          {song.creationMode === "image" && <InferencePanel song={song} />}
          {song.description && (
            <section className="panel" aria-labelledby="about-title">
              <h2 id="about-title">About</h2>
              <p>{song.description}</p>
            </section>
          )}

          <section className="panel" aria-labelledby="lyrics-title">
            <h2 id="lyrics-title">Lyrics</h2>
            <Lyrics song={song} time={time} active={isCurrent} />
          </section>

          <Comments
            songId={song.id}
            signedIn={Boolean(viewerId)}
            viewerId={viewerId}
            ownerId={song.ownerId}
            currentTime={time}
            duration={song.durationSec}
            onSeek={(s) => ready && playFrom(s)}
          />
        </div>

        <aside className="stack" aria-label="Song actions">
          <section className="panel stack" aria-labelledby="get-title">
            <h2 id="get-title">Share &amp; download</h2>
            <div className="row">
              <a
                className="btn ghost small"
                href={`/api/songs/${song.id}/audio?download=1`}
                download
                aria-disabled={!ready}
              >
                Download WAV
              </a>
              <a className="btn ghost small" href={`/api/songs/${song.id}/midi`} download>
                Download MIDI
              </a>
              <ShareButton id={song.id} embeddable={song.isPublic} />
            </div>
            <StemsDownload song={song} />
          </section>
          {viewerId ? (
            <>
              <AddToPlaylist songId={song.id} />
              <RemixForm song={song} />
              <StudioPasses song={song} />
            </>
          ) : (
            <p className="panel muted">
              <Link href={`/sign-in?next=/songs/${song.id}`}>Sign in</Link> to like, comment, remix
              or add to a playlist.
            </p>
          )}
          <SongVersions versions={song.versions} />
          {isOwner && <CoverUpload song={song} />}
          {isOwner && <OwnerTools song={song} />}
        </aside>
      </div>
    </article>
  );
}
