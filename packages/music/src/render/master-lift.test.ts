import { describe, expect, it } from "vitest";
import { compose } from "../compose";
import { renderStems } from "./index";
import { blockLoudness, measureLoudness } from "./loudness";
import { SAMPLE_RATE, decodeWavStereo } from "../wav";
import { isEngine2 } from "../types";
import type { Engine2Composition } from "../types";

/** Loudness of each chorus over the verse before it, in one rendering of the song. */
function chorusLifts(
  c: Engine2Composition,
  s: { left: Float32Array; right: Float32Array },
): number[] {
  const at = (sec: number) => Math.round(sec * SAMPLE_RATE);
  const level = (i: number) =>
    blockLoudness(s.left, s.right, at(c.sections[i]!.startSec), at(c.sections[i]!.endSec));
  const lifts: number[] = [];
  c.sections.forEach((sec, i) => {
    if (sec.kind !== "chorus") return;
    const v = c.sections.slice(0, i).findLastIndex((x) => x.kind === "verse");
    if (v >= 0) lifts.push(level(i) - level(v));
  });
  return lifts;
}

describe("master bus", () => {
  // The benchmark's Jazz/Melancholic 60 s song: its 8-bar chorus came out +1.7 LU over the verse
  // when the glue compressor and the limiter squeezed the louder chorus harder than the verse.
  it("keeps each chorus's lift over the verse that it had before the master, at -14 LUFS and under -1 dBTP", async () => {
    const c = compose({
      creationMode: "description",
      description: "city lights after midnight",
      mood: "Melancholic",
      genre: "Jazz",
      seed: 5060,
      durationSec: 60,
    });
    if (!isEngine2(c)) throw new Error("expected an engine 2 score");
    const r = await renderStems(c);
    const pre = chorusLifts(c, decodeWavStereo(r.premaster));
    const out = decodeWavStereo(r.wav);
    const post = chorusLifts(c, out);
    expect(pre.length).toBeGreaterThan(0);
    expect(post.length).toBe(pre.length);
    pre.forEach((lift, i) => {
      expect(lift).toBeGreaterThan(2);
      // Before the make-up the master took 1.9 LU of this chorus's lift; now it keeps all but a
      // few tenths (the make-up ramps in over the chorus's first 46 ms, the verse's limiter
      // release spills into it).
      expect(post[i]!).toBeGreaterThan(lift - 0.75);
      expect(post[i]!).toBeGreaterThan(2);
    });
    const m = measureLoudness(out.left, out.right);
    expect(Math.abs(m.integratedLufs + 14)).toBeLessThan(1);
    expect(m.truePeakDbtp).toBeLessThanOrEqual(-1);
  }, 120_000);
});
