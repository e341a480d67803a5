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

/**
 * A counted thing ("two hands", "a thousand lights" as a bank or description noun): it keeps its
 * "the" ("all the three dots" reads wrong) and makes no composed place, "when" or action
 * ("among two hands", "till two hands shake").
 */
export const COUNTED =
  /^(one|two|three|four|five|six|seven|eight|nine|ten|twelve|hundred|thousand) /;

/** A line's words, lower-cased, punctuation dropped (apostrophes kept: "don't"). */
export const wordsOf = (line: string): string[] =>
  line
    .toLowerCase()
    .replace(/[^a-z' ]/g, " ")
    .split(/\s+/)
    .filter(Boolean);

/** A line's neighbouring word pairs ("in the", "the light"), as distinct-2 counts them. */
export const wordPairs = (line: string): string[] => {
  const w = wordsOf(line);
  return w.slice(1).map((x, i) => `${w[i]} ${x}`);
};

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

/**
 * Words built on one stem ("haze" / "hazy", "rust" / "rusted", "sleep" / "sleepless", "sun" /
 * "sunny"), so "hazy haze" is never sung: their stems match, or one stem of four letters or more
 * starts the other ("moon" / "moonlit").
 */
export function sameStem(a: string, b: string): boolean {
  const x = stemOf(a);
  const y = stemOf(b);
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short === long || (short.length >= 4 && long.startsWith(short));
}

const STEM_SUFFIX = /(less|ness|ful|ing|ed|en|ly|y|e|s)$/;
function stemOf(word: string): string {
  const w = word.toLowerCase();
  const cut = w.replace(STEM_SUFFIX, "");
  if (cut.length < 3) return w;
  // "sunny" → "sun", "fogged" → "fog".
  return /(.)\1$/.test(cut) && cut.length > 3 ? cut.slice(0, -1) : cut;
}

/** Whether two words side by side share a stem ("hazy haze", "sleep, sleepy"). */
export function echoesStem(line: string): boolean {
  const w = wordsOf(line);
  for (let i = 1; i < w.length; i++) {
    const [a = "", b = ""] = [w[i - 1], w[i]];
    if (a !== b && isContentWord(a) && isContentWord(b) && sameStem(a, b)) return true;
  }
  return false;
}
