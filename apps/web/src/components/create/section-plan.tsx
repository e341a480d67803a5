"use client";

import type { RouterOutputs } from "@harmoniq/api";
import { formatTime } from "@/lib/format";

type Song = RouterOutputs["song"]["byId"];
type SectionState = "done" | "active" | "todo";

/**
 * The song's sections as its score plans them (engine-2 scores list them; engine-1 scores do
 * not), marked as the render reports its progress: the sections before the one being rendered
 * are done, that one is active, the rest are to come; all done once the song is ready.
 */
export function SectionPlan({
  song,
}: {
  song: Pick<Song, "composition" | "status"> & { progress?: Song["progress"] };
}) {
  const sections =
    song.composition && "sections" in song.composition ? song.composition.sections : null;
  if (!sections || sections.length === 0) return null;
  const ready = song.status === "ready";
  const progress = song.status === "rendering" ? (song.progress ?? null) : null;
  const stateOf = (index: number): SectionState => {
    if (ready) return "done";
    if (!progress) return "todo";
    if (progress.fraction >= 1 || index < progress.section) return "done";
    return index === progress.section ? "active" : "todo";
  };
  const done = ready ? sections.length : sections.filter((_, i) => stateOf(i) === "done").length;
  return (
    <div data-testid="section-plan">
      <p className="small muted" style={{ marginTop: 8 }}>
        {ready
          ? `All ${sections.length} sections rendered.`
          : `${done} of ${sections.length} sections rendered:`}
      </p>
      <ol className="progress-steps" aria-label="Sections">
        {sections.map((section, i) => (
          <li
            key={`${section.startBar}-${section.label}`}
            data-state={stateOf(i)}
            {...(stateOf(i) === "active" ? { "aria-current": "step" as const } : {})}
          >
            {stateOf(i) === "done" ? "✓ " : ""}
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
