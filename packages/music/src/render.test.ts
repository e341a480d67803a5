import { describe, expect, it } from "vitest";
import { compose } from "./compose";
import { renderMidi } from "./midi";
import { computePeaks } from "./peaks";
import { GENRES, MOODS } from "./profiles";
import type { Genre, Mood } from "./profiles";
import { renderWav } from "./synth";
import { audioStats, parseMidi } from "./test-utils";
import { MIDI_PPQ, GM_DRUM_KEYS } from "./midi";

// Every mood and every genre appears at least once (17 short renders). The key heard in the audio is
// checked for all 72 pairs in key.test.ts.
const combos: [Mood, Genre][] = [
  ...MOODS.map((m, i) => [m, GENRES[(i * 2) % GENRES.length]!] as [Mood, Genre]),
  ...GENRES.map((g, i) => [MOODS[(i * 3 + 1) % MOODS.length]!, g] as [Mood, Genre]),
];

describe("rendered audio", () => {
  const results = combos.map(([mood, genre], i) => {
    const c = compose({
      creationMode: "description",
      description: "city lights after midnight",
      mood,
      genre,
      seed: 100 + i,
      durationSec: 12,
    });
    return { mood, genre, c, wav: renderWav(c) };
  });

  it.each(results.map((r) => [`${r.mood} ${r.genre}`, r] as const))(
    "%s: audible, no clipping, peak <= -0.5 dBFS, right length",
    (_name, r) => {
      const s = audioStats(r.wav);
      expect(s.sampleRate).toBe(44100);
      expect(s.channels).toBe(2);
      expect(s.rms).toBeGreaterThan(0.03);
      expect(s.clipped).toBe(0);
      expect(s.peakDbfs).toBeLessThanOrEqual(-0.5);
      expect(Math.abs(s.durationSec - 12)).toBeLessThan(1);
    },
  );

  it("same composition renders to the same bytes", () => {
    const c = results[0]!.c;
    expect(Buffer.from(renderWav(c)).equals(Buffer.from(results[0]!.wav))).toBe(true);
  });

  it("a 60 s song renders within a second of the request", () => {
    const c = compose({
      creationMode: "description",
      description: "summer road trip with friends",
      seed: 9,
      durationSec: 60,
    });
    const wav = renderWav(c);
    const s = audioStats(wav);
    expect(Math.abs(s.durationSec - 60)).toBeLessThan(1);
    expect(s.clipped).toBe(0);
    expect(s.peakDbfs).toBeLessThanOrEqual(-0.5);
    const peaks = computePeaks(wav);
    expect(peaks).toHaveLength(200);
    expect(Math.max(...peaks)).toBeLessThanOrEqual(1);
    expect(Math.max(...peaks)).toBeGreaterThan(0.8);
    expect(peaks.filter((p) => p > 0.05).length).toBeGreaterThan(150);
  });

  it("EDM is brighter and faster than Classical in the audio itself", () => {
    const edm = results.find((r) => r.genre === "EDM")!;
    const cls = results.find((r) => r.genre === "Classical")!;
    expect(edm.c.tempo).toBeGreaterThan(cls.c.tempo);
    // zero-crossing rate as a brightness proxy
    const zcr = (wav: Uint8Array): number => {
      const v = new Int16Array(wav.buffer, wav.byteOffset + 44, (wav.length - 44) / 2);
      let z = 0;
      for (let i = 2; i < v.length; i += 2) if (v[i]! >= 0 !== v[i - 2]! >= 0) z++;
      return z / (v.length / 2);
    };
    expect(zcr(edm.wav)).toBeGreaterThan(zcr(cls.wav));
  });
});

describe("MIDI export", () => {
  it("parses back to the same notes, tempo and tracks", () => {
    const c = compose({
      creationMode: "description",
      description: "jazz bar at night",
      mood: "Chill",
      genre: "Jazz",
      seed: 5,
      durationSec: 30,
    });
    const midi = parseMidi(renderMidi(c));
    expect(midi.format).toBe(1);
    expect(midi.ppq).toBe(MIDI_PPQ);
    expect(midi.tracks).toHaveLength(5);
    expect(midi.tempoUsPerBeat).toBe(Math.round(60_000_000 / c.tempo));
    const tick = (b: number): number => Math.round(b * MIDI_PPQ);
    const expectTrack = (
      parsed: (typeof midi.tracks)[number],
      notes: [number, number, number, number][],
    ): void => {
      const want = notes.map((n) => [tick(n[0]), n[2], n[3]].join(":")).sort();
      const got = parsed.notes.map((n) => [n.tick, n.pitch, n.velocity].join(":")).sort();
      expect(got).toEqual(want);
    };
    expectTrack(midi.tracks[1]!, c.tracks.melody);
    expectTrack(midi.tracks[2]!, c.tracks.chords);
    expectTrack(midi.tracks[3]!, c.tracks.bass);
    expectTrack(
      midi.tracks[4]!,
      c.tracks.drums.map((d) => [d[0], 0.25, GM_DRUM_KEYS[d[1]]!, d[2]]),
    );
    expect(midi.tracks[4]!.notes.every((n) => n.channel === 9)).toBe(true);
    const syllables = (c.lyrics?.lines ?? []).reduce((n, l) => n + l.syllables.length, 0);
    expect(midi.tracks[1]!.lyrics.length).toBe(syllables);
  });
});
