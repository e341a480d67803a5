"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from "react";
import { formatTime } from "@/lib/format";
import { useTRPC } from "@/trpc/client";

export interface Track {
  id: string;
  title: string;
  artist: string;
  handle?: string | null;
  /** The cover art's URL (coverUrl). */
  cover: string;
}

interface PlayerState {
  queue: Track[];
  index: number;
  current: Track | null;
  playing: boolean;
  /** Plays `tracks` from `start` (replacing the queue), optionally at a moment. */
  playQueue: (tracks: Track[], start?: number, atSec?: number) => void;
  playTrack: (track: Track, atSec?: number) => void;
  toggle: () => void;
  pause: () => void;
  next: () => void;
  previous: () => void;
  seek: (sec: number) => void;
}

interface PlayerTime {
  currentTime: number;
  duration: number;
}

const PlayerContext = createContext<PlayerState | null>(null);
const TimeContext = createContext<PlayerTime>({ currentTime: 0, duration: 0 });

export function usePlayer(): PlayerState {
  const value = useContext(PlayerContext);
  if (!value) throw new Error("usePlayer outside PlayerProvider");
  return value;
}
export const usePlayerTime = () => useContext(TimeContext);

/** What the player plays: the compressed stream (MP3). The WAV stays the download (`/audio?download`). */
export const streamUrl = (id: string) => `/api/songs/${id}/stream`;

/**
 * The playing file's length; 0 while unknown (before its metadata, or on a song's very first
 * play, which streams while its MP3 is encoded and has no length yet: Infinity).
 */
const durationOf = (audio: HTMLAudioElement) =>
  Number.isFinite(audio.duration) ? audio.duration : 0;

/** One <audio> element for the whole app: it lives in the root layout, so it survives navigation. */
export function PlayerProvider({ children }: { children: ReactNode }) {
  const audioRef = useRef<HTMLAudioElement | null>(null);
  const [queue, setQueue] = useState<Track[]>([]);
  const [index, setIndex] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState<PlayerTime>({ currentTime: 0, duration: 0 });
  const pendingSeek = useRef<number | null>(null);
  const counted = useRef(new Set<string>());
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const play = useMutation(
    trpc.song.play.mutationOptions({
      onSuccess: (data, vars) => {
        queryClient.setQueryData(trpc.song.byId.queryKey({ id: vars.id }), (old) =>
          old ? { ...old, playCount: data.playCount } : old,
        );
      },
    }),
  );
  const current = queue[index] ?? null;

  const load = useCallback((track: Track | undefined, atSec?: number) => {
    const audio = audioRef.current;
    if (!audio || !track) return;
    const src = streamUrl(track.id);
    pendingSeek.current = atSec ?? null;
    if (!audio.src.endsWith(src)) {
      audio.src = src;
      audio.load();
    } else if (atSec !== undefined) {
      audio.currentTime = atSec;
      pendingSeek.current = null;
    }
    void audio.play().catch(() => setPlaying(false));
  }, []);

  const playQueue = useCallback(
    (tracks: Track[], start = 0, atSec?: number) => {
      setQueue(tracks);
      setIndex(start);
      load(tracks[start], atSec);
    },
    [load],
  );
  const playTrack = useCallback(
    (track: Track, atSec?: number) => playQueue([track], 0, atSec),
    [playQueue],
  );
  const go = useCallback(
    (to: number) => {
      if (to < 0 || to >= queue.length) return;
      setIndex(to);
      load(queue[to]);
    },
    [queue, load],
  );
  const next = useCallback(() => go(index + 1), [go, index]);
  const previous = useCallback(() => {
    const audio = audioRef.current;
    if (audio && audio.currentTime > 3) audio.currentTime = 0;
    else go(index - 1);
  }, [go, index]);
  const toggle = useCallback(() => {
    const audio = audioRef.current;
    if (!audio || !current) return;
    if (audio.paused) void audio.play().catch(() => setPlaying(false));
    else audio.pause();
  }, [current]);
  const pause = useCallback(() => audioRef.current?.pause(), []);
  const seek = useCallback((sec: number) => {
    const audio = audioRef.current;
    if (!audio) return;
    audio.currentTime = Math.max(0, sec);
    setTime((t) => ({ ...t, currentTime: audio.currentTime }));
  }, []);

  // Smooth time updates while playing (lyrics highlight, waveform progress).
  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    let last = 0;
    const tick = (now: number) => {
      const audio = audioRef.current;
      if (audio && now - last > 100) {
        last = now;
        setTime({ currentTime: audio.currentTime, duration: durationOf(audio) });
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing]);

  const onPlaying = () => {
    setPlaying(true);
    if (current && !counted.current.has(current.id)) {
      counted.current.add(current.id);
      play.mutate({ id: current.id });
    }
  };

  const state = useMemo<PlayerState>(
    () => ({
      queue,
      index,
      current,
      playing,
      playQueue,
      playTrack,
      toggle,
      pause,
      next,
      previous,
      seek,
    }),
    [queue, index, current, playing, playQueue, playTrack, toggle, pause, next, previous, seek],
  );

  return (
    <PlayerContext.Provider value={state}>
      <TimeContext.Provider value={time}>
        {children}
        <audio
          ref={audioRef}
          preload="none"
          data-testid="player-audio"
          onPlaying={onPlaying}
          onPause={() => setPlaying(false)}
          onEnded={() => {
            setPlaying(false);
            if (index + 1 < queue.length) go(index + 1);
          }}
          onLoadedMetadata={(e) => {
            const audio = e.currentTarget;
            if (pendingSeek.current !== null) {
              audio.currentTime = pendingSeek.current;
              pendingSeek.current = null;
            }
            setTime({ currentTime: audio.currentTime, duration: durationOf(audio) });
          }}
          onTimeUpdate={(e) =>
            setTime({
              currentTime: e.currentTarget.currentTime,
              duration: durationOf(e.currentTarget),
            })
          }
        />
      </TimeContext.Provider>
    </PlayerContext.Provider>
  );
}

/** The bar at the bottom of every page. */
export function MiniPlayer() {
  const player = usePlayer();
  const { currentTime, duration } = usePlayerTime();
  const { current } = player;
  if (!current) return null;
  const progress = duration > 0 ? Math.min(100, (currentTime / duration) * 100) : 0;
  return (
    <section className="mini-player" aria-label="Player">
      <div className="mini-progress" aria-hidden="true">
        <div style={{ width: `${progress}%` }} />
      </div>
      <div className="mini-inner">
        <img
          className="mini-cover"
          src={current.cover}
          alt={`Cover art for “${current.title}”`}
          width={48}
          height={48}
          decoding="async"
        />
        <div className="mini-controls">
          <button
            type="button"
            className="icon-btn"
            onClick={player.previous}
            aria-label="Previous track"
          >
            ⏮
          </button>
          <button
            type="button"
            className="icon-btn play"
            onClick={player.toggle}
            aria-label={player.playing ? "Pause" : "Play"}
          >
            {player.playing ? "❚❚" : "▶"}
          </button>
          <button
            type="button"
            className="icon-btn"
            onClick={player.next}
            disabled={player.index + 1 >= player.queue.length}
            aria-label="Next track"
          >
            ⏭
          </button>
        </div>
        <div className="mini-meta">
          <Link href={`/songs/${current.id}`} className="mini-title">
            {current.title}
          </Link>
          <span className="muted small">{current.artist}</span>
        </div>
        <span className="muted small mini-time" aria-live="off">
          {formatTime(currentTime)} / {formatTime(duration)}
        </span>
        {player.queue.length > 1 && (
          <span className="muted small mini-queue">
            {player.index + 1} of {player.queue.length}
          </span>
        )}
      </div>
    </section>
  );
}
