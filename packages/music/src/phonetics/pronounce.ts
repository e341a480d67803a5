/**
 * Words → syllables with phones and stress: the CMU pronouncing dictionary first, then the word
 * derived from a dictionary stem (plural, past, -ing, -ly, compounds), then letter-to-sound rules.
 */
import { dictionary } from "cmu-pronouncing-dictionary";
import type { Stress } from "./arpabet";
import { letterToSound } from "./letter-to-sound";
import { syllabify, type PhoneticSyllable } from "./syllabify";

export interface Pronunciation {
  /** The word as looked up: lowercase letters and apostrophes. */
  word: string;
  syllables: PhoneticSyllable[];
  source: "dictionary" | "derived" | "rules";
}

/** Words sung weak in a line whatever the dictionary says (it stresses "a" as EY1 in one variant). */
const FUNCTION_WORDS = new Set(
  (
    "a an the and or but nor so to of in on at by for with from as is am are was were be been it its " +
    "i me my we us our you your he him his she her they them their that this than then there if when " +
    "where while do does did has have had can could will would shall should may might must not no " +
    "all just up out into onto over through till til 'til 'cause oh"
  ).split(" "),
);

export const isFunctionWord = (word: string): boolean => FUNCTION_WORDS.has(normalizeWord(word));

/** Lowercase, curly apostrophes straightened, everything but letters, digits and ' dropped. */
export function normalizeWord(word: string): string {
  return word
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .replace(/[^a-z0-9']/g, "")
    .replace(/^'+|'+$/g, "");
}

const lookup = (word: string): string[] | null => {
  const entry = dictionary[word];
  // A few entries carry a comment ("AO1 L B AO0 R G # place, danish").
  return entry === undefined ? null : (entry.split("#")[0] as string).trim().split(" ");
};

/** Suffixes whose sound can be appended to a dictionary stem. */
const SUFFIXES: {
  letters: string;
  stems: (w: string) => string[];
  phones: (stem: string[]) => string[];
}[] = [
  {
    letters: "'s",
    stems: (w) => [w.slice(0, -2)],
    phones: (s) =>
      [...s, sibilantEnding(s) ? "IH0" : "", voicedEnding(s) ? "Z" : "S"].filter(Boolean),
  },
  {
    letters: "s",
    stems: (w) => [w.slice(0, -1), w.endsWith("es") ? w.slice(0, -2) : ""],
    phones: (s) => [...s, ...(sibilantEnding(s) ? ["IH0", "Z"] : [voicedEnding(s) ? "Z" : "S"])],
  },
  {
    letters: "ed",
    stems: (w) => [w.slice(0, -2), w.slice(0, -1), w.slice(0, -3)],
    phones: (s) => [
      ...s,
      ...(/^[TD]$/.test(s.at(-1) ?? "") ? ["IH0", "D"] : [voicedEnding(s) ? "D" : "T"]),
    ],
  },
  {
    letters: "ing",
    stems: (w) => [w.slice(0, -3), `${w.slice(0, -3)}e`, w.slice(0, -4)],
    phones: (s) => [...s, "IH0", "NG"],
  },
  {
    letters: "in'",
    stems: (w) => [w.slice(0, -3), `${w.slice(0, -3)}e`],
    phones: (s) => [...s, "IH0", "N"],
  },
  {
    letters: "ly",
    stems: (w) => [w.slice(0, -2), `${w.slice(0, -3)}y`],
    phones: (s) => [...s, "L", "IY0"],
  },
  {
    letters: "er",
    stems: (w) => [w.slice(0, -2), w.slice(0, -1), w.slice(0, -3)],
    phones: (s) => [...s, "ER0"],
  },
  {
    letters: "est",
    stems: (w) => [w.slice(0, -3), w.slice(0, -2), w.slice(0, -4)],
    phones: (s) => [...s, "AH0", "S", "T"],
  },
  {
    letters: "ness",
    stems: (w) => [w.slice(0, -4), `${w.slice(0, -5)}y`],
    phones: (s) => [...s, "N", "AH0", "S"],
  },
  { letters: "less", stems: (w) => [w.slice(0, -4)], phones: (s) => [...s, "L", "AH0", "S"] },
];

function sibilantEnding(phones: string[]): boolean {
  return ["S", "Z", "SH", "ZH", "CH", "JH"].includes(phones.at(-1) ?? "");
}
function voicedEnding(phones: string[]): boolean {
  return !["P", "T", "K", "F", "TH"].includes(phones.at(-1) ?? "");
}

function derive(word: string): string[] | null {
  for (const suffix of SUFFIXES) {
    if (!word.endsWith(suffix.letters) || word.length <= suffix.letters.length + 1) continue;
    for (const stem of suffix.stems(word)) {
      const found = stem.length >= 2 ? lookup(stem) : null;
      if (found) return suffix.phones(found);
    }
  }
  // Compounds: "heartbreak", "sunlit", "streetlight".
  for (let cut = 3; cut <= word.length - 3; cut++) {
    const head = lookup(word.slice(0, cut));
    const tail = head ? lookup(word.slice(cut)) : null;
    if (head && tail) return [...head, ...tail.map((p) => p.replace("1", "2"))];
  }
  return null;
}

const cache = new Map<string, Pronunciation>();

/** How a word is pronounced. Never throws; a word without letters has no syllables. */
export function pronounce(word: string): Pronunciation {
  const w = normalizeWord(word);
  const hit = cache.get(w);
  if (hit) return hit;
  let source: Pronunciation["source"] = "dictionary";
  let tokens = w ? lookup(w) : [];
  if (!tokens) {
    tokens = derive(w);
    source = "derived";
  }
  if (!tokens) {
    tokens = /[a-z]/.test(w) ? letterToSound(w) : [];
    source = "rules";
  }
  const result: Pronunciation = { word: w, syllables: syllabify(tokens), source };
  if (cache.size < 50_000) cache.set(w, result);
  return result;
}

/** Syllables in a word (a word with letters has at least one). */
export function wordSyllableCount(word: string): number {
  return pronounce(word).syllables.length;
}

/** Stress of each syllable of a line, function words demoted to 0 ("to the SEA" → 0 0 1). */
export function lineStresses(line: string): Stress[] {
  const out: Stress[] = [];
  for (const word of line.split(/\s+/)) {
    const { syllables } = pronounce(word);
    const weak = syllables.length === 1 && isFunctionWord(word);
    for (const s of syllables) out.push(weak ? 0 : s.stress);
  }
  return out;
}

/**
 * The sound a rhyme must share: the last stressed vowel and everything after it
 * ("fire" F AY1 ER0 → "AY ER"; "light" → "AY T"). Null for a word without syllables.
 */
export function rhymeKey(word: string): string | null {
  const { syllables } = pronounce(word);
  if (syllables.length === 0) return null;
  let from = syllables.length - 1;
  for (let i = syllables.length - 1; i >= 0; i--) {
    if ((syllables[i] as PhoneticSyllable).stress > 0) {
      from = i;
      break;
    }
  }
  return syllables
    .slice(from)
    .flatMap((s, i) => (i === 0 ? [s.nucleus, ...s.coda] : [...s.onset, s.nucleus, ...s.coda]))
    .join(" ");
}

/** Two different words whose rhyme keys match ("night"/"light"; not "night"/"night"). */
export function wordsRhyme(a: string, b: string): boolean {
  const x = normalizeWord(a);
  const y = normalizeWord(b);
  if (!x || !y || x === y) return false;
  const kx = rhymeKey(x);
  return kx !== null && kx === rhymeKey(y);
}

export type { Stress };
