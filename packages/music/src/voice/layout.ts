/**
 * Where every phone is sung: vowels start on their notes' onsets and last to the end of the notes,
 * or at most HELD_VOWEL_MAX past the last note's onset; onset consonants come just before (taking
 * time from the previous vowel or the rest), codas right after the vowel. Syllables are grouped
 * into the phrases Flite speaks (one per breath).
 */
import { isVowel, type Consonant, type Vowel } from "../phonetics";
import type { SyllableOnNotes } from "./notes";
import { flitePhone, isDiphthong, isVoicedConsonant } from "./phones";

export interface PlannedPhone {
  /** Flite's name for it. */
  flite: string;
  vowel: boolean;
  diphthong: boolean;
  /** The phone is voiced (vowels, nasals, liquids, voiced obstruents). */
  voiced: boolean;
  /** Sung time, seconds. */
  t0: number;
  t1: number;
  /** Where Flite said it: phrase and position in that phrase. */
  phrase: number;
  index: number;
  syllable: number;
}

export interface Layout {
  phones: PlannedPhone[];
  /** Start of each phrase's first phone (breaths go before). */
  phraseStarts: number[];
}

/** Sung consonants are a little shorter than Flite's spoken ones, within these bounds (s). */
const CONSONANT_SCALE = 1.0;
const CONSONANT_MIN = 0.02;
const CONSONANT_MAX = 0.2;
/**
 * Share of its note (onset to onset) a vowel keeps when the consonants up to the next vowel need
 * the time: consonants squeezed far below their spoken length lose words. 0.5 → 0.3 raised
 * pocketsphinx recall on the higher voice's 10 bench songs from 22.3 % to 27.5 % (0.2: ~27 %);
 * the lower voice's stayed at ~48 %.
 */
const VOWEL_KEEPS = 0.3;
/**
 * Longest a vowel is held after its (last) note starts, s: the coda follows, and the rest of a
 * longer note is a rest (the mix's vocal reverb carries it). Stretched vowels hid the words: on
 * the 10 bench songs of each voice, pocketsphinx heard 37 % of the words sung over 0.2–0.35 s, 12 %
 * over 0.5–0.8 s and none over 1.5 s. Recall with the cap (higher / lower voice): none 29.0 % /
 * 39.7 %, 0.3 s 31.6 % / 50.9 %, 0.2 s 36.4 % / 56.0 %, 0.15 s 39.7 % (higher). 0.3 s keeps a held
 * note audible as singing (an eighth at 100 BPM); 0.2 s is clipped, near rap. Shortening only the
 * phrase ends or only the other syllables helped little (31.4 % / 30.7 %, higher voice), nor did
 * fading the held vowel out with the coda kept at the note's end (29.9 %).
 */
export const HELD_VOWEL_MAX = 0.3;
/** A rest at least this long (s) starts a new phrase for Flite. */
const PHRASE_GAP = 0.3;

const consonantDur = (spoken: number) =>
  Math.min(CONSONANT_MAX, Math.max(CONSONANT_MIN, spoken * CONSONANT_SCALE));

export interface Phrasing {
  /** Per phrase, its syllables as Flite phones. */
  phrases: string[][][];
  /** Per syllable: its phrase and the position of its first phone in that phrase. */
  where: { phrase: number; first: number }[];
}

/** Group syllables into phrases (a new one after a phrase end or a rest) as Flite phones. */
export function phraseSyllables(syllables: readonly SyllableOnNotes[]): Phrasing {
  const phrases: string[][][] = [];
  const where: { phrase: number; first: number }[] = [];
  let count = 0;
  syllables.forEach((s, i) => {
    const previous = syllables[i - 1];
    const gap = previous ? s.notes[0]!.start - previous.notes.at(-1)!.end : Infinity;
    if (!previous || previous.phraseEnd || gap >= PHRASE_GAP) {
      phrases.push([]);
      count = 0;
    }
    const phrase = phrases.length - 1;
    where.push({ phrase, first: count });
    const { onset, nucleus, coda, stress } = s.phones;
    const phones = [
      ...onset.map((c) => flitePhone(c)),
      flitePhone(nucleus, stress),
      ...coda.map((c) => flitePhone(c)),
    ];
    phrases[phrase]!.push(phones);
    count += phones.length;
  });
  return { phrases, where };
}

/** Lay the syllables out; `spokenDur(phrase, index)` is how long Flite made that phone. */
export function layOut(
  syllables: readonly SyllableOnNotes[],
  { where }: Phrasing,
  spokenDur: (phrase: number, index: number) => number,
): Layout {
  const durs = (i: number, from: number, count: number) =>
    Array.from({ length: count }, (_, k) =>
      consonantDur(spokenDur(where[i]!.phrase, where[i]!.first + from + k)),
    );
  const onsetDurs = syllables.map((s, i) => durs(i, 0, s.phones.onset.length));
  const codaDurs = syllables.map((s, i) =>
    durs(i, s.phones.onset.length + 1, s.phones.coda.length),
  );
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

  // Consonant spans: onset i ends at vowel i; coda i ends at the end of syllable i's notes, or
  // runs straight into onset i+1 when the next syllable follows without a rest.
  const onsetStart: number[] = [];
  const onsetScale: number[] = [];
  const codaStart: number[] = [];
  const codaScale: number[] = [];
  const vowelEnd: number[] = [];
  syllables.forEach((s, i) => {
    const v = s.notes[0]!.start;
    const onset = sum(onsetDurs[i]!);
    const previous = syllables[i - 1];
    if (!previous) {
      const scale = onset > v ? v / onset : 1;
      onsetStart.push(v - onset * scale);
      onsetScale.push(scale);
      return;
    }
    const pv = previous.notes[0]!.start;
    const pEnd = previous.notes.at(-1)!.end;
    const coda = sum(codaDurs[i - 1]!);
    const rest = v - pEnd;
    if (rest >= onset) {
      onsetStart.push(v - onset);
      onsetScale.push(1);
      const room = 0.5 * (pEnd - pv);
      const cs = coda > room ? room / coda : 1;
      codaStart[i - 1] = pEnd - coda * cs;
      codaScale[i - 1] = cs;
    } else {
      // Coda and onset as one cluster before the vowel; the previous vowel keeps VOWEL_KEEPS of it.
      const earliest = pv + Math.max(VOWEL_KEEPS * (v - pv), Math.min(0.04, v - pv));
      const room = Math.max(0, v - earliest);
      const need = coda + onset;
      const scale = need > room ? room / need : 1;
      onsetStart.push(v - onset * scale);
      onsetScale.push(scale);
      codaStart[i - 1] = v - need * scale;
      codaScale[i - 1] = scale;
    }
  });
  const last = syllables.length - 1;
  if (last >= 0) {
    const s = syllables[last]!;
    const end = s.notes.at(-1)!.end;
    const coda = sum(codaDurs[last]!);
    const room = 0.5 * (end - s.notes[0]!.start);
    const cs = coda > room ? room / coda : 1;
    codaStart[last] = end - coda * cs;
    codaScale[last] = cs;
  }

  const phones: PlannedPhone[] = [];
  const phraseStarts: number[] = [];
  syllables.forEach((s, i) => {
    const { phrase, first } = where[i]!;
    if (phraseStarts.length <= phrase) phraseStarts.push(onsetStart[i]!);
    let t = onsetStart[i]!;
    let index = first;
    const consonant = (c: Consonant, d: number) => {
      phones.push({
        flite: flitePhone(c),
        vowel: false,
        diphthong: false,
        voiced: isVoicedConsonant(c),
        t0: t,
        t1: t + d,
        phrase,
        index: index++,
        syllable: i,
      });
      t += d;
    };
    s.phones.onset.forEach((c, k) => consonant(c, onsetDurs[i]![k]! * onsetScale[i]!));
    const v = s.notes[0]!.start;
    codaStart[i] = Math.min(codaStart[i]!, s.notes.at(-1)!.start + HELD_VOWEL_MAX);
    vowelEnd[i] = codaStart[i]!;
    const nucleus: Vowel = s.phones.nucleus;
    phones.push({
      flite: flitePhone(nucleus, s.phones.stress),
      vowel: isVowel(nucleus),
      diphthong: isDiphthong(nucleus),
      voiced: true,
      t0: v,
      t1: Math.max(v, vowelEnd[i]!),
      phrase,
      index: index++,
      syllable: i,
    });
    t = Math.max(v, codaStart[i]!);
    s.phones.coda.forEach((c, k) => consonant(c, codaDurs[i]![k]! * codaScale[i]!));
  });
  return { phones, phraseStarts };
}
