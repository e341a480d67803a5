/**
 * English phonetics for the lyric writer (syllable counts, stress, rhymes), the composer (stressed
 * syllables on strong beats) and the singing voice (phones per syllable). Built on the CMU
 * pronouncing dictionary (npm `cmu-pronouncing-dictionary`, ISC), with rules for unknown words.
 */
export { VOWELS, CONSONANTS, isVowel, isPhone, splitStress } from "./arpabet";
export type { Vowel, Consonant, Phone, Stress } from "./arpabet";
export { syllabify } from "./syllabify";
export type { PhoneticSyllable } from "./syllabify";
export { letterToSound } from "./letter-to-sound";
export {
  pronounce,
  normalizeWord,
  isFunctionWord,
  wordSyllableCount,
  lineStresses,
  rhymeKey,
  wordsRhyme,
} from "./pronounce";
export type { Pronunciation } from "./pronounce";
export { spellSyllables, sungSyllables } from "./spelling";
export type { SungSyllable } from "./spelling";
