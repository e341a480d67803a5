/**
 * The word pairs the writer's own material is made of: how many templates and bank phrases
 * (places, times, actions, things' names and verbs, determiners) can say each pair, a phrase
 * counted by how many songs can draw on its bank. A pair many of them share ("in the", "I feel",
 * "across town") is one every song would sing; lines that lean on such pairs sound like every
 * other song, so the writer prefers lines made of rarer ones.
 */
import { EVERYDAY, MOOD_BANKS } from "./lexicon/moods";
import { TOPICS } from "./lexicon/topics";
import type { Topic } from "./lexicon/types";
import { DETERMINER_PHRASES, PARSED, type Template } from "./grammar";
import { wordPairs, wordsOf } from "./words";

/** What a slot says for sure before the palette fills it: a determiner, a subject, or nothing known. */
function slotWords(part: Template["parts"][number]): string[] | null {
  if (typeof part === "string") return [part];
  switch (part.kind) {
    case "alt":
      return part.options;
    case "img":
      return part.det === "bare" ? null : [`${part.det} `];
    case "subj":
      return [
        `${{ S: "i", "S'm": "i'm", "S'll": "i'll", "S've": "i've", "S'd": "i'd" }[part.form]} `,
      ];
    default:
      return null;
  }
}

/**
 * Every word pair a template can say by itself, across its word choices: a choice that may say
 * nothing ("[|still ]") lets the words on either side of it meet.
 */
export function templatePairs(t: Template): Set<string> {
  const pairs = new Set<string>();
  let ends = new Set<string>();
  for (const part of t.parts) {
    const options = slotWords(part);
    if (!options) {
      ends = new Set();
      continue;
    }
    const next = new Set<string>();
    let canBeEmpty = false;
    for (const option of options) {
      const w = wordsOf(option);
      if (w.length === 0) {
        canBeEmpty = true;
        continue;
      }
      for (const e of ends) pairs.add(`${e} ${w[0]}`);
      for (const p of wordPairs(option)) pairs.add(p);
      // A piece ending in a space is followed by the next piece; "the " before a noun is not.
      if (/\s$/.test(option) || typeof part === "string") next.add(w.at(-1) as string);
    }
    ends = canBeEmpty ? new Set([...ends, ...next]) : next;
    // "the" of "{the n}" ends there (the noun is not known yet); "I" runs on into the frame.
    if (typeof part !== "string" && part.kind === "img") ends = new Set();
  }
  return pairs;
}

/**
 * How many songs' worth a bank phrase counts for: the everyday bank is open to every song and a
 * mood's to every song of that mood, so their phrases are sung far more often than one topic's.
 */
const EVERYDAY_REACH = 12;
const MOOD_REACH = 4;

let cache: Map<string, number> | null = null;

/** How many templates and bank phrases (by their banks' reach) say each word pair. */
export function stockPairs(): Map<string, number> {
  if (cache) return cache;
  const counts = new Map<string, number>();
  const phrases = new Map<string, number>(DETERMINER_PHRASES.map((p) => [p, 1]));
  const moodBanks = new Set<Topic>(Object.values(MOOD_BANKS));
  const reach = (t: Topic): number =>
    t === EVERYDAY ? EVERYDAY_REACH : moodBanks.has(t) ? MOOD_REACH : 1;
  const banks: Topic[] = [...TOPICS, ...moodBanks, EVERYDAY];
  for (const t of banks) {
    const r = reach(t);
    const add = (p: string): void => void phrases.set(p, Math.max(r, phrases.get(p) ?? 0));
    for (const p of t.places) add(p.pp);
    for (const x of t.times) add(x.text);
    for (const a of t.acts) add(a.base);
    for (const i of t.images) {
      add(i.noun);
      for (const v of i.verbs) add(v.text);
    }
  }
  for (const [phrase, r] of phrases)
    for (const p of new Set(wordPairs(phrase))) counts.set(p, (counts.get(p) ?? 0) + r);
  for (const list of Object.values(PARSED))
    for (const t of list)
      for (const pair of templatePairs(t)) counts.set(pair, (counts.get(pair) ?? 0) + 1);
  return (cache = counts);
}

/** The mean over a line's word pairs of log(1 + its count in `stockPairs`). */
export function stockness(line: string): number {
  const stock = stockPairs();
  const pairs = wordPairs(line);
  let n = 0;
  for (const p of pairs) n += Math.log1p(stock.get(p) ?? 0);
  return pairs.length > 0 ? n / pairs.length : 0;
}
