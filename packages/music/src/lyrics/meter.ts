/**
 * Meter: how well a line's stresses fall into a regular pulse, so the composer can put stressed
 * syllables on strong beats. Stresses come from the pronouncing dictionary (`lineStresses`).
 */
import { lineStresses, type Stress } from "../phonetics";
import type { LyricSectionKind } from "./parse";

export interface LineMeter {
  /** Syllables sung. */
  syllables: number;
  /** Stress per syllable (0 weak, 1 primary, 2 secondary); one-syllable function words are 0. */
  stresses: Stress[];
}

const wordStress = new Map<string, Stress[]>();

/** Syllables and stresses of a line, word by word as countSyllables splits it. */
export function lineMeter(line: string): LineMeter {
  const stresses: Stress[] = [];
  for (const token of line.split(/\s+/)) {
    if (!/[\p{L}\p{N}]/u.test(token)) continue;
    let s = wordStress.get(token);
    if (!s) {
      s = wordStresses(token);
      if (wordStress.size < 50_000) wordStress.set(token, s);
    }
    for (const x of s) stresses.push(x);
  }
  return { syllables: stresses.length, stresses };
}

function wordStresses(token: string): Stress[] {
  const s = lineStresses(token);
  if (s.length > 0) return s;
  // Digits: one syllable each, as countSyllables counts them.
  const digits = token.replace(/[^0-9]/g, "").length;
  return Array.from({ length: Math.max(1, digits) }, (): Stress => 1);
}

/**
 * 0 for a line that alternates weak/strong perfectly (either phase), growing with stressed
 * syllables on weak positions and with runs of three or more weak syllables. Per syllable.
 */
export function meterCost(stresses: readonly Stress[]): number {
  if (stresses.length === 0) return 1;
  let best = Infinity;
  for (const phase of [0, 1]) {
    let cost = 0;
    for (let i = 0; i < stresses.length; i++) {
      const strong = (i + phase) % 2 === 1;
      const s = stresses[i] ?? 0;
      if (!strong && s === 1) cost += 1;
      else if (strong && s === 0) cost += 0.35;
    }
    best = Math.min(best, cost);
  }
  let run = 0;
  for (const s of stresses) {
    run = s === 0 ? run + 1 : 0;
    if (run >= 3) best += 0.5;
  }
  // A line should land on a stress (or a stress then one weak syllable).
  const tail = stresses.slice(-2);
  if (tail.every((s) => s === 0)) best += 1;
  return best / stresses.length;
}

/** Syllable ranges that sing well per section kind: [min, ideal, max]. */
export const SYLLABLE_RANGE: Record<LyricSectionKind | "hook", [number, number, number]> = {
  verse: [6, 8, 10],
  "pre-chorus": [5, 7, 9],
  chorus: [5, 7, 9],
  hook: [5, 6, 9],
  bridge: [6, 8, 10],
  intro: [3, 5, 8],
  outro: [3, 6, 9],
};

export function lengthCost(syllables: number, range: [number, number, number]): number {
  const [min, ideal, max] = range;
  if (syllables < min) return 2 + (min - syllables);
  if (syllables > max) return 2 + (syllables - max);
  return Math.abs(syllables - ideal) * 0.15;
}
