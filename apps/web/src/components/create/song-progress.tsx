"use client";

import type { RouterOutputs } from "@harmoniq/api";

type Status = RouterOutputs["song"]["byId"]["status"];

const STEPS: { key: string; label: string }[] = [
  { key: "composing", label: "Composing" },
  { key: "queued", label: "Queued" },
  { key: "rendering", label: "Rendering audio" },
  { key: "ready", label: "Ready" },
];

/** Where a song is between the request and its audio. */
export function SongProgress({
  status,
  message,
}: {
  status: Status | "composing";
  message?: string | null;
}) {
  if (status === "failed") {
    return (
      <p className="error" role="alert">
        Rendering failed: {message ?? "unknown error"}
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
      <div className="bar" style={{ marginTop: 8 }} aria-hidden="true">
        <div style={{ width: `${((at + 1) / STEPS.length) * 100}%` }} />
      </div>
      <p className="small muted" style={{ marginTop: 6 }}>
        Status: {status === "composing" ? "composing the score" : status}
      </p>
    </div>
  );
}
