/**
 * Rhymes from the CMU pronouncing dictionary (src/phonetics): a perfect rhyme shares the last
 * stressed vowel and everything after it ("night"/"light"); a slant rhyme — the kind songs live
 * on — shares the vowels with consonants of the same family ("home"/"alone", "time"/"mine",
 * "night"/"ride", "lights"/"night"). Same-sounding stressed syllables ("night"/"tonight") are an
 * echo, not a rhyme.
 */
import { isFunctionWord, normalizeWord, pronounce, rhymeKey } from "../phonetics";
import { dictionary } from "cmu-pronouncing-dictionary";
import { nlp } from "./inflect";
import { lemma } from "./words";
import { TOPICS } from "./lexicon/topics";
import { MOOD_BANKS } from "./lexicon/moods";

/** Consonant families for slant rhymes. */
const FAMILY: Record<string, string> = {
  M: "N",
  N: "N",
  NG: "N",
  P: "P",
  B: "P",
  T: "T",
  D: "T",
  K: "K",
  G: "K",
  F: "F",
  V: "F",
  TH: "F",
  DH: "F",
  S: "S",
  Z: "S",
  SH: "S",
  ZH: "S",
  CH: "S",
  JH: "S",
};

/** The rhyme key with consonants folded into families and a final plural s dropped. */
export function slantKey(word: string): string | null {
  const key = rhymeKey(word);
  if (key === null) return null;
  const phones = key.split(" ");
  if (phones.length > 2 && (phones.at(-1) === "S" || phones.at(-1) === "Z")) phones.pop();
  return phones.map((p) => FAMILY[p] ?? p).join(" ");
}

/** The stressed syllable in full (onset too): equal ones make an echo ("night"/"tonight"). */
function stressedSyllable(word: string): string {
  const { syllables } = pronounce(word);
  let at = syllables.length - 1;
  for (let i = syllables.length - 1; i >= 0; i--)
    if ((syllables[i]?.stress ?? 0) > 0) {
      at = i;
      break;
    }
  const s = syllables[at];
  return s ? [...s.onset, s.nucleus, ...s.coda].join(" ") : "";
}

interface RhymeInfo {
  word: string;
  perfect: string | null;
  slant: string | null;
  stressed: string;
  lemma: string;
}

const infoCache = new Map<string, RhymeInfo>();
/** Everything a rhyme check needs about a word, computed once. */
export function rhymeInfo(word: string): RhymeInfo {
  const w = normalizeWord(word);
  let info = infoCache.get(w);
  if (!info) {
    info = {
      word: w,
      perfect: rhymeKey(w),
      slant: slantKey(w),
      stressed: stressedSyllable(w),
      lemma: lemma(w),
    };
    if (infoCache.size < 100_000) infoCache.set(w, info);
  }
  return info;
}

function related(x: RhymeInfo, y: RhymeInfo): boolean {
  return (
    !x.word ||
    !y.word ||
    x.word === y.word ||
    x.stressed === y.stressed ||
    x.lemma === y.lemma ||
    x.word.startsWith(y.word) ||
    y.word.startsWith(x.word)
  );
}

export function perfectRhyme(a: string, b: string): boolean {
  const x = rhymeInfo(a);
  const y = rhymeInfo(b);
  return !related(x, y) && x.perfect !== null && x.perfect === y.perfect;
}

/**
 * True when two different words rhyme, perfectly or slant. Repeats, echoes of the same stressed
 * syllable and forms of one word ("roar"/"roars") don't count.
 */
export function doesRhyme(a: string, b: string): boolean {
  const x = rhymeInfo(a);
  const y = rhymeInfo(b);
  if (related(x, y) || x.slant === null) return false;
  return x.perfect === y.perfect || x.slant === y.slant;
}

// ---------------------------------------------------------------------------------------------
// A rhyming dictionary of common words

let index: Map<string, string[]> | null = null;
const SKIP_TAGS = ["ProperNoun", "Person", "Place", "Organization", "Acronym", "Abbreviation"];

/** Everyday words: compromise's lexicon (nouns, verbs, adjectives) and the writer's banks. */
function commonWords(): string[] {
  const words = new Set<string>(bankWords());
  const lexicon = (
    nlp.world() as unknown as { model: { one: { lexicon: Record<string, string> } } }
  ).model.one.lexicon;
  for (const [word, tag] of Object.entries(lexicon)) {
    if (!/^[a-z]{3,}$/.test(word) || SKIP_TAGS.includes(tag)) continue;
    if (/Noun|Verb|Adjective|Infinitive|Singular|Plural|PastTense|Gerund/.test(tag))
      words.add(word);
  }
  return [...words];
}

/** The words the writer itself sings: nouns, verb-phrase endings, places and times. */
export function bankWords(): string[] {
  const out = new Set<string>();
  const addLast = (s: string): void => {
    const w = (s.split(/\s+/).at(-1) ?? "").replace(/[^a-z']/gi, "").toLowerCase();
    if (w.length > 1 && !isFunctionWord(w)) out.add(w);
  };
  for (const t of [...TOPICS, ...Object.values(MOOD_BANKS)]) {
    for (const i of t.images) {
      addLast(i.noun);
      for (const v of i.verbs) addLast(v.text);
    }
    for (const p of t.places) addLast(p.pp);
    for (const x of t.times) addLast(x.text);
    for (const a of t.acts) addLast(a.base);
  }
  return [...out].sort();
}

function rhymeIndex(): Map<string, string[]> {
  if (index) return index;
  index = new Map();
  for (const w of commonWords()) {
    if (!dictionary[w] || dictionary[w].includes("#")) continue; // 22 entries carry a comment
    if (pronounce(w).source !== "dictionary") continue;
    const k = slantKey(w);
    if (k === null) continue;
    const list = index.get(k);
    if (list) list.push(w);
    else index.set(k, [w]);
  }
  return index;
}

/**
 * Everyday words that rhyme with `word`: perfect rhymes first, then slant rhymes, shortest
 * first (at most `max`). Empty when the word has no sound or nothing common rhymes.
 */
export function rhymesFor(word: string, max = 24): string[] {
  const w = normalizeWord(word);
  const k = slantKey(w);
  if (!w || k === null) return [];
  const candidates = (rhymeIndex().get(k) ?? []).filter((c) => doesRhyme(w, c));
  const perfect = candidates.filter((c) => perfectRhyme(w, c));
  const slant = candidates.filter((c) => !perfectRhyme(w, c));
  const bank = new Set(bankWords());
  const order = (list: string[]): string[] =>
    list.sort(
      (a, b) =>
        Number(bank.has(b)) - Number(bank.has(a)) || a.length - b.length || a.localeCompare(b),
    );
  return [...order(perfect), ...order(slant)].slice(0, max);
}

/**
 * The writer's own singable words grouped by rhyme sound (slant key → words). This replaces the
 * hand-made groups of the first writer; words in one group rhyme with each other.
 */
export const RHYME_GROUPS: Record<string, readonly string[]> = (() => {
  const groups: Record<string, string[]> = {};
  for (const w of bankWords()) {
    const k = slantKey(w);
    if (k !== null) (groups[k] ??= []).push(w);
  }
  for (const k of Object.keys(groups)) if ((groups[k]?.length ?? 0) < 2) delete groups[k];
  return groups;
})();
