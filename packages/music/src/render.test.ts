import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compose, vocalNotes } from "./compose";
import { GM_DRUM_KEYS, MIDI_PPQ, renderMidi } from "./midi";
import { computePeaks } from "./peaks";
import type { GENRES } from "./profiles";
import { renderEngine1Wav, renderSong, renderSongProgressive, renderStems } from "./render";
import { measureLoudness } from "./render/loudness";
import { renderSectionAudio } from "./render/sampler";
import { audioStats, parseMidi } from "./test-utils";
import type { Composition, Engine1Composition, Engine2Composition } from "./types";
import { SAMPLE_RATE, decodeWavStereo } from "./wav";

const sha = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");
const song = (genre: (typeof GENRES)[number], seed: number, durationSec = 12, extra: object = {}) =>
  compose({
    creationMode: "description",
    description: "city lights after midnight",
    mood: "Happy",
    genre,
    seed,
    durationSec,
    ...extra,
  });

describe("engine 1 songs keep their sound", () => {
  const fixtures = JSON.parse(
    readFileSync(new URL("./render/engine1/fixtures/engine1-songs.json", import.meta.url), "utf8"),
  ) as { composition: Engine1Composition; sha256: string; bytes: number }[];
  it.each(fixtures.map((f) => [f.composition.genre, f] as const))(
    "a stored %s score (engine 1.1.0) renders to the same bytes as before engine 2",
    async (_genre, f) => {
      expect(f.composition.engineVersion).toBe("harmoniq-engine-1.1.0");
      const wav = await renderSong(f.composition as Composition);
      expect(wav.length).toBe(f.bytes);
      expect(sha(wav)).toBe(f.sha256);
      expect(sha(renderEngine1Wav(f.composition))).toBe(f.sha256);
    },
  );
});

describe("engine 2 audio", () => {
  const genres = ["Pop", "Metal", "Classical", "EDM"] as const;
  const rendered = genres.map((genre, i) => ({ genre, c: song(genre, 100 + i) }));

  it.each(rendered.map((r) => [r.genre, r] as const))(
    "%s: stereo, right length, loud enough, no clipping, true peak below -1 dBTP, near -14 LUFS",
    async (_g, r) => {
      const wav = await renderSong(r.c);
      const s = audioStats(wav);
      expect(s.sampleRate).toBe(44100);
      expect(s.channels).toBe(2);
      expect(Math.abs(s.durationSec - 12)).toBeLessThan(0.01);
      expect(s.clipped).toBe(0);
      const { left, right } = decodeWavStereo(wav);
      const m = measureLoudness(left, right);
      expect(m.truePeakDbtp).toBeLessThanOrEqual(-1);
      expect(Math.abs(m.integratedLufs + 14)).toBeLessThan(1.5);
      // Not mono: the two sides differ (panned guitars and keys, stereo reverb).
      let side = 0;
      let mid = 0;
      for (let i = 0; i < left.length; i++) {
        side += (left[i]! - right[i]!) ** 2;
        mid += (left[i]! + right[i]!) ** 2;
      }
      expect(10 * Math.log10(side / mid)).toBeGreaterThan(-25);
    },
  );

  it("same composition, same bytes; the progressive render gives the same WAV, first section first", async () => {
    const c = rendered[0]!.c;
    const a = await renderSong(c);
    const chunks: [number, Uint8Array][] = [];
    await renderSongProgressive(c, (bytes, section) => {
      chunks.push([section, bytes]);
    });
    expect(chunks.map(([s]) => s)).toEqual(c.sections.map((_, i) => i));
    expect(Buffer.from(chunks[0]![1].subarray(0, 4)).toString()).toBe("RIFF");
    // The first chunk holds the header and the first section (less the limiter's 1.5 ms look-ahead).
    const firstFrames = (chunks[0]![1].length - 44) / 4;
    expect(Math.abs(firstFrames - c.sections[1]!.startSec * SAMPLE_RATE)).toBeLessThan(
      0.002 * SAMPLE_RATE,
    );
    expect(Buffer.concat(chunks.map(([, b]) => b)).equals(Buffer.from(a))).toBe(true);
    expect(sha(await renderSong(c))).toBe(sha(a));
  });

  it("renders the same bytes in another process", async () => {
    const c = rendered[1]!.c;
    const here = sha(await renderSong(c));
    const script = `
      import { compose } from ${JSON.stringify(new URL("./compose.ts", import.meta.url).href)};
      import { renderSong } from ${JSON.stringify(new URL("./render/index.ts", import.meta.url).href)};
      import { createHash } from "node:crypto";
      const c = compose(${JSON.stringify({ creationMode: "description", description: "city lights after midnight", mood: "Happy", genre: "Metal", seed: 101, durationSec: 12 })});
      process.stdout.write(createHash("sha256").update(await renderSong(c)).digest("hex"));`;
    const there = execFileSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      {
        cwd: new URL("..", import.meta.url).pathname,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    expect(there).toBe(here);
  });

  it("a section renders from a clean state: changing one section leaves the next one's synth output untouched", async () => {
    const c = song("Pop", 7, 30);
    const s0 = c.sections[0]!;
    const changed: Engine2Composition = structuredClone(c);
    for (const p of changed.parts)
      p.notes = p.notes.map((n) =>
        n[0] < s0.startBeat + s0.beats - 0.01
          ? [n[0], n[1], n[2] + (p.drums ? 0 : 2), Math.max(1, n[3] - 20)]
          : n,
      );
    const a = await renderSectionAudio(c, 1);
    const b = await renderSectionAudio(changed, 1);
    for (const stem of ["drums", "bass", "harmony", "lead"] as const) {
      expect(
        Buffer.from(b.stems[stem].left.buffer).equals(Buffer.from(a.stems[stem].left.buffer)),
        stem,
      ).toBe(true);
    }
    // ...while the section itself did change.
    const a0 = await renderSectionAudio(c, 0);
    const b0 = await renderSectionAudio(changed, 0);
    expect(
      Buffer.from(b0.stems.harmony.left.buffer).equals(Buffer.from(a0.stems.harmony.left.buffer)),
    ).toBe(false);
  });

  it("stems sum to the pre-master mix within -60 dB, and the song in the same pass is renderSong's", async () => {
    const c = rendered[1]!.c;
    const r = await renderStems(c);
    expect(r.stems.map((s) => s.name)).toEqual(["drums", "bass", "harmony", "lead"]);
    const pre = decodeWavStereo(r.premaster);
    const stems = r.stems.map((s) => decodeWavStereo(s.wav));
    let err = 0;
    let peak = 0;
    for (let i = 0; i < pre.left.length; i++) {
      let l = 0;
      let rr = 0;
      for (const s of stems) {
        l += s.left[i]!;
        rr += s.right[i]!;
      }
      err = Math.max(err, Math.abs(l - pre.left[i]!), Math.abs(rr - pre.right[i]!));
      peak = Math.max(peak, Math.abs(pre.left[i]!), Math.abs(pre.right[i]!));
    }
    expect(peak).toBeGreaterThan(0.05);
    expect(20 * Math.log10(err / peak)).toBeLessThan(-60);
    for (const s of stems) expect(s.left.some((v) => Math.abs(v) > 1e-3)).toBe(true);
    expect(sha(r.wav)).toBe(sha(await renderSong(c)));
  });

  it("mixes a given voice on top, as its own stem, and ducks the lead under it", async () => {
    const c = song("Pop", 21, 20, { voice: "ember" });
    const notes = vocalNotes(c);
    expect(notes.length).toBeGreaterThan(5);
    // A deterministic test signal: sine tones at the notes' pitches and times.
    const sine = (ns: typeof notes): Float32Array => {
      const out = new Float32Array(Math.round(c.durationSec * SAMPLE_RATE));
      for (const n of ns) {
        const f = 440 * 2 ** ((n.midi - 69) / 12);
        const a = Math.round(n.startSec * SAMPLE_RATE);
        const len = Math.round(n.durSec * SAMPLE_RATE);
        for (let i = 0; i < len && a + i < out.length; i++)
          out[a + i] =
            0.3 *
            Math.sin((2 * Math.PI * f * i) / SAMPLE_RATE) *
            Math.min(1, i / 200, (len - i) / 200);
      }
      return out;
    };
    let seen: { count: number; voice: string } | null = null;
    const withVoice = await renderStems(c, {
      vocals: (ns, voice) => {
        seen = { count: ns.length, voice };
        return sine(ns);
      },
    });
    expect(seen).toEqual({ count: notes.length, voice: "ember" });
    expect(withVoice.stems.map((s) => s.name)).toEqual([
      "drums",
      "bass",
      "harmony",
      "lead",
      "vocals",
    ]);
    const without = await renderStems(c);
    const energy = (wav: Uint8Array, from: number, to: number): number => {
      const { left } = decodeWavStereo(wav);
      let e = 0;
      for (let i = Math.round(from * SAMPLE_RATE); i < Math.round(to * SAMPLE_RATE); i++)
        e += left[i]! ** 2;
      return e;
    };
    const first = notes[0]!;
    const span: [number, number] = [
      first.startSec + 0.05,
      first.startSec + Math.max(0.2, first.durSec),
    ];
    const vocal = withVoice.stems.find((s) => s.name === "vocals")!.wav;
    expect(energy(vocal, ...span)).toBeGreaterThan(0);
    const leadWith = energy(withVoice.stems.find((s) => s.name === "lead")!.wav, ...span);
    const leadWithout = energy(without.stems.find((s) => s.name === "lead")!.wav, ...span);
    expect(leadWith).toBeLessThan(leadWithout * 0.6);
    // Without a voice renderer the song is the instrumental mix.
    expect(sha(without.wav)).toBe(sha(await renderSong(c)));
  });

  it("peaks for the waveform", async () => {
    const wav = await renderSong(rendered[2]!.c);
    const peaks = computePeaks(wav);
    expect(peaks).toHaveLength(200);
    expect(Math.max(...peaks)).toBeLessThanOrEqual(1);
    expect(peaks.filter((p) => p > 0.02).length).toBeGreaterThan(150);
  });
});

describe("MIDI export", () => {
  it("engine 2: one track per part with the same notes, controllers, bends and the lyrics", () => {
    const c = compose({
      creationMode: "description",
      description: "neon riff",
      mood: "Hype",
      genre: "Metal",
      seed: 5,
      durationSec: 40,
    });
    const midi = parseMidi(renderMidi(c));
    expect(midi.format).toBe(1);
    expect(midi.ppq).toBe(MIDI_PPQ);
    expect(midi.tracks).toHaveLength(c.parts.length + 1);
    expect(midi.tempoUsPerBeat).toBe(Math.round(60_000_000 / c.tempo));
    const tick = (b: number): number => Math.round(b * MIDI_PPQ);
    c.parts.forEach((p, i) => {
      const t = midi.tracks[i + 1]!;
      const want = p.notes.map((n) => [tick(n[0]), n[2], n[3]].join(":")).sort();
      const got = t.notes.map((n) => [n.tick, n.pitch, n.velocity].join(":")).sort();
      expect(got, p.id).toEqual(want);
      expect(t.notes.every((n) => n.channel === p.channel)).toBe(true);
    });
    const syllables = (c.lyrics?.lines ?? []).reduce((n, l) => n + l.syllables.length, 0);
    const leadTrack = midi.tracks[c.parts.findIndex((p) => p.id === c.melodyPart) + 1]!;
    expect(leadTrack.lyrics.length).toBe(syllables);
  });
  it("engine 1 scores still export their four tracks", () => {
    const f = (
      JSON.parse(
        readFileSync(
          new URL("./render/engine1/fixtures/engine1-songs.json", import.meta.url),
          "utf8",
        ),
      ) as {
        composition: Engine1Composition;
      }[]
    )[1]!.composition;
    const midi = parseMidi(renderMidi(f));
    expect(midi.tracks).toHaveLength(5);
    const tick = (b: number): number => Math.round(b * MIDI_PPQ);
    const got = midi.tracks[4]!.notes.map((n) => [n.tick, n.pitch].join(":")).sort();
    expect(got).toEqual(
      f.tracks.drums.map((d) => [tick(d[0]), GM_DRUM_KEYS[d[1]]].join(":")).sort(),
    );
  });
});
