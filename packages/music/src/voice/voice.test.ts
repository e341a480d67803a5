import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CONSONANTS, pronounce, VOWELS, type PhoneticSyllable } from "../phonetics";
import { RELEASE_SEC, renderVoice, VoiceInputError, yinPitch } from "./index";
import { speakPhrases } from "./flite-speech";
import { HELD_VOWEL_MAX } from "./layout";
import { resample } from "./resample";
import { singLine, noteNumber } from "./test-phrases";
import type { VocalNote } from "./types";
import { VOICES, type VoiceId } from "./voices";

const RATE = 44100;

const syllable = (word: string, i = 0): VocalNote["syllable"] => {
  const phones = pronounce(word).syllables[i] as PhoneticSyllable;
  return { text: word, phones };
};

const note = (
  startSec: number,
  durSec: number,
  midi: number,
  word: string | null,
  phraseEnd = false,
): VocalNote => ({
  startSec,
  durSec,
  midi,
  velocity: 100,
  syllable: word === null ? null : syllable(word),
  phraseEnd,
});

const hash = (x: Float32Array) =>
  createHash("sha256")
    .update(new Uint8Array(x.buffer, x.byteOffset, x.byteLength))
    .digest("hex");

const rms = (x: Float32Array, fromSec: number, toSec: number) => {
  const a = Math.max(0, Math.floor(fromSec * RATE));
  const b = Math.min(x.length, Math.floor(toSec * RATE));
  let s = 0;
  for (let i = a; i < b; i++) s += (x[i] as number) ** 2;
  return b > a ? Math.sqrt(s / (b - a)) : 0;
};

/** Pitch errors (cents) of YIN frames between `fromSec` and `toSec` against `midi`. */
function cents(x: Float32Array, fromSec: number, toSec: number, midi: number): number[] {
  const target = 440 * 2 ** ((midi - 69) / 12);
  return yinPitch(x, RATE, { minHz: 70, maxHz: 1000, bandHz: 1000 })
    .filter((f) => f.time >= fromSec && f.time <= toSec && f.hz > 0)
    .map((f) => 1200 * Math.log2(f.hz / target));
}

const shareWithin = (errors: number[], limit: number) =>
  errors.filter((c) => Math.abs(c) <= limit).length / errors.length;

describe("renderVoice", () => {
  const phrase = singLine(
    "the city lights are calling me tonight",
    "E4:0.5 G4:0.5 G4:0.5 A4:1 G4:0.5 E4:0.5 D4:0.5 E4:0.5 G4:0.5 A4:2",
  );

  it("gives the same bytes for the same notes, in this process and in another one", () => {
    const a = renderVoice(phrase, { voice: "ember" });
    const b = renderVoice(phrase, { voice: "ember" });
    expect(hash(a)).toBe(hash(b));
    const index = fileURLToPath(new URL("./index.ts", import.meta.url));
    const script =
      `import { renderVoice } from ${JSON.stringify(index)};` +
      `import { createHash } from "node:crypto";` +
      `const y = renderVoice(JSON.parse(process.argv[1]), { voice: "ember" });` +
      `console.log(createHash("sha256").update(new Uint8Array(y.buffer)).digest("hex"));`;
    const child = execFileSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script, JSON.stringify(phrase)],
      { encoding: "utf8" },
    ).trim();
    expect(child).toBe(hash(a));
  });

  it("is as long as the last note's end plus the release, silent before and after", () => {
    const notes = [note(2, 0.6, 64, "ah"), note(2.7, 0.8, 67, "la", true)];
    const y = renderVoice(notes, { voice: "ember" });
    expect(y.length).toBe(Math.ceil((3.5 + RELEASE_SEC) * RATE));
    // Nothing before the breath that precedes the phrase (≤ 0.5 s before it).
    expect(rms(y, 0, 1.4)).toBe(0);
    expect(rms(y, 2.1, 2.5)).toBeGreaterThan(0.02);
    expect(renderVoice([], { voice: "atlas" }).length).toBe(0);
  });

  it("is silent in a long rest between phrases, apart from the breath before the next", () => {
    const notes = [note(0.2, 0.6, 60, "ah", true), note(4, 0.6, 62, "ah", true)];
    const y = renderVoice(notes, { voice: "atlas" });
    expect(rms(y, 1.2, 3.4)).toBe(0);
    expect(rms(y, 3.45, 3.95)).toBeGreaterThan(0); // the breath
    expect(rms(y, 4.1, 4.5)).toBeGreaterThan(10 * rms(y, 3.45, 3.95));
  });

  it("sings the vowels on the scored pitches", () => {
    const melody = [60, 64, 67, 65];
    const notes = melody.map((m, i) => note(0.3 + i * 0.9, 0.85, m, "la", i === 3));
    for (const voice of ["ember", "atlas"] as const) {
      const y = renderVoice(notes, { voice });
      melody.forEach((m, i) => {
        const start = 0.3 + i * 0.9;
        // The vowel, away from its ends (YIN's frames reach ~20 ms past their time).
        const errors = cents(y, start + 0.03, start + HELD_VOWEL_MAX - 0.03, m);
        expect(errors.length).toBeGreaterThan(8);
        expect(shareWithin(errors, 50)).toBeGreaterThan(0.9);
      });
    }
  });

  it("sings the ends of both voices' ranges in tune", () => {
    for (const { id, range } of VOICES) {
      for (const midi of range) {
        const y = renderVoice([note(0.3, 1, midi, "ah", true)], { voice: id as VoiceId });
        const errors = cents(y, 0.33, 0.3 + HELD_VOWEL_MAX - 0.03, midi);
        // YIN finds few clear frames in the lowest voice's lowest, breathy notes.
        expect(errors.length).toBeGreaterThan(3);
        expect(shareWithin(errors, 50), `${id} at ${midi}`).toBeGreaterThan(0.9);
      }
    }
  });

  it("keeps one syllable through a melisma, following each note", () => {
    // "day" sung on three notes: no consonant between them, the vowel follows the pitches.
    const notes = [
      note(0.3, 0.6, 64, "day"),
      note(0.9, 0.6, 67, null),
      note(1.5, 0.6, 69, null, true),
    ];
    const y = renderVoice(notes, { voice: "ember" });
    [64, 67, 69].forEach((m, i) => {
      const start = 0.3 + i * 0.6;
      expect(shareWithin(cents(y, start + 0.08, start + 0.5, m), 50)).toBeGreaterThan(0.9);
    });
    // Continuous voice from the vowel into the last note: no gap for a new syllable.
    const vowelEnd = 1.5 + HELD_VOWEL_MAX;
    for (let t = 0.32; t < vowelEnd - 0.04; t += 0.02) {
      expect(rms(y, t, t + 0.02)).toBeGreaterThan(0.01);
    }
    // A melisma sings the same words as the syllable alone would: a leading continuation note
    // (nothing to continue) is sung on "ah" rather than dropped.
    const lone = renderVoice([note(0.3, 0.5, 64, null, true)], { voice: "ember" });
    expect(rms(lone, 0.35, 0.75)).toBeGreaterThan(0.02);
  });

  it("puts onset consonants before the note and the vowel on it", () => {
    const sung = (word: string) =>
      renderVoice([note(0.25, 0.6, 64, word, true)], { voice: "ember" });
    const vowelOnly = sung("ah");
    const withOnset = sung("sa");
    expect(rms(vowelOnly, 0, 0.2)).toBeLessThan(0.002);
    expect(rms(withOnset, 0.1, 0.24)).toBeGreaterThan(0.01); // the "s", before the beat
    // The vowel starts on the beat: strong, pitched voice right after startSec.
    expect(rms(withOnset, 0.27, 0.35)).toBeGreaterThan(0.05);
    expect(shareWithin(cents(withOnset, 0.3, 0.7, 64), 50)).toBeGreaterThan(0.9);
  });

  it("sings a long note's word at a speech-like length, then rests until the next", () => {
    // "lane" on a 1.5 s note, then "ah": the "n" comes right after a short vowel, the note's
    // remainder is silent (held vowels hid the words from a speech recognizer).
    const notes = [note(0.3, 1.5, 64, "lane"), note(1.8, 0.5, 64, "ah", true)];
    const y = renderVoice(notes, { voice: "ember" });
    expect(rms(y, 0.32, 0.3 + HELD_VOWEL_MAX)).toBeGreaterThan(0.05);
    expect(rms(y, 0.9, 1.75)).toBe(0);
    expect(rms(y, 1.82, 2.0)).toBeGreaterThan(0.05);
  });

  it("fills the gaps between the higher voice's harmonics with breath, still pitched", () => {
    // Energy between the harmonics against on them, in a held "day". A high voice's harmonics are
    // further apart than the recogniser's mel bands; with no aperiodic part the gaps at 1–4 kHz
    // were 12–15 dB down and the higher voice's words were heard far less (psola.ts).
    const gaps = (y: Float32Array, f0: number, lowHz: number, highHz: number) => {
      const a = Math.floor(0.38 * RATE);
      const n = 4096;
      let on = 0;
      let off = 0;
      for (let k = Math.ceil((lowHz * n) / RATE); k < (highHz * n) / RATE; k++) {
        let re = 0;
        let im = 0;
        for (let i = 0; i < n; i++) {
          const v = (y[a + i] as number) * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
          re += v * Math.cos((2 * Math.PI * k * i) / n);
          im -= v * Math.sin((2 * Math.PI * k * i) / n);
        }
        const h = (k * RATE) / n / f0;
        const d = Math.abs(h - Math.round(h));
        if (d < 0.15) on += re * re + im * im;
        else if (d > 0.35) off += re * re + im * im;
      }
      return 10 * Math.log10(off / on);
    };
    for (const midi of [noteNumber("E4"), noteNumber("C5"), noteNumber("E5")]) {
      const y = renderVoice([note(0.3, 0.6, midi, "day", true)], { voice: "ember" });
      const f0 = 440 * 2 ** ((midi - 69) / 12);
      expect(gaps(y, f0, 1000, 4000)).toBeGreaterThan(-10);
      // Below 1 kHz the harmonics still stand clear: a pitched voice, not a whisper.
      expect(gaps(y, f0, 300, 1000)).toBeLessThan(-18);
    }
  });

  it("handles overlapping and very short notes", () => {
    const notes = [
      note(0.3, 0.5, 60, "to"),
      note(0.5, 0.05, 62, "geth"), // starts inside the previous note, 50 ms long
      note(0.55, 0.06, 64, "er"),
      note(0.61, 0.04, 65, "la"),
      note(0.61, 0.3, 67, "ah", true), // same start as the previous one
    ];
    const y = renderVoice(notes, { voice: "atlas" });
    expect(y.length).toBe(Math.ceil((0.91 + RELEASE_SEC) * RATE));
    expect(y.every((v) => Number.isFinite(v) && Math.abs(v) <= 1)).toBe(true);
    expect(rms(y, 0.3, 0.9)).toBeGreaterThan(0.02);
  });

  it("sings every ARPAbet phone", () => {
    const notes: VocalNote[] = [];
    let t = 0.3;
    const add = (phones: PhoneticSyllable) => {
      notes.push({
        startSec: t,
        durSec: 0.25,
        midi: 62,
        velocity: 90,
        syllable: { text: "x", phones },
        phraseEnd: false,
      });
      t += 0.3;
    };
    for (const vowel of VOWELS) add({ onset: [], nucleus: vowel, coda: [], stress: 1 });
    for (const c of CONSONANTS) {
      add(
        c === "NG"
          ? { onset: [], nucleus: "IH", coda: ["NG"], stress: 0 }
          : {
              onset: [c],
              nucleus: "AA",
              coda: [c === "HH" || c === "W" || c === "Y" ? "T" : c],
              stress: 2,
            },
      );
    }
    (notes.at(-1) as VocalNote).phraseEnd = true;
    for (const voice of ["ember", "atlas"] as const) {
      const y = renderVoice(notes, { voice });
      expect(rms(y, 0.3, t)).toBeGreaterThan(0.02);
    }
  });

  it("refuses bad input with a clear error", () => {
    const good = note(0.3, 0.5, 60, "la", true);
    const bad: [unknown, RegExp][] = [
      [[{ ...good, startSec: Number.NaN }], /startSec/],
      [[{ ...good, startSec: -1 }], /startSec/],
      [[{ ...good, durSec: -0.2 }], /durSec/],
      [[{ ...good, durSec: 0 }], /durSec/],
      [[{ ...good, midi: Number.POSITIVE_INFINITY }], /midi/],
      [[{ ...good, velocity: 0 }], /velocity/],
      [
        [
          {
            ...good,
            syllable: { text: "x", phones: { onset: ["Q"], nucleus: "AA", coda: [], stress: 0 } },
          },
        ],
        /consonant/,
      ],
      [
        [
          {
            ...good,
            syllable: { text: "x", phones: { onset: [], nucleus: "K", coda: [], stress: 0 } },
          },
        ],
        /vowel/,
      ],
      ["not a list", /array/],
    ];
    for (const [notes, message] of bad) {
      expect(() => renderVoice(notes as VocalNote[], { voice: "ember" })).toThrow(VoiceInputError);
      expect(() => renderVoice(notes as VocalNote[], { voice: "ember" })).toThrow(message);
    }
    expect(() => renderVoice([good], { voice: "tenor" as VoiceId })).toThrow(
      /unknown voice: tenor/,
    );
    expect(() => renderVoice([good], { voice: "ember", sampleRate: 1000 })).toThrow(/sampleRate/);
  });

  it("renders at another sample rate with the same timing", () => {
    const y = renderVoice(phrase, { voice: "atlas", sampleRate: 22050 });
    const last = phrase.at(-1) as VocalNote;
    expect(y.length).toBe(Math.ceil((last.startSec + last.durSec + RELEASE_SEC) * 22050));
  });
});

describe("speakPhrases", () => {
  it("speaks a phrase sung again (a chorus) once, its repeats pointing at the same speech", () => {
    const hold = [
      ["hh", "ow1", "l", "d"],
      ["aa1", "n"],
    ];
    const night = [
      ["t", "ah0"],
      ["n", "ay1", "t"],
    ];
    const twice = speakPhrases("slt", [hold, night, hold], 120);
    const once = speakPhrases("slt", [hold, night], 120);
    expect(twice.samples.length).toBe(once.samples.length);
    expect(twice.phrases).toHaveLength(3);
    expect(twice.phrases[2]).toEqual(twice.phrases[0]);
    expect(twice.phrases[1]).toEqual(once.phrases[1]);
  });
});

describe("resample", () => {
  it("keeps a tone's frequency and level, across silent stretches", () => {
    const from = 16000;
    const x = new Float32Array(from * 2);
    for (let i = 0; i < x.length; i++) {
      if (i < from * 0.5 || i > from * 1.2) x[i] = 0.5 * Math.sin((2 * Math.PI * 440 * i) / from);
    }
    const y = resample(x, from, RATE, RATE * 2);
    const at = (t: number) => rms(y, t, t + 0.1);
    expect(at(0.2)).toBeCloseTo(0.5 / Math.SQRT2, 2);
    expect(at(0.7)).toBeLessThan(1e-3);
    expect(at(1.5)).toBeCloseTo(0.5 / Math.SQRT2, 2);
    const errors = cents(y, 1.4, 1.8, noteNumber("A4"));
    expect(shareWithin(errors, 5)).toBe(1);
  });
});
