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
  /** Breathy, aperiodic part of the voiced sound (see psola.ts). */
  aperiodicity: number;
}

export const TIMBRES: Record<VoiceId, Timbre> = {
  ember: {
    speaker: "slt",
    breath: 0.05,
    formantScale: 1,
    aperiodicity: 0,
  },
  atlas: {
    speaker: "kal16",
    breath: 0.05,
    formantScale: 1,
    aperiodicity: 0.35,
  },
};
