/**
 * Speech from Flite for phrases given as syllables of phones, on a flat pitch: Flite's own
 * vocoder makes the voice at the requested F0 (so the speaker's formants stay intact), and the
 * segment end times it prints tell where every phone lies in the audio.
 *
 * Each distinct syllable becomes a made-up word with our exact phones in a lexicon addendum, and
 * the phrases are read as text made of those words. Read this way (rather than as a bare phone
 * string with `-p`) Flite knows syllables, stress and phrasing, and sounds far clearer: for a
 * four-line lyric spoken by slt, pocketsphinx recognised 82 % of the words against 32 % with `-p`.
 */
import { runFlite } from "./flite-wasi";

/**
 * Flite's built-in 16 kHz voices that follow a requested pitch: slt (US woman) and awb (Scottish
 * man) are statistical (clustergen) voices, kal16 (US man) a diphone voice. (rms ignores it.)
 */
export type FliteVoice = "slt" | "awb" | "kal16";

/** A syllable as Flite phones: lower-case ARPAbet, vowels with a stress digit ("ay1"). */
export type FliteSyllable = readonly string[];

export interface SpokenPhone {
  phone: string;
  /** Seconds in the speech. */
  start: number;
  end: number;
}

export interface Speech {
  samples: Float32Array;
  sampleRate: number;
  /** Per phrase, its phones in order (the pauses Flite puts between phrases left out). */
  phrases: SpokenPhone[][];
}

function decodePcm16Wav(bytes: Uint8Array): { samples: Float32Array; sampleRate: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 12;
  let sampleRate = 0;
  while (at + 8 <= bytes.length) {
    const id = String.fromCharCode(...bytes.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    if (id === "fmt ") sampleRate = view.getUint32(at + 12, true);
    if (id === "data") {
      const count = Math.floor(Math.min(size, bytes.length - at - 8) / 2);
      const samples = new Float32Array(count);
      for (let i = 0; i < count; i++) samples[i] = view.getInt16(at + 8 + i * 2, true) / 32768;
      return { samples, sampleRate };
    }
    at += 8 + size + (size & 1);
  }
  throw new Error("Flite wrote no audio");
}

const LETTERS = "bdfgklmnprstvz";
const VOWEL_LETTERS = "aeiou";
/** A pronounceable made-up word for index i ("zobakemi"): Flite spells out unpronounceable ones. */
function wordFor(i: number): string {
  let word = "zo";
  let n = i;
  do {
    word += LETTERS[n % LETTERS.length]! + VOWEL_LETTERS[Math.floor(n / LETTERS.length) % 5]!;
    n = Math.floor(n / (LETTERS.length * 5));
  } while (n > 0);
  return word;
}

/** Flite's speaking rate (1 = its own); the vowels are re-timed to the notes anyway. */
const DURATION_STRETCH = 1;

const stripStress = (phone: string) => phone.replace(/[0-2]$/, "");

/**
 * Phrases per Flite run. Its statistical voices slow down on long utterances (a 100 s one ran at
 * 18× real time, 8-phrase runs at 46×), and each run costs ~35 ms to start.
 */
const PHRASES_PER_RUN = 8;

/**
 * Speak `phrases` (each a list of syllables) with `voice` at a steady `f0Hz`. A phrase sung again
 * (a chorus, a hook) is spoken once: its repeats point at the same speech (a fifth to a third of a
 * song's phrases, and of Flite's time).
 */
export function speakPhrases(
  voice: FliteVoice,
  phrases: readonly (readonly FliteSyllable[])[],
  f0Hz: number,
): Speech {
  const firstOf = new Map<string, number>();
  const distinct: (readonly FliteSyllable[])[] = [];
  const spokenAs = phrases.map((p) => {
    const key = p.map((syllable) => syllable.join(" ")).join("|");
    let i = firstOf.get(key);
    if (i === undefined) {
      i = distinct.push(p) - 1;
      firstOf.set(key, i);
    }
    return i;
  });
  const runs: Speech[] = [];
  for (let i = 0; i < distinct.length; i += PHRASES_PER_RUN) {
    runs.push(speakRun(voice, distinct.slice(i, i + PHRASES_PER_RUN), f0Hz));
  }
  const sampleRate = runs[0]?.sampleRate ?? 16000;
  const samples = new Float32Array(runs.reduce((n, r) => n + r.samples.length, 0));
  const spoken: SpokenPhone[][] = [];
  let at = 0;
  for (const run of runs) {
    samples.set(run.samples, at);
    const offset = at / sampleRate;
    for (const phrase of run.phrases) {
      spoken.push(phrase.map((p) => ({ ...p, start: p.start + offset, end: p.end + offset })));
    }
    at += run.samples.length;
  }
  return { samples, sampleRate, phrases: spokenAs.map((i) => spoken[i]!) };
}

function speakRun(
  voice: FliteVoice,
  phrases: readonly (readonly FliteSyllable[])[],
  f0Hz: number,
): Speech {
  const words = new Map<string, string>();
  const lexicon: string[] = [];
  const text = phrases
    .map((syllables) => {
      const said = syllables.map((syllable) => {
        const key = syllable.join(" ");
        let word = words.get(key);
        if (!word) {
          word = wordFor(words.size);
          words.set(key, word);
          lexicon.push(`${word} : ${key}`);
        }
        return word;
      });
      return `${said.join(" ")},`;
    })
    .join(" ");
  const run = runFlite(
    [
      "-voice",
      voice,
      "-add_lex",
      "sung.lex",
      "--setf",
      `int_f0_target_mean=${f0Hz.toFixed(3)}`,
      "--setf",
      "int_f0_target_stddev=0",
      "--setf",
      `duration_stretch=${DURATION_STRETCH}`,
      "-psdur",
      "-t",
      text,
      "-o",
      "speech.wav",
    ],
    new Map([["sung.lex", new TextEncoder().encode(`${lexicon.join("\n")}\n`)]]),
  );
  const file = run.files.get("speech.wav");
  if (run.exitCode !== 0 || !file) {
    throw new Error(`Flite failed (exit ${run.exitCode}): ${run.stderr.slice(0, 300)}`);
  }
  const { samples, sampleRate } = decodePcm16Wav(file);
  const printed = run.stdout
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((token) => {
      const colon = token.lastIndexOf(":");
      return { phone: token.slice(0, colon), end: Number(token.slice(colon + 1)) };
    });
  const expected = phrases.map((p) => p.flatMap((s) => s.map(stripStress)));
  const out: SpokenPhone[][] = phrases.map(() => []);
  let phrase = 0;
  let previousEnd = 0;
  for (const { phone, end } of printed) {
    const start = previousEnd;
    previousEnd = end;
    if (phone === "pau") continue;
    while (phrase < phrases.length && out[phrase]!.length >= expected[phrase]!.length) phrase++;
    const want = expected[phrase]?.[out[phrase]!.length];
    const same = want === phone || (want === "ah" && phone === "ax");
    if (!same)
      throw new Error(
        `Flite did not say the phones asked for: "${phone}" for "${want}" (${run.stdout.slice(0, 300)})`,
      );
    out[phrase]!.push({ phone, start, end });
  }
  if (out.some((p, i) => p.length !== expected[i]!.length))
    throw new Error("Flite left phones out");
  return { samples, sampleRate, phrases: out };
}
