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

type Stereo = { left: Float32Array; right: Float32Array };

/**
 * The pass's mix before the master, built here from the two mixes themselves (not from stems):
 * the original's outside the new stretch, the new score's inside, with raised-cosine crossfades
 * ending at `from` and at `to`, as the song's audio is spliced.
 */
function mixBeforeMaster(
  original: Stereo,
  next: Stereo,
  window: { from: number; to?: number },
  frames: number,
): Stereo {
  const fadeIn = (i: number, n: number) => 0.5 - 0.5 * Math.cos((Math.PI * (i + 0.5)) / n);
  const x0 = Math.min(XFADE, window.from);
  const to = window.to ?? Infinity;
  const gainOfNext = (i: number): number => {
    if (i < window.from - x0 || i >= to) return 0;
    if (i < window.from) return fadeIn(i - (window.from - x0), x0);
    if (i >= to - XFADE) return 1 - fadeIn(i - (to - XFADE), XFADE);
    return 1;
  };
  const out = { left: new Float32Array(frames), right: new Float32Array(frames) };
  for (let i = 0; i < frames; i++) {
    const g = gainOfNext(i);
    out.left[i] = (original.left[i] ?? 0) * (1 - g) + (next.left[i] ?? 0) * g;
    out.right[i] = (original.right[i] ?? 0) * (1 - g) + (next.right[i] ?? 0) * g;
  }
  return out;
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
  // The stems add up to the pass's mix before the master within −60 dB of its peak, as any
  // song's do (the issue-12 rule): that mix is the original's with the new score's spliced in at
  // the same joints, as the song's finished audio is.
  const mix = mixBeforeMaster(
    decodeWavStereo(originalStems.premaster),
    decodeWavStereo(fresh.premaster),
    window,
    frames,
  );
  const returned = decodeWavStereo(spliced.premaster);
  let err = 0;
  let peak = 0;
  for (let i = 0; i < frames; i++) {
    let l = 0;
    let r = 0;
    for (const stem of got.values()) {
      l += stem.left[i]!;
      r += stem.right[i]!;
    }
    err = Math.max(err, Math.abs(l - mix.left[i]!), Math.abs(r - mix.right[i]!));
    err = Math.max(err, Math.abs(returned.left[i]! - mix.left[i]!));
    peak = Math.max(peak, Math.abs(mix.left[i]!), Math.abs(mix.right[i]!));
  }
  expect(peak).toBeGreaterThan(0.05);
  expect(20 * Math.log10(err / peak)).toBeLessThan(-60);
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
    "stems through one section are the whole render's first frames, in a WAV of that length",
    async () => {
      const head = await renderStems(original, { throughSection: 0 });
      const frames = (head.wav.length - 44) / 4;
      expect(decodeWavStereo(head.wav).left.length).toBe(frames);
      expect(frames).toBeLessThan((originalStems.wav.length - 44) / 4);
      const whole = channels(originalStems);
      for (const [name, stem] of channels(head)) {
        // Stems are before the master, so they run ahead of the WAV by its limiter's look-ahead.
        expect(stem.left.length).toBeGreaterThanOrEqual(frames);
        expect(differing(stem, whole.get(name)!, 0, stem.left.length)).toBe(0);
      }
      const body = (wav: Uint8Array) => Buffer.from(wav.subarray(44, 44 + frames * 4));
      expect(body(head.wav).equals(body(originalStems.wav))).toBe(true);
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
