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
  },
  atlas: {
    speaker: "kal16",
    breath: 0.05,
    formantScale: 1,
    aperiodicity: 0.35,
    aperiodicSpread: "near",
  },
};
