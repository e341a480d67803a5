/** How each singing voice sounds: which Flite speaker it is built on and a few colour settings. */
import type { FliteVoice } from "./flite-speech";
import type { VoiceId } from "./voices";

export interface Timbre {
  /** The CMU ARCTIC speaker Flite models: slt is a US woman, awb a Scottish man (rms, a US man, ignores the pitch Flite is asked for). */
  speaker: FliteVoice;
  /** Breath level between phrases, relative to the voice's peak. */
  breath: number;
}

export const TIMBRES: Record<VoiceId, Timbre> = {
  ember: { speaker: "slt", breath: 0.05 },
  atlas: { speaker: "awb", breath: 0.05 },
};
