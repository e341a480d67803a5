/**
 * How long the product's render pool gives one render, and so how long the API's render job
 * waits for it: RENDER_TIMEOUT_MS plus RENDER_TIMEOUT_MS_PER_AUDIO_SEC per second of the song.
 * A sung 60 s song takes 2–4 s of CPU on a quiet core, but ~15–25 s on a machine at load 10–20
 * (docs/PERFORMANCE.md), where one fixed 30 s timeout failed 90 s and 120 s songs (and at load
 * 15, 60 s ones): the time given grows with the work (30 s → 35 s, 60 s → 50 s, 150 s → 95 s,
 * 240 s → 140 s).
 */
export const RENDER_TIMEOUT_MS = 20_000;
export const RENDER_TIMEOUT_MS_PER_AUDIO_SEC = 500;

/**
 * The time one render of `durationSec` seconds of audio is given (ms): the product's figures
 * unless a pool is built with its own (tests, benches).
 */
export function renderTimeoutMs(
  durationSec: number,
  baseMs: number = RENDER_TIMEOUT_MS,
  perAudioSecMs: number = RENDER_TIMEOUT_MS_PER_AUDIO_SEC,
): number {
  return Math.round(baseMs + perAudioSecMs * durationSec);
}
