/** What the voice needs to know about each ARPAbet phone: how Flite names it and how it sounds. */
import type { Consonant, Phone, Vowel } from "../phonetics";

/** Phones sung with the vocal folds vibrating (they carry the melody's pitch). */
const VOICED_CONSONANTS: ReadonlySet<Consonant> = new Set([
  "B",
  "D",
  "DH",
  "G",
  "JH",
  "L",
  "M",
  "N",
  "NG",
  "R",
  "V",
  "W",
  "Y",
  "Z",
  "ZH",
]);

/** Vowels whose quality glides to another: sung on the first part, the glide left to the end. */
const DIPHTHONGS: ReadonlySet<Vowel> = new Set(["AY", "AW", "OY", "EY", "OW"]);

export const isVoicedConsonant = (phone: Consonant): boolean => VOICED_CONSONANTS.has(phone);
export const isDiphthong = (vowel: Vowel): boolean => DIPHTHONGS.has(vowel);

/**
 * Flite's name for a phone: ARPAbet in lower case, a vowel with its stress digit ("ay1"). Flite's
 * lexicon knows stressed and unstressed only, so secondary stress counts as stressed.
 */
export function flitePhone(phone: Phone, stress: number | null = null): string {
  const name = phone.toLowerCase();
  return stress === null ? name : `${name}${stress === 0 ? 0 : 1}`;
}
