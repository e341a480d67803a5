"use client";

import type { RouterOutputs } from "@harmoniq/api";

type Song = RouterOutputs["song"]["byId"];
type Status = Song["status"];
type RenderProgress = NonNullable<Song["progress"]>;

const STEPS: { key: string; label: string }[] = [
  { key: "composing", label: "Composing" },
  { key: "queued", label: "Queued" },
  { key: "rendering", label: "Rendering audio" },
  { key: "ready", label: "Ready" },
];

/** "Section 3 of 8: chorus" — the section the render is making now. */
export function sectionLabel(progress: RenderProgress): string {
  return `Section ${progress.section + 1} of ${progress.sections}: ${progress.kind}`;
}

/**
 * The render's own progress, section by section, as the server last reported it. Before the
 * first report the bar has no value (indeterminate) rather than a guessed one.
 */
function RenderBar({ progress }: { progress: RenderProgress | null }) {
  const percent = progress ? Math.round(progress.fraction * 100) : null;
  const label = progress ? sectionLabel(progress) : "Starting the render";
  return (
    <div style={{ marginTop: 8 }}>
      <div
        className="bar"
        role="progressbar"
        aria-label="Rendering audio"
        aria-valuemin={0}
        aria-valuemax={100}
        {...(percent !== null
          ? { "aria-valuenow": percent, "aria-valuetext": `${label}, ${percent}% rendered` }
          : { "aria-valuetext": label })}
        data-testid="render-progress"
      >
        <div style={{ width: `${percent ?? 0}%` }} />
      </div>
      <p className="small muted" style={{ marginTop: 6 }} data-testid="render-progress-label">
        {label}
        {percent !== null ? ` · ${percent}% rendered` : "…"}
      </p>
    </div>
  );
}

/** Where a song is between the request and its audio. */
export function SongProgress({
  status,
  message,
  progress = null,
}: {
  status: Status | "composing";
  message?: string | null;
  /** The render's progress (song.byId's `progress`): null until the render reports. */
  progress?: RenderProgress | null;
}) {
  if (status === "failed") {
    return (
      <p className="error" role="alert" data-testid="song-progress" data-status={status}>
        Rendering failed, so this song has no audio: {message ?? "unknown error"}
      </p>
    );
  }
  const at = STEPS.findIndex((s) => s.key === status);
  return (
    <div role="status" aria-live="polite" data-testid="song-progress" data-status={status}>
      <ol className="progress-steps" aria-label="Progress">
        {STEPS.map((step, i) => (
          <li
            key={step.key}
            data-state={i < at || status === "ready" ? "done" : i === at ? "active" : "todo"}
          >
            {i < at || status === "ready" ? "✓ " : ""}
            {step.label}
          </li>
        ))}
      </ol>
      {status === "rendering" ? (
        <RenderBar progress={progress} />
      ) : (
        <>
          <div className="bar" style={{ marginTop: 8 }} aria-hidden="true">
            <div style={{ width: `${((at + 1) / STEPS.length) * 100}%` }} />
          </div>
          <p className="small muted" style={{ marginTop: 6 }}>
            Status: {status === "composing" ? "composing the score" : status}
          </p>
        </>
      )}
    </div>
  );
}
