import { describe, expect, it } from "vitest";
import { compose } from "../compose";
import { BLOCK, createSynth } from "../render/bank";
import { endFadedVoices, voicePool } from "../render/release-cull";
import type { Engine2Composition, Part } from "../types";

const BANJO = 105;

/** The first Country song (by seed) whose arrangement has a banjo. */
function banjoPart(): Part {
  for (let seed = 1; seed < 200; seed++) {
    const c = compose({
      creationMode: "description",
      description: "a porch in summer",
      mood: "Happy",
      genre: "Country",
      seed,
      durationSec: 30,
    }) as Engine2Composition;
    const part = c.parts.find((p) => p.program === BANJO);
    if (part) return part;
  }
  throw new Error("no Country song with a banjo in 200 seeds");
}

describe("a plucked instrument's notes die away as the real one's do", () => {
  it("a banjo note is 33 dB down half a second after it is released (the bank's rings 10 s)", async () => {
    const part = banjoPart();
    const release = part.controllers.find((e) => e[1] === 72)?.[2] ?? 64;
    const synth = await createSynth(16);
    const voices = voicePool(synth);
    synth.programChange(0, BANJO);
    synth.controllerChange(0, 72 as never, release);
    synth.noteOn(0, 67, 90);
    const l = new Float32Array(BLOCK);
    const r = new Float32Array(BLOCK);
    const outs = Array.from({ length: 16 }, () => [l, r]);
    // Energy per quarter second; the note is released at 0.12 s.
    const quarter = Math.round((0.25 * 44100) / BLOCK);
    const energy: number[] = [];
    for (let b = 0; b < quarter * 8; b++) {
      if (b === Math.round((0.12 * 44100) / BLOCK)) synth.noteOff(0, 67);
      l.fill(0);
      r.fill(0);
      synth.processSplit(outs, l, r, 0, BLOCK);
      endFadedVoices(voices);
      let e = 0;
      for (let i = 0; i < BLOCK; i++) e += l[i]! * l[i]! + r[i]! * r[i]!;
      energy[Math.floor(b / quarter)] = (energy[Math.floor(b / quarter)] ?? 0) + e;
    }
    const db = (e: number) => 10 * Math.log10(e / energy[0]! + 1e-12);
    // It sounds into its release, then fades: 0.5–0.75 s after the start, ≥ 33 dB under the attack.
    expect(db(energy[1]!)).toBeGreaterThan(-30);
    expect(db(energy[2]!)).toBeLessThan(-33);
    expect(voices.some((v) => v.isActive)).toBe(false);
  });
});
