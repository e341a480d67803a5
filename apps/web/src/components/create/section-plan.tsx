"use client";

import type { RouterOutputs } from "@harmoniq/api";
import { formatTime } from "@/lib/format";

type Song = RouterOutputs["song"]["byId"];

/**
 * The song's sections as its score plans them (engine-2 scores list them; engine-1 scores do
 * not). The render worker renders the whole song in one pass and reports no per-section
 * progress, so the sections are shown as the plan: all to come while the audio renders, all
 * done once it is ready, rather than a made-up section-by-section bar.
 */
export function SectionPlan({ song }: { song: Pick<Song, "composition" | "status"> }) {
  const sections =
    song.composition && "sections" in song.composition ? song.composition.sections : null;
  if (!sections || sections.length === 0) return null;
  const ready = song.status === "ready";
  return (
    <div data-testid="section-plan">
      <p className="small muted" style={{ marginTop: 8 }}>
        {ready
          ? `All ${sections.length} sections rendered.`
          : `${sections.length} sections, rendered together in one pass:`}
      </p>
      <ol className="progress-steps" aria-label="Sections">
        {sections.map((section) => (
          <li
            key={`${section.startBar}-${section.label}`}
            data-state={ready ? "done" : song.status === "rendering" ? "active" : "todo"}
          >
            {ready ? "✓ " : ""}
            {section.label}{" "}
            <span className="hint">
              {formatTime(section.startSec)}–{formatTime(section.endSec)}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
