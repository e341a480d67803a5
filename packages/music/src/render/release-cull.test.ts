import { describe, expect, it } from "vitest";
import { BLOCK, createSynth } from "./bank";
import { RELEASE_END_CB, endFadedVoices, voicePool } from "./release-cull";

describe("released voices end 60 dB down", () => {
  it("finds spessasynth's voice pool and ends a released piano note at −60 dB, not before", async () => {
    const synth = await createSynth(16);
    const voices = voicePool(synth);
    expect(voices.length).toBeGreaterThan(0);
    const l = new Float32Array(BLOCK);
    const r = new Float32Array(BLOCK);
    const fx = new Float32Array(BLOCK);
    const outs = Array.from({ length: 16 }, () => [l, r]);
    synth.programChange(0, 0);
    synth.noteOn(0, 60, 100);
    for (let b = 0; b < 100; b++) synth.processSplit(outs, fx, fx, 0, BLOCK);
    synth.noteOff(0, 60);
    const playing = () => voices.filter((v) => v.isActive);
    expect(playing().length).toBeGreaterThan(0);
    // Release: every block, the faded voices end; the others must still be above −60 dB.
    let blocks = 0;
    let lastLoud = 0;
    while (playing().length > 0 && blocks < 44100) {
      l.fill(0);
      synth.processSplit(outs, fx, fx, 0, BLOCK);
      for (const v of playing()) expect(v.volEnv.attenuationCb).toBeLessThan(960);
      endFadedVoices(voices);
      for (const v of playing()) expect(v.volEnv.attenuationCb).toBeLessThan(RELEASE_END_CB);
      if (l.some((x) => Math.abs(x) > 1e-4)) lastLoud = blocks;
      blocks++;
    }
    // It ended (well before the synth's own −90 dB), and it was sounding into its release.
    expect(playing().length).toBe(0);
    expect(lastLoud).toBeGreaterThan(0);
  });

  it("says so when the synth's internals are not where it expects them", () => {
    expect(() => voicePool({} as never)).toThrow(/voice pool not found/);
  });
});
