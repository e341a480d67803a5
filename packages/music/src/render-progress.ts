/**
 * How far a render has got, section by section: what the render pool reports to whoever queued
 * a song while its audio is being made ("section 3 of 8: chorus", 40 %).
 */
import type { Composition, FormSectionKind, SongSectionKind } from "./types";
import { isEngine2 } from "./types";
import { SAMPLE_RATE } from "./wav";

export interface RenderProgress {
  /** Share of the song's audio rendered, 0..1 (1: the whole song). */
  fraction: number;
  /** 0-based index of the section being rendered (the last one once the song is done). */
  section: number;
  /** How many sections the song has. */
  sections: number;
  /** The kind of that section (intro, verse, chorus…). */
  kind: SongSectionKind | FormSectionKind;
}

/**
 * A section counts as started this early: the master limiter's look-ahead holds back the last
 * few milliseconds of every section until the next one renders, so audio finished up to a
 * section's start stops just short of it.
 */
const START_SLACK_SEC = 0.05;

/** Each section's kind and start (seconds), for either engine. */
function sectionStarts(c: Composition): { kind: RenderProgress["kind"]; startSec: number }[] {
  if (isEngine2(c)) return c.sections.map((s) => ({ kind: s.kind, startSec: s.startSec }));
  // Engine-1 scores list their form in bars; its bars are all the same length.
  const bars = c.form.reduce((n, s) => Math.max(n, s.startBar + s.bars), 0) || 1;
  return c.form.map((s) => ({ kind: s.kind, startSec: (s.startBar / bars) * c.durationSec }));
}

/**
 * A stored report (fraction and section index) told in full for `c`: how many sections, and the
 * kind of the one being rendered (an index past the score's sections is read as its last).
 */
export function describeRenderProgress(
  c: Composition,
  { fraction, section }: { fraction: number; section: number },
): RenderProgress {
  const starts = sectionStarts(c);
  const sections = Math.max(1, starts.length);
  const at = Math.min(Math.max(0, Math.trunc(section)), sections - 1);
  return {
    fraction: Math.min(1, Math.max(0, fraction)),
    section: at,
    sections,
    kind: starts[at]?.kind ?? "verse",
  };
}

/**
 * The progress of a render that has finished `framesDone` of the song's `totalFrames` audio
 * frames: the fraction, and the section the next frame belongs to.
 */
export function renderProgressAt(
  c: Composition,
  framesDone: number,
  totalFrames: number,
): RenderProgress {
  const fraction = totalFrames > 0 ? Math.min(1, Math.max(0, framesDone / totalFrames)) : 1;
  if (fraction >= 1) return describeRenderProgress(c, { fraction, section: Infinity });
  const at = framesDone / SAMPLE_RATE + START_SLACK_SEC;
  let section = 0;
  sectionStarts(c).forEach((s, i) => {
    if (s.startSec <= at) section = i;
  });
  return describeRenderProgress(c, { fraction, section });
}
