/**
 * The singing voices a song can have. The composer keeps the melody inside the chosen voice's
 * range; the id is stored in the composition, so it must never change meaning once released.
 */
export interface VoiceInfo {
  id: string;
  name: string;
  /** Comfortable sung range, MIDI note numbers [lowest, highest]. */
  range: readonly [number, number];
  description: string;
}

export const VOICES = [
  {
    id: "ember",
    name: "Ember",
    range: [57, 76],
    description: "A higher voice (A3–E5), bright and clear",
  },
  {
    id: "atlas",
    name: "Atlas",
    range: [45, 64],
    description: "A lower voice (A2–E4), warm and steady",
  },
] as const satisfies readonly VoiceInfo[];

export type VoiceId = (typeof VOICES)[number]["id"];

export const VOICE_IDS = VOICES.map((v) => v.id) as [VoiceId, ...VoiceId[]];

export const isVoiceId = (value: unknown): value is VoiceId =>
  typeof value === "string" && VOICES.some((v) => v.id === value);

export function voiceInfo(id: VoiceId): VoiceInfo {
  return VOICES.find((v) => v.id === id) as VoiceInfo;
}
