/** Sung syllables of a line: each syllable's spelling (for display) beside its phones (for the voice). */
import { isFunctionWord, pronounce } from "./pronounce";
import type { PhoneticSyllable } from "./syllabify";

/**
 * Split a word's spelling into `count` pieces that join back to the word exactly (punctuation
 * stays attached): cuts go before the consonant that precedes each later vowel group.
 */
export function spellSyllables(word: string, count: number): string[] {
  if (count <= 1) return [word];
  const lower = word.toLowerCase();
  const starts: number[] = [];
  const groups = /[aeiouy]+/g;
  for (let m = groups.exec(lower); m !== null; m = groups.exec(lower)) {
    const end = m.index + m[0].length;
    if (m.index === 0 && m[0] === "y") continue; // "y" as a consonant ("yellow")
    if (m[0] === "e" && starts.length > 0 && /^[^a-z]*$/.test(lower.slice(end))) continue; // silent final e
    if (m[0] === "e" && starts.length > 0 && /^[sd][^a-z]*$/.test(lower.slice(end))) continue; // "-es", "-ed"
    starts.push(m.index);
  }
  const cuts: number[] = [];
  if (starts.length >= count) {
    for (let k = 1; k < count; k++) {
      const start = starts[k] as number;
      const previous = starts[k - 1] as number;
      cuts.push(start - 1 > previous && /[a-z]/.test(lower[start - 1] ?? "") ? start - 1 : start);
    }
  } else {
    // Fewer vowel groups than sounds ("fire" F AY ER, "poem"): split the spelling evenly.
    for (let k = 1; k < count; k++) cuts.push(Math.round((k * word.length) / count));
  }
  const pieces: string[] = [];
  let from = 0;
  for (const cut of cuts) {
    if (cut <= from || cut >= word.length) continue;
    pieces.push(word.slice(from, cut));
    from = cut;
  }
  pieces.push(word.slice(from));
  while (pieces.length < count) pieces.push("");
  return pieces;
}

export interface SungSyllable {
  /** Spelling shown under the note; the pieces of a word join back to it. */
  text: string;
  /** Index of the word in the line (words are split on whitespace). */
  word: number;
  /** True for the word's first syllable. */
  wordStart: boolean;
  phones: PhoneticSyllable;
  /** 0, 1 or 2; monosyllabic function words ("the", "to") are 0. */
  stress: 0 | 1 | 2;
}

/** A line as sung syllables, in order. Tokens without letters or digits ("—", "&") are skipped. */
export function sungSyllables(line: string): SungSyllable[] {
  const out: SungSyllable[] = [];
  const words = line.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token));
  words.forEach((token, word) => {
    const { syllables } = pronounce(token);
    const weak = syllables.length === 1 && isFunctionWord(token);
    const spelled = spellSyllables(token, syllables.length);
    syllables.forEach((phones, i) => {
      out.push({
        text: spelled[i] ?? "",
        word,
        wordStart: i === 0,
        phones,
        stress: weak ? 0 : phones.stress,
      });
    });
  });
  return out;
}
