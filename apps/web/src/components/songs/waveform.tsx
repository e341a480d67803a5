"use client";

import { decodeWaveform } from "@harmoniq/music/waveform";
import { useMemo, type KeyboardEvent, type MouseEvent } from "react";
import { formatTime } from "@/lib/format";

export interface WaveMarker {
  id: string;
  atSec: number;
  label: string;
}

/** Bars from the song's peaks (0..1) as SVG; the played part is coloured. */
function Bars({ peaks, progress }: { peaks: number[]; progress: number }) {
  const n = Math.max(peaks.length, 1);
  return (
    <svg viewBox={`0 0 ${n} 100`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
      {peaks.map((p, i) => {
        const h = Math.max(2, Math.min(1, p) * 100);
        return (
          <rect
            key={i}
            x={i + 0.15}
            y={(100 - h) / 2}
            width={0.7}
            height={h}
            fill={i / n < progress ? "#c9b6ff" : "#4a5266"}
          />
        );
      })}
    </svg>
  );
}

export function MiniWave({ waveform }: { waveform: string | null }) {
  const peaks = useMemo(() => decodeWaveform(waveform), [waveform]);
  if (peaks.length === 0) return null;
  const step = Math.max(1, Math.floor(peaks.length / 60));
  const reduced = peaks.filter((_, i) => i % step === 0);
  return (
    <div className="mini-wave">
      <Bars peaks={reduced} progress={0} />
    </div>
  );
}

/**
 * The song's waveform as a seek slider: click to seek, arrow keys move 5 s, Home/End jump.
 * Comment markers sit above it.
 */
export function Waveform({
  waveform,
  duration,
  currentTime,
  onSeek,
  markers = [],
  onMarker,
  title,
}: {
  /** The song's waveform as stored (compact text, see @harmoniq/music/waveform). */
  waveform: string | null;
  duration: number;
  currentTime: number;
  onSeek: (sec: number) => void;
  markers?: WaveMarker[];
  onMarker?: (marker: WaveMarker) => void;
  title: string;
}) {
  const peaks = useMemo(() => decodeWaveform(waveform), [waveform]);
  const progress = duration > 0 ? currentTime / duration : 0;
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const ratio = Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width));
    onSeek(ratio * duration);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = {
      ArrowRight: currentTime + 5,
      ArrowUp: currentTime + 5,
      ArrowLeft: currentTime - 5,
      ArrowDown: currentTime - 5,
      PageUp: currentTime + 15,
      PageDown: currentTime - 15,
      Home: 0,
      End: Math.max(0, duration - 0.5),
    };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    onSeek(Math.min(duration, Math.max(0, to)));
  };
  return (
    <div style={{ position: "relative" }}>
      <div
        className="waveform"
        role="slider"
        tabIndex={0}
        aria-label={`Seek in ${title}`}
        aria-valuemin={0}
        aria-valuemax={Math.round(duration)}
        aria-valuenow={Math.round(currentTime)}
        aria-valuetext={`${formatTime(currentTime)} of ${formatTime(duration)}`}
        onClick={onClick}
        onKeyDown={onKeyDown}
        data-testid="waveform"
      >
        <Bars
          peaks={peaks.length > 0 ? peaks : new Array<number>(100).fill(0.05)}
          progress={progress}
        />
      </div>
      {duration > 0 &&
        markers.map((m) => (
          <button
            key={m.id}
            type="button"
            className="marker"
            style={{
              left: `${Math.min(100, (m.atSec / duration) * 100)}%`,
              position: "absolute",
              top: 0,
            }}
            aria-label={`Comment at ${formatTime(m.atSec)}: ${m.label}`}
            title={`${formatTime(m.atSec)} ${m.label}`}
            onClick={() => onMarker?.(m)}
          />
        ))}
    </div>
  );
}
