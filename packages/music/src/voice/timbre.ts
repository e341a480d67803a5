/** How each singing voice sounds: which Flite speaker it is built on and a few colour settings. */
import type { FliteVoice } from "./flite-speech";
import type { VoiceId } from "./voices";

export interface Timbre {
  /**
   * The Flite voice it is built on: slt, a US woman (clustergen), for the higher voice; kal16, a
   * US man (diphones), for the lower one. kal16 was clearer sung than awb (recall 48/55/46 % vs
   * 37/47/35 % on the same three songs).
   */
  speaker: FliteVoice;
  /** Breath level between phrases, relative to the voice's peak. */
  breath: number;
  /** Formants moved by this factor (a shorter or longer vocal tract). */
  formantScale: number;
  /** Breathy, aperiodic part of the voiced sound, and where it goes (see psola.ts). */
  aperiodicity: number;
  aperiodicSpread: "near" | "period";
  /**
   * Consonants sung this much louder than Flite says them beside its vowels: held, pitched vowels
   * carry the tune, and the consonants that tell the words apart can drown beside them.
   */
  consonantGain: number;
}

export const TIMBRES: Record<VoiceId, Timbre> = {
  ember: {
    speaker: "slt",
    breath: 0.05,
    formantScale: 1,
    // 0.5, not 0.7: the same recall on the first bench songs (33.5 % vs ~33 %) with clearer pitch
    // at the top of the range (YIN, low-passed at 1 kHz: 2 unclear frames of 22 at E5, not 3).
    aperiodicity: 0.5,
    aperiodicSpread: "period",
    // +3.5 dB. Pocketsphinx's recall on this voice's 10 bench songs: 33.6 % at 1, 36.1 % at 1.3,
    // 38.2 % at 1.5, 35.7 % at 1.7, 34.8 % at 2 (the consonants begin to set the peak the voice
    // is normalised to: its RMS below that peak went −18.4 → −20.4 → −22.0 dB at 1, 1.5, 2);
    // only the voiced or only the unvoiced ones at 1.5, 34.3 / 33.7 %. On 10 other songs
    // (seeds 101–119) 29.2 → 31.5 %.
    consonantGain: 1.5,
  },
  atlas: {
    speaker: "kal16",
    breath: 0.05,
    formantScale: 1,
    aperiodicity: 0.35,
    aperiodicSpread: "near",
    // 1.5 left its recall level (bench songs 43.6 → 43.8 %, ten others 50.5 → 49.8 %).
    consonantGain: 1,
  },
};
