/**
 * The origin of a studio pass's score: what the pass rewrote, recorded so the original score can
 * be rebuilt exactly from the new one (`originalOf`). The pass's audio is the original's audio
 * with the new stretch spliced in, so a score that can rebuild its original can always have its
 * audio rendered again — even once the original song is gone.
 *
 * It works because a pass only ever rewrites one beat window: outside it every part's events are
 * the original's, in the original's order, so putting the original's window events back at their
 * old indices gives back the original arrays.
 */
import type { Engine2Composition, StudioOrigin } from "../types";
import { inWindow } from "./recompose";
import type { BeatWindow } from "./recompose";

const toWindow = (w: StudioOrigin["window"]): BeatWindow => ({
  from: w.from,
  to: w.to ?? Number.POSITIVE_INFINITY,
});

/** The original's events inside the window, each with its index. */
function inside<T extends [number, ...number[]]>(xs: T[], w: BeatWindow): [number, T][] {
  const out: [number, T][] = [];
  xs.forEach((e, i) => {
    if (inWindow(w, e[0])) out.push([i, e]);
  });
  return out;
}

/**
 * The record of a pass that rewrote `window` of `original` at `section`, changing the section list
 * from `sectionsFrom` on.
 */
export function recordOrigin(
  original: Engine2Composition,
  pass: StudioOrigin["pass"],
  at: { section: number; sectionsFrom: number; window: BeatWindow },
): StudioOrigin {
  const { section, sectionsFrom, window } = at;
  return {
    pass,
    section,
    sectionsFrom,
    window: { from: window.from, to: Number.isFinite(window.to) ? window.to : null },
    parts: original.parts.map((p) => ({
      id: p.id,
      notes: inside(p.notes, window),
      controllers: inside(p.controllers, window),
      bends: inside(p.bends, window),
    })),
    chords: original.chords.filter((ch) => inWindow(window, ch.startBeat)),
    sections: original.sections.slice(sectionsFrom),
    durationSec: original.durationSec,
    totalBeats: original.totalBeats,
    vocals: original.vocals,
    lyrics: original.lyrics,
    origin: original.origin ?? null,
  };
}

/** Events outside the window, with the original's window events put back at their indices. */
function restore<T extends [number, ...number[]]>(
  xs: T[],
  back: [number, T][],
  w: BeatWindow,
): T[] {
  const out = xs.filter((e) => !inWindow(w, e[0]));
  for (const [i, e] of back) out.splice(i, 0, e);
  return out;
}

/** The score a studio pass started from, rebuilt exactly; null when `c` was not made by a pass. */
export function originalOf(c: Engine2Composition): Engine2Composition | null {
  const o = c.origin;
  if (!o) return null;
  const w = toWindow(o.window);
  const parts = o.parts.map((r) => {
    const p = c.parts.find((x) => x.id === r.id);
    if (!p) throw new Error(`studio origin: part "${r.id}" is missing from the score`);
    return {
      ...p,
      notes: restore(p.notes, r.notes, w),
      controllers: restore(p.controllers, r.controllers, w),
      bends: restore(p.bends, r.bends, w),
    };
  });
  const { origin: _origin, ...rest } = c;
  const original: Engine2Composition = {
    ...rest,
    durationSec: o.durationSec,
    totalBeats: o.totalBeats,
    sections: [...c.sections.slice(0, o.sectionsFrom), ...o.sections],
    chords: [...c.chords.filter((ch) => !inWindow(w, ch.startBeat)), ...o.chords].sort(
      (a, b) => a.startBeat - b.startBeat,
    ),
    parts,
    vocals: o.vocals,
    lyrics: o.lyrics,
  };
  if (o.origin) original.origin = o.origin;
  return original;
}
