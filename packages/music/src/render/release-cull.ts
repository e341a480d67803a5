/**
 * Ends synth voices whose release has faded 60 dB below the note's own level. spessasynth keeps a
 * released voice playing until it is 90 dB down; in a mix normalized to −14 LUFS the last 30 dB
 * of a release tail lie under the band, the reverb and the dither, yet they are 10–20 % of the
 * synth's work (measured on 180 s songs). −60 dB is the reverberation-time convention for
 * "decayed": the note's audible release is kept whole.
 *
 * This reads two fields of spessasynth_core's voices (pinned at 4.3.22): `isActive` and the
 * volume envelope's `enteredRelease` / `attenuationCb` (centibels below the note's peak).
 */
import type { SpessaSynthProcessor } from "spessasynth_core";

/** Centibels below a note's peak at which its released voice ends (600 cB = 60 dB). */
export const RELEASE_END_CB = 600;

interface VoiceState {
  isActive: boolean;
  volEnv: { enteredRelease: boolean; attenuationCb: number };
}

/**
 * The synth's voice pool: the core's preallocated voices up to its voice cap (it allocates 350 and
 * assigns notes only below the cap, so the rest never play and need no look every block).
 */
export function voicePool(synth: SpessaSynthProcessor): readonly VoiceState[] {
  const core = (
    synth as unknown as {
      synthCore?: { voices?: VoiceState[]; systemParameters?: { voiceCap?: number } };
    }
  ).synthCore;
  const voices = core?.voices;
  if (!Array.isArray(voices)) throw new Error("spessasynth_core: voice pool not found");
  const cap = core?.systemParameters?.voiceCap;
  return typeof cap === "number" ? voices.slice(0, cap) : voices;
}

/** Marks faded released voices inactive; the synth skips them from its next block on. */
export function endFadedVoices(voices: readonly VoiceState[]): void {
  for (let i = 0; i < voices.length; i++) {
    const v = voices[i]!;
    if (v.isActive && v.volEnv.enteredRelease && v.volEnv.attenuationCb >= RELEASE_END_CB)
      v.isActive = false;
  }
}
