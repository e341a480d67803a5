import { beforeAll, describe, expect, it } from "vitest";
import { composeEngine2 } from "../compose";
import { extendComposition, replaceSectionComposition } from "../compose/studio";
import type { Engine2Composition } from "../types";
import { SAMPLE_RATE, decodeWavStereo } from "../wav";
import { renderStems } from "./index";
import type { StemsResult } from "./index";
import { SPLICE_CROSSFADE_SEC, renderStudioSong, studioSpliceWindow } from "./splice";
import { renderStudioStems } from "./studio-stems";

const SLOW = 300_000;
const XFADE = Math.round(SPLICE_CROSSFADE_SEC * SAMPLE_RATE);

const original: Engine2Composition = composeEngine2({
  creationMode: "description",
  description: "city lights after midnight",
  mood: "Happy",
  genre: "Pop",
  seed: 7,
  durationSec: 24,
  vocals: "instrumental",
});
let originalStems: StemsResult;

beforeAll(async () => {
  originalStems = await renderStems(original);
}, SLOW);

const channels = (r: StemsResult) =>
  new Map(r.stems.map((s) => [s.name, decodeWavStereo(s.wav)] as const));

/** Frames of `a` and `b` in [from, to) that differ at all (left or right). */
function differing(
  a: { left: Float32Array; right: Float32Array },
  b: { left: Float32Array; right: Float32Array },
  from: number,
  to: number,
): number {
  let n = 0;
  for (let i = from; i < to; i++) if (a.left[i] !== b.left[i] || a.right[i] !== b.right[i]) n++;
  return n;
}

async function checkPass(pass: Engine2Composition) {
  const { window } = studioSpliceWindow(pass)!;
  const [spliced, fresh] = [await renderStudioStems(pass), await renderStems(pass)];
  // The finished song is the pass's audio, byte for byte.
  const song = await renderStudioSong(pass, { originalWav: originalStems.wav });
  expect(Buffer.from(spliced.wav).equals(Buffer.from(song))).toBe(true);
  expect(spliced.stems.map((s) => s.name)).toEqual(fresh.stems.map((s) => s.name));

  const got = channels(spliced);
  const before = channels(originalStems);
  const after = channels(fresh);
  const frames = (song.length - 44) / 4;
  const to = window.to ?? frames;
  for (const [name, stem] of got) {
    expect(stem.left.length).toBe(frames);
    // The original's stem outside the new stretch, the new score's inside it, exactly.
    expect(differing(stem, before.get(name)!, 0, window.from - XFADE)).toBe(0);
    if (window.to !== undefined) expect(differing(stem, before.get(name)!, to, frames)).toBe(0);
    expect(differing(stem, after.get(name)!, window.from, to - (window.to ? XFADE : 0))).toBe(0);
  }
  // The stems still add up to the pre-master mix.
  const premaster = decodeWavStereo(spliced.premaster);
  let worst = 0;
  for (let i = 0; i < frames; i += 7) {
    let sum = 0;
    for (const stem of got.values()) sum += stem.left[i]!;
    worst = Math.max(worst, Math.abs(sum - premaster.left[i]!));
  }
  expect(worst).toBeLessThan(1e-5);
  return spliced;
}

describe("renderStudioStems: a studio pass's stems, spliced like its audio", () => {
  it(
    "a replaced section: the original's stems outside it, the new score's inside",
    async () => {
      const replaced = replaceSectionComposition(original, { section: 1, seed: 99 });
      expect(studioSpliceWindow(replaced)!.window.to).toBeGreaterThan(
        studioSpliceWindow(replaced)!.window.from,
      );
      await checkPass(replaced);
    },
    SLOW,
  );

  it(
    "an extension: the original's stems, then the continuation's",
    async () => {
      const extended = extendComposition(original, { durationSec: 12, seed: 5 });
      expect(studioSpliceWindow(extended)!.window.to).toBeUndefined();
      await checkPass(extended);
    },
    SLOW,
  );

  it(
    "a score not made by a pass renders its stems as usual",
    async () => {
      expect(studioSpliceWindow(original)).toBeNull();
      const r = await renderStudioStems(original);
      expect(Buffer.from(r.wav).equals(Buffer.from(originalStems.wav))).toBe(true);
    },
    SLOW,
  );
});
