/**
 * Syllable counting and splitting on top of src/phonetics (the CMU pronouncing dictionary, then
 * rules), so a line's syllable count, its stresses and the sung syllables always agree.
 */
import { spellSyllables, wordSyllableCount } from "./phonetics";

/** Syllables in one word (at least 1 for any word with a letter or digit). */
export function countWordSyllables(word: string): number {
  if (/[\p{L}]/u.test(word)) return Math.max(1, wordSyllableCount(word));
  const digits = word.replace(/[^0-9]/g, "").length;
  return digits > 0 ? Math.max(1, digits) : 0;
}

/** Split text into words (keeps internal apostrophes and hyphens). */
export function splitWords(text: string): string[] {
  return text.split(/\s+/).filter((t) => /[A-Za-z0-9\p{L}]/u.test(t));
}

/** Syllables in a line or any text. */
export function countSyllables(text: string): number {
  let n = 0;
  for (const w of splitWords(text)) n += countWordSyllables(w);
  return n;
}

/**
 * Split one word into `countWordSyllables(word)` pieces; the pieces joined give the word back
 * exactly (punctuation stays attached).
 */
export function splitWordSyllables(word: string): string[] {
  const n = countWordSyllables(word);
  if (n <= 1) return [word];
  return spellSyllables(word, n);
}

/** A line as sung syllables, in order; joining them with the original spacing rebuilds the words. */
export function lineSyllables(line: string): string[] {
  const out: string[] = [];
  for (const w of splitWords(line)) out.push(...splitWordSyllables(w));
  return out;
}
