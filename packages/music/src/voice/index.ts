/** The singing voice: VocalNotes in, a mono vocal track out (the `vocals` stem before mixing). */
export { renderVoice, RELEASE_SEC, PEAK_LEVEL } from "./render";
export type { RenderVoiceOptions } from "./render";
export { VoiceInputError } from "./notes";
export { VOICES, VOICE_IDS, isVoiceId, voiceInfo } from "./voices";
export type { VoiceId, VoiceInfo } from "./voices";
export type { VocalNote } from "./types";
export { yinPitch } from "./yin";
export type { PitchFrame } from "./yin";
