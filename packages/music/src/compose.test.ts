import { describe, expect, it } from "vitest";
import { ENGINE_VERSION, compose, vocalNotes } from "./compose";
import { compositionHash } from "./hash";
import { GENRE_PROFILES, GENRES, MOOD_PROFILES, MOODS } from "./profiles";
import { MusicInputError } from "./errors";
import { MAX_IMAGE_BYTES, analyzeImage } from "./image";
import { sungSyllables } from "./phonetics";
import type { CompositionRequest, Engine2Composition } from "./types";
import { isEngine2 } from "./types";
import { voiceInfo } from "./voice/voices";

const base: CompositionRequest = {
  creationMode: "description",
  description: "a song about the ocean at night",
  seed: 42,
  durationSec: 30,
};

const part = (c: Engine2Composition, id: string) => c.parts.find((p) => p.id === id);
const melody = (c: Engine2Composition) => part(c, c.melodyPart)!.notes;

describe("compose determinism", () => {
  it("same input and seed give byte-identical JSON", () => {
    const a = JSON.stringify(compose(base));
    const b = JSON.stringify(compose({ ...base }));
    expect(a).toBe(b);
    expect(compositionHash(compose(base))).toBe(compositionHash(compose(base)));
    expect(JSON.parse(a).engineVersion).toBe(ENGINE_VERSION);
    expect(ENGINE_VERSION).toBe("harmoniq-engine-2.0.0");
    expect(isEngine2(compose(base))).toBe(true);
  });
  it("different seeds give different songs", () => {
    const seen = new Set<string>();
    for (let s = 1; s <= 5; s++) seen.add(JSON.stringify(melody(compose({ ...base, seed: s }))));
    expect(seen.size).toBe(5);
  });
  it("seeds change the groove, the band and the form, not only the key", () => {
    const req = { ...base, mood: "Happy" as const, genre: "Pop" as const, durationSec: 120 };
    const songs = Array.from({ length: 8 }, (_, i) => compose({ ...req, seed: 100 + i }));
    const distinct = (f: (c: Engine2Composition) => string) => new Set(songs.map(f)).size;
    expect(distinct((c) => c.style.groove)).toBeGreaterThanOrEqual(3);
    expect(distinct((c) => c.style.palette)).toBeGreaterThanOrEqual(2);
    expect(
      distinct((c) => c.sections.map((s) => `${s.kind}${s.bars}`).join()),
    ).toBeGreaterThanOrEqual(2);
    expect(
      distinct((c) =>
        JSON.stringify(
          part(c, "drums")
            ?.notes.slice(0, 40)
            .map((n) => [n[2], Math.round(n[0] * 4)]),
        ),
      ),
    ).toBe(8);
  });
  it("exports exactly the 8 moods and 9 genres", () => {
    expect(Object.keys(MOOD_PROFILES)).toEqual([
      "Happy",
      "Confident",
      "Motivational",
      "Melancholic",
      "Dreamy",
      "Chill",
      "Romantic",
      "Hype",
    ]);
    expect(Object.keys(GENRE_PROFILES)).toEqual([
      "Pop",
      "Rock",
      "Hip-Hop",
      "Jazz",
      "Classical",
      "EDM",
      "Country",
      "R&B",
      "Metal",
    ]);
  });
});

describe("the form", () => {
  it("a 90 s song has intro, verse, pre-chorus, chorus, bridge or breakdown, final chorus and outro", () => {
    for (const genre of GENRES) {
      const c = compose({ ...base, genre, mood: "Happy", durationSec: 90 });
      const kinds = c.sections.map((s) => s.kind);
      expect(kinds[0], genre).toBe("intro");
      expect(kinds[kinds.length - 1], genre).toBe("outro");
      for (const k of ["verse", "pre-chorus", "chorus"] as const) expect(kinds, genre).toContain(k);
      expect(
        kinds.some((k) => k === "bridge" || k === "breakdown" || k === "solo" || k === "interlude"),
        genre,
      ).toBe(true);
      expect(kinds.filter((k) => k === "chorus").length, genre).toBeGreaterThanOrEqual(2);
    }
  });
  it("sections tile the song: bars, beats and seconds line up, the last ends with the song", () => {
    const c = compose({ ...base, durationSec: 180, mood: "Hype", genre: "EDM" });
    let bar = 0;
    for (const [i, s] of c.sections.entries()) {
      expect(s.startBar).toBe(bar);
      expect(s.startBeat).toBe(bar * 4);
      expect(s.startSec).toBeCloseTo((s.startBeat * 60) / c.tempo, 2);
      if (i > 0) expect(s.startSec).toBeCloseTo(c.sections[i - 1]!.endSec, 2);
      bar += s.bars;
    }
    expect(bar * 4).toBe(c.totalBeats);
    expect(c.sections.at(-1)!.endSec).toBe(180);
    expect(c.sections.map((s) => s.label)).toContain("Drop");
  });
  it("long songs never play the same section kind twice in a row (no stacked breakdowns)", () => {
    // Slow tempos leave the most bars to fill: 180 s at ~78 BPM once gave five breakdowns in a row.
    for (const genre of GENRES)
      for (const durationSec of [180, 240]) {
        const c = compose({ ...base, genre, mood: "Romantic", durationSec });
        const kinds = c.sections.map((s) => s.kind);
        const repeats = kinds.filter((k, i) => i > 0 && k === kinds[i - 1]);
        expect(repeats, `${genre} ${durationSec} s: ${kinds.join(", ")}`).toEqual([]);
      }
  });
  it("short user lyrics in a long song: varied instrumentals and the chorus again, not an interlude loop", () => {
    const lyrics =
      "[Verse]\nThe city hums below my window\nI count the lights until the morning\n[Chorus]\nStay with me tonight\nStay with me tonight";
    for (const genre of GENRES) {
      const c = compose({
        creationMode: "lyrics",
        lyrics,
        genre,
        mood: "Chill",
        seed: 3,
        durationSec: 180,
      });
      const kinds = c.sections.map((s) => s.kind);
      const repeats = kinds.filter((k, i) => i > 0 && k === kinds[i - 1]);
      expect(repeats, `${genre}: ${kinds.join(", ")}`).toEqual([]);
      expect(kinds.filter((k) => k === "chorus").length, genre).toBeGreaterThanOrEqual(3);
      expect(c.lyrics?.text).toBe(lyrics);
    }
  });
  it("a repeated chorus is not a copy: its second pass changes the pad's register", () => {
    const c = compose({ ...base, durationSec: 180, mood: "Hype", genre: "EDM" });
    const [first, second] = c.sections.filter((s) => s.kind === "chorus");
    const pad = part(c, "pad")!.notes;
    const meanPitch = (s: typeof first) => {
      const ns = pad.filter((n) => n[0] >= s!.startBeat && n[0] < s!.startBeat + s!.beats);
      return ns.reduce((a, n) => a + n[2], 0) / ns.length;
    };
    expect(meanPitch(second) - meanPitch(first)).toBeGreaterThan(6);
  });
  it("long songs compose their instrumental sections instead of looping blocks", () => {
    const c = compose({ ...base, durationSec: 200, mood: "Confident", genre: "Rock" });
    const instrumental = c.sections.filter((s) =>
      ["solo", "interlude", "breakdown"].includes(s.kind),
    );
    expect(instrumental.length).toBeGreaterThan(0);
    const lead = melody(c);
    for (const s of instrumental) {
      const notes = lead.filter((n) => n[0] >= s.startBeat && n[0] < s.startBeat + s.beats);
      expect(notes.length, s.label).toBeGreaterThan(s.kind === "breakdown" ? 0 : s.bars);
    }
    // Repeated choruses are not copies: the final one adds parts.
    const choruses = c.sections.filter((s) => s.kind === "chorus");
    expect(choruses.at(-1)!.parts.length).toBeGreaterThanOrEqual(choruses[0]!.parts.length);
    expect(choruses.at(-1)!.loudnessLu).toBeGreaterThan(choruses[0]!.loudnessLu);
  });
  it("sections differ in instrumentation: verses are thinner than choruses", () => {
    const c = compose({ ...base, durationSec: 150, mood: "Motivational", genre: "Rock" });
    const verse = c.sections.find((s) => s.kind === "verse")!;
    const chorus = c.sections.find((s) => s.kind === "chorus")!;
    expect(chorus.parts.length).toBeGreaterThan(verse.parts.length);
    expect(chorus.loudnessLu - verse.loudnessLu).toBeGreaterThanOrEqual(2);
  });
});

describe("mood and genre are audible in the score", () => {
  const hype = compose({ ...base, mood: "Hype", genre: "EDM" });
  const sad = compose({ ...base, mood: "Melancholic", genre: "Classical" });
  const happy = compose({ ...base, mood: "Happy", genre: "Pop" });
  it("tempo, mode, instruments and feel differ", () => {
    expect(hype.tempo).toBeGreaterThan(sad.tempo + 30);
    expect(sad.key.quality).toBe("minor");
    expect(happy.key.quality).toBe("major");
    expect(part(sad, "drums")).toBeUndefined();
    expect(part(hype, "drums")!.notes.length).toBeGreaterThan(50);
    expect(hype.humanize.timingMs).toBe(0);
    expect(sad.humanize.timingMs).toBeGreaterThan(0);
  });
  it("genre-true instruments: distorted guitars for Metal, strings and winds for Classical, upright bass for Jazz, no saw leads for EDM", () => {
    const metal = compose({ ...base, mood: "Hype", genre: "Metal" });
    const programs = (c: Engine2Composition) =>
      c.parts.filter((p) => !p.drums).map((p) => p.program);
    expect(programs(metal)).toContain(30);
    expect(
      metal.parts
        .filter((p) => p.id === "rhythmL" || p.id === "rhythmR")
        .map((p) => Math.sign(p.pan)),
    ).toEqual([-1, 1]);
    expect(programs(sad).some((p) => p >= 40 && p <= 49)).toBe(true);
    expect(programs(sad).some((p) => p >= 68 && p <= 74)).toBe(true);
    for (const seed of [1, 2, 3]) {
      const jazz = compose({ ...base, seed, mood: "Chill", genre: "Jazz" });
      expect(part(jazz, "bass")!.program).toBe(32);
      expect([32, 40]).toContain(part(jazz, "drums")!.program);
      const edm = compose({ ...base, seed, mood: "Hype", genre: "EDM" });
      expect(programs(edm)).not.toContain(81);
    }
  });
  it("every mood x genre composes a song with a melody, bass and sections", () => {
    for (const mood of MOODS)
      for (const genre of GENRES) {
        const c = compose({ ...base, mood, genre, durationSec: 60 });
        expect(c.tempo).toBeGreaterThan(50);
        expect(c.tempo).toBeLessThan(190);
        expect(c.sections.map((f) => f.kind)).toContain("chorus");
        expect(part(c, "bass")!.notes.length).toBeGreaterThan(0);
        expect(melody(c).length).toBeGreaterThan(8);
      }
  });
  it("keywords steer tempo; mood and genre are inferred when omitted", () => {
    const party = compose({
      ...base,
      description: "a party in the club",
      mood: "Happy",
      genre: "Pop",
    });
    const rain = compose({
      ...base,
      description: "rain on the window",
      mood: "Happy",
      genre: "Pop",
    });
    expect(party.inferred.keywords).toContain("party");
    expect(party.tempo).toBeGreaterThan(rain.tempo);
    const c = compose({ ...base, description: "a sad rainy goodbye with a lonely piano" });
    expect(c.mood).toBe("Melancholic");
    expect(c.genre).toBe("Classical");
  });
  it("the performance is stored: humanized timing off the grid, expression and bends where players use them", () => {
    const rock = compose({ ...base, mood: "Confident", genre: "Rock", durationSec: 60, seed: 3 });
    const drums = part(rock, "drums")!.notes;
    expect(drums.some((n) => Math.abs(n[0] * 4 - Math.round(n[0] * 4)) > 0.01)).toBe(true);
    const left = part(rock, "rhythmL")!
      .notes.slice(0, 20)
      .map((n) => n[0]);
    const right = part(rock, "rhythmR")!
      .notes.slice(0, 20)
      .map((n) => n[0]);
    expect(left).not.toEqual(right);
    const edm = compose({ ...base, mood: "Hype", genre: "EDM", durationSec: 60 });
    expect(
      part(edm, "drums")!.notes.every((n) => Math.abs(n[0] * 4 - Math.round(n[0] * 4)) < 1e-6),
    ).toBe(true);
    const classical = compose({ ...base, mood: "Romantic", genre: "Classical", durationSec: 60 });
    expect(part(classical, "pad")!.controllers.some(([, cc]) => cc === 11)).toBe(true);
    expect(part(classical, "lead")!.controllers.some(([, cc]) => cc === 1)).toBe(true);
    const guitarLead = compose({ ...base, mood: "Hype", genre: "Metal", durationSec: 60 });
    expect(part(guitarLead, "lead")!.bends.length).toBeGreaterThan(0);
  });
});

describe("lyrics and vocals", () => {
  it("description mode writes lyrics; each syllable is aligned to melody notes in order", () => {
    const c = compose({ ...base, durationSec: 90, mood: "Dreamy", genre: "Pop" });
    expect(c.lyrics?.source).toBe("generated");
    expect(c.lyrics?.text ?? "").toMatch(/\[Chorus\]/);
    const lines = c.lyrics?.lines ?? [];
    expect(lines.length).toBeGreaterThan(4);
    const notes = melody(c);
    for (const line of lines) {
      expect(line.syllables.length).toBe(sungSyllables(line.text).length);
      expect(line.notes.length).toBe(line.syllables.length);
      expect(line.spans.length).toBe(line.syllables.length);
      expect(line.syllables.join("").replace(/\s/g, "")).toBe(
        line.text
          .split(/\s+/)
          .filter((w) => /[\p{L}\p{N}]/u.test(w))
          .join(""),
      );
      for (let k = 1; k < line.notes.length; k++) {
        expect(line.notes[k]).toBe(line.notes[k - 1]! + line.spans[k - 1]!);
        expect(notes[line.notes[k]!]![0]).toBeGreaterThan(notes[line.notes[k - 1]!]![0]);
      }
    }
    // Stressed syllables mostly land on beats.
    let stressed = 0;
    let onBeat = 0;
    for (const line of lines)
      line.notes.forEach((ni, k) => {
        if (line.stresses[k]! > 0) {
          stressed++;
          const b = notes[ni]![0];
          if (Math.abs(b * 2 - Math.round(b * 2)) < 0.06) onBeat++;
        }
      });
    expect(onBeat / stressed).toBeGreaterThan(0.7);
  });
  it("a sung song keeps the melody in the voice's range and hands the voice its notes", () => {
    for (const voice of ["ember", "atlas"] as const) {
      const c = compose({ ...base, durationSec: 60, mood: "Romantic", genre: "R&B", voice });
      expect(c.vocals).toEqual({ voice });
      const [lo, hi] = voiceInfo(voice).range;
      const sungNotes = new Set(
        (c.lyrics?.lines ?? []).flatMap((l) =>
          l.notes.flatMap((n, i) => Array.from({ length: l.spans[i]! }, (_, k) => n + k)),
        ),
      );
      const notes = melody(c);
      for (const i of sungNotes) {
        expect(notes[i]![2]).toBeGreaterThanOrEqual(lo);
        expect(notes[i]![2]).toBeLessThanOrEqual(hi);
      }
      const vn = vocalNotes(c);
      expect(vn.length).toBe(sungNotes.size);
      expect(vn.filter((n) => n.syllable).length).toBe(
        (c.lyrics?.lines ?? []).reduce((a, l) => a + l.syllables.length, 0),
      );
      expect(vn.filter((n) => n.phraseEnd).length).toBe(c.lyrics?.lines.length);
      for (let i = 1; i < vn.length; i++)
        expect(vn[i]!.startSec).toBeGreaterThanOrEqual(vn[i - 1]!.startSec - 0.05);
      expect(vn[0]!.syllable?.phones.nucleus).toBeTruthy();
    }
  });
  it("instrumental on request; the voice defaults to one picked by the seed", () => {
    const inst = compose({ ...base, vocals: "instrumental" });
    expect(inst.vocals).toBeNull();
    expect(vocalNotes(inst)).toEqual([]);
    const voices = new Set(
      Array.from({ length: 12 }, (_, s) => compose({ ...base, seed: s }).vocals?.voice),
    );
    expect(voices).toEqual(new Set(["ember", "atlas"]));
  });
  it("lyrics mode keeps the user's lyrics verbatim and sings them in order", () => {
    const lyrics =
      "Woke up slow on a Sunday morning\nCoffee cold, the sky is yawning\n\n[Chorus]\nStay with me, stay with me\nUnder the light of the old oak tree\nStay with me, stay with me\n\n[Bridge]\nAnd the hours fall like leaves";
    const c = compose({ creationMode: "lyrics", lyrics, seed: 3, durationSec: 60 });
    expect(c.lyrics?.text).toBe(lyrics);
    expect(c.lyrics?.source).toBe("user");
    expect(c.title).toBe("Stay with Me, Stay with Me");
    expect(c.lyrics?.sections.map((s) => s.kind)).toEqual(["verse", "chorus", "bridge"]);
    expect(c.lyrics?.unsungLines).toBe(0);
    expect(c.lyrics?.lines.slice(0, 6).map((l) => l.text)).toEqual(
      lyrics
        .split("\n")
        .filter((l) => l && !l.startsWith("["))
        .slice(0, 6),
    );
  });
});

describe("bad input throws MusicInputError with a field", () => {
  const cases: [string, CompositionRequest][] = [
    ["description", { ...base, description: "   " }],
    ["lyrics", { creationMode: "lyrics", lyrics: "la ".repeat(3334), seed: 1, durationSec: 30 }],
    ["durationSec", { ...base, durationSec: 5 }],
    ["durationSec", { ...base, durationSec: 241 }],
    ["mood", { ...base, mood: "Sad" as never }],
    ["genre", { ...base, genre: "Polka" as never }],
    ["image", { creationMode: "image", seed: 1, durationSec: 30 }],
    ["seed", { ...base, seed: 1.5 }],
    ["vocals", { ...base, vocals: "rapped" as never }],
    ["voice", { ...base, voice: "bono" as never }],
  ];
  for (const [field, req] of cases) {
    it(`rejects bad ${field}`, () => {
      let caught: unknown;
      try {
        compose(req);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(MusicInputError);
      expect((caught as MusicInputError).field).toBe(field);
      expect((caught as MusicInputError).message.length).toBeGreaterThan(10);
    });
  }
  it("accepts 5000 characters of lyrics", () => {
    expect(() =>
      compose({ creationMode: "lyrics", lyrics: "la la\n".repeat(833), seed: 1, durationSec: 30 }),
    ).not.toThrow();
  });
  it("rejects a non-image upload and an oversized image", async () => {
    await expect(
      analyzeImage(new TextEncoder().encode("%PDF-1.4 definitely not a picture")),
    ).rejects.toMatchObject({ name: "MusicInputError", field: "image" });
    await expect(analyzeImage(new Uint8Array(MAX_IMAGE_BYTES + 1))).rejects.toMatchObject({
      name: "MusicInputError",
      field: "image",
    });
  });
});
