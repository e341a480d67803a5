/** What the singing voice is given: notes in seconds, each with the syllable it starts (if any). */
import type { PhoneticSyllable } from "../phonetics";

export interface VocalNote {
  /** When the note's vowel begins, in seconds from the start of the song (consonants come before). */
  startSec: number;
  durSec: number;
  /** Scored pitch, MIDI note number. */
  midi: number;
  /** 1..127 */
  velocity: number;
  /** The syllable this note starts; null when it continues the previous syllable (a melisma). */
  syllable: { text: string; phones: PhoneticSyllable } | null;
  /** A phrase ends after this note: the singer breathes before the next one. */
  phraseEnd: boolean;
}
