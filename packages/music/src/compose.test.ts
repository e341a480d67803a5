import { describe, expect, it } from "vitest";
import { ENGINE_VERSION, compose } from "./compose";
import { compositionHash } from "./hash";
import { GENRE_PROFILES, GENRES, MOOD_PROFILES, MOODS } from "./profiles";
import { MusicInputError } from "./errors";
import { MAX_IMAGE_BYTES, analyzeImage } from "./image";
import { countSyllables } from "./syllables";
import type { CompositionRequest } from "./types";

const base: CompositionRequest = { creationMode: "description", description: "a song about the ocean at night", seed: 42, durationSec: 30 };

describe("compose determinism", () => {
  it("same input and seed give byte-identical JSON", () => {
    const a = JSON.stringify(compose(base));
    const b = JSON.stringify(compose({ ...base }));
    expect(a).toBe(b);
    expect(compositionHash(compose(base))).toBe(compositionHash(compose(base)));
    expect(JSON.parse(a).engineVersion).toBe(ENGINE_VERSION);
  });
  it("different seeds give different songs", () => {
    const seen = new Set<string>();
    for (let s = 1; s <= 5; s++) seen.add(JSON.stringify(compose({ ...base, seed: s }).tracks.melody));
    expect(seen.size).toBe(5);
  });
  it("exports exactly the 8 moods and 9 genres", () => {
    expect(Object.keys(MOOD_PROFILES)).toEqual(["Happy", "Confident", "Motivational", "Melancholic", "Dreamy", "Chill", "Romantic", "Hype"]);
    expect(Object.keys(GENRE_PROFILES)).toEqual(["Pop", "Rock", "Hip-Hop", "Jazz", "Classical", "EDM", "Country", "R&B", "Metal"]);
  });
});

describe("mood and genre are audible in the score", () => {
  const hype = compose({ ...base, mood: "Hype", genre: "EDM" });
  const sad = compose({ ...base, mood: "Melancholic", genre: "Classical" });
  const happy = compose({ ...base, mood: "Happy", genre: "Pop" });
  it("tempo, mode, instrumentation, brightness differ", () => {
    expect(hype.tempo).toBeGreaterThan(sad.tempo + 30);
    expect(sad.key.quality).toBe("minor");
    expect(happy.key.quality).toBe("major");
    expect(hype.arrangement.chords).not.toBe(sad.arrangement.chords);
    expect(hype.arrangement.kit).not.toBe(sad.arrangement.kit);
    expect(sad.tracks.drums.length).toBe(0);
    expect(hype.tracks.drums.length).toBeGreaterThan(50);
    expect(hype.arrangement.brightness).toBeGreaterThan(sad.arrangement.brightness);
    expect(hype.arrangement.sidechain).toBe(true);
  });
  it("every mood x genre composes with a tempo inside a sane range and a full form", () => {
    for (const mood of MOODS)
      for (const genre of GENRES) {
        const c = compose({ ...base, mood, genre, durationSec: 60 });
        expect(c.tempo).toBeGreaterThan(50);
        expect(c.tempo).toBeLessThan(190);
        expect(c.form.map((f) => f.kind)).toContain("chorus");
        expect(c.tracks.bass.length).toBeGreaterThan(0);
      }
  });
  it("song form has intro, verses, choruses, bridge and outro for a long song", () => {
    const c = compose({ ...base, durationSec: 200, mood: "Happy", genre: "Pop" });
    const kinds = c.form.map((f) => f.kind);
    for (const k of ["intro", "verse", "chorus", "bridge", "outro"]) expect(kinds).toContain(k);
    expect(kinds.filter((k) => k === "verse").length).toBeGreaterThanOrEqual(2);
  });
  it("keywords steer the arrangement", () => {
    const party = compose({ ...base, description: "a party in the club", mood: "Happy", genre: "Pop" });
    const rain = compose({ ...base, description: "rain on the window", mood: "Happy", genre: "Pop" });
    expect(party.inferred.keywords).toContain("party");
    expect(rain.inferred.keywords).toContain("rain");
    expect(party.tempo).toBeGreaterThan(rain.tempo);
    expect(party.arrangement.brightness).toBeGreaterThan(rain.arrangement.brightness);
  });
  it("infers mood and genre when omitted", () => {
    const c = compose({ ...base, description: "a sad rainy goodbye with a lonely piano" });
    expect(c.mood).toBe("Melancholic");
    expect(c.inferred.mood).toBe("description");
    expect(c.genre).toBe("Classical");
    const d = compose({ ...base, description: "club party all night" });
    expect(d.mood).toBe("Hype");
    expect(d.genre).toBe("EDM");
  });
});

describe("lyrics", () => {
  it("description mode writes tagged lyrics using the description's words; every syllable has a note", () => {
    const c = compose({ ...base, durationSec: 90, mood: "Dreamy", genre: "Pop" });
    expect(c.lyrics?.source).toBe("generated");
    const text = c.lyrics?.text ?? "";
    expect(text).toMatch(/\[Verse 1\]/);
    expect(text).toMatch(/\[Chorus\]/);
    expect(text.toLowerCase()).toContain("ocean");
    expect(text.toLowerCase()).toContain("night");
    expect(c.title.length).toBeGreaterThan(0);
    const lines = c.lyrics?.lines ?? [];
    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines) {
      expect(line.syllables.length).toBe(countSyllables(line.text));
      expect(line.notes.length).toBe(line.syllables.length);
      expect(line.syllables.join("").replace(/\s/g, "")).toBe(line.text.replace(/\s/g, ""));
      for (const ni of line.notes) expect(c.tracks.melody[ni]).toBeDefined();
      // notes are distinct and in time order
      for (let k = 1; k < line.notes.length; k++) {
        expect(c.tracks.melody[line.notes[k]!]![0]).toBeGreaterThan(c.tracks.melody[line.notes[k - 1]!]![0]);
      }
    }
  });
  it("lyrics mode keeps the user's lyrics verbatim and derives the title from the chorus", () => {
    const lyrics = "Woke up slow on a Sunday morning\nCoffee cold, the sky is yawning\n\n[Chorus]\nStay with me, stay with me\nUnder the light of the old oak tree\nStay with me, stay with me\n\n[Bridge]\nAnd the hours fall like leaves";
    const c = compose({ creationMode: "lyrics", lyrics, seed: 3, durationSec: 60 });
    expect(c.lyrics?.text).toBe(lyrics);
    expect(c.lyrics?.source).toBe("user");
    expect(c.title).toBe("Stay with Me, Stay with Me");
    expect(c.lyrics?.sections.map((s) => s.kind)).toEqual(["verse", "chorus", "bridge"]);
    expect(c.lyrics?.unsungLines).toBe(0);
    for (const line of c.lyrics?.lines ?? []) expect(line.notes.length).toBe(countSyllables(line.text));
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
    expect(() => compose({ creationMode: "lyrics", lyrics: "la la\n".repeat(833), seed: 1, durationSec: 30 })).not.toThrow();
  });
  it("rejects a non-image upload and an oversized image", async () => {
    await expect(analyzeImage(new TextEncoder().encode("%PDF-1.4 definitely not a picture"))).rejects.toMatchObject({ name: "MusicInputError", field: "image" });
    await expect(analyzeImage(new Uint8Array(MAX_IMAGE_BYTES + 1))).rejects.toMatchObject({ name: "MusicInputError", field: "image" });
  });
});
