/** Word-level helpers shared by the writer and its checks. */
import { isFunctionWord } from "../phonetics";
import { isPastForm, singularOf, verbBase } from "./inflect";

/** Words that carry no image or action of their own, beyond the phonetics' function words. */
const LIGHT = new Set(
  (
    "i'm i'll i've i'd we're we'll we've we'd you're you'll you've you'd it's there's that's " +
    "what's who's let's don't can't won't didn't isn't ain't nothing's " +
    "still just only even ever never always again here now then some every one more much " +
    "like way used let can't could would should will can be been being am get got go " +
    "said say know knew think thought see saw feel felt"
  ).split(" "),
);

const contentCache = new Map<string, boolean>();
export const isContentWord = (word: string): boolean => {
  let r = contentCache.get(word);
  if (r === undefined) {
    const w = word.toLowerCase().replace(/[^a-z']/g, "");
    r = w.length > 1 && !isFunctionWord(w) && !LIGHT.has(w);
    if (contentCache.size < 50_000) contentCache.set(word, r);
  }
  return r;
};

/** A crude lemma: singular noun / base verb, good enough to spot "light … lights". */
const lemmaCache = new Map<string, string>();
export function lemma(word: string): string {
  let l = lemmaCache.get(word);
  if (l === undefined) {
    l = computeLemma(word);
    if (lemmaCache.size < 50_000) lemmaCache.set(word, l);
  }
  return l;
}

function computeLemma(word: string): string {
  const w = word.toLowerCase().replace(/[^a-z']/g, "");
  if (/ing$/.test(w) && w.length > 5) return verbBase(w, "Gerund");
  if (/ed$/.test(w) && w.length > 4) return verbBase(w, "PastTense");
  if (/s$/.test(w) && w.length > 3 && !/ss$/.test(w)) return singularOf(w.replace(/'s$/, ""));
  if (isPastForm(w)) return verbBase(w, "PastTense"); // "ran" → "run", "won" → "win"
  return w;
}

/** Lemmas of a line's content words, in order (repeats kept, so callers can spot them). */
export function contentLemmas(line: string): string[] {
  return line
    .split(/[\s,]+/)
    .filter(isContentWord)
    .map(lemma);
}
