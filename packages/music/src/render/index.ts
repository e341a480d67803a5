/**
 * Rendering, both engines: engine-1 scores through the original oscillator synth (byte-identical
 * to what they always rendered), engine-2 scores through the SoundFont renderer, mixer and master.
 */
import { renderWav as renderEngine1Wav } from "./engine1/synth";
import type { Composition, Engine2Composition, StemName } from "../types";
import { isEngine2 } from "../types";
import { WAV_HEADER_BYTES, encodeWavFloat, wavHeader } from "../wav";
import { renderSongStream, renderSongWav } from "./song";
import type { RenderSongOptions, SectionChunk, VocalRenderer } from "./song";
import { INSTRUMENT_STEMS } from "./sampler";

export { renderSongStream, sectionTargets, TARGET_LUFS } from "./song";
export type { RenderSongOptions, SectionChunk, VocalRenderer };
export { LoudnessMeter, measureLoudness } from "./loudness";
export type { LoudnessReport } from "./loudness";
export { sectionEvents } from "./events";
export { loadBank, bankPath } from "./bank";
export {
  SPLICE_CROSSFADE_SEC,
  renderExtendedSong,
  renderReplacedSection,
  renderStudioSong,
  spliceWav,
  originalAudioMismatch,
  streamExtendedSong,
  streamReplacedSection,
  streamStudioSong,
} from "./splice";
export type { SpliceWindow, StudioRenderOptions } from "./splice";
export { renderStudioStems } from "./studio-stems";

/** The song's WAV (16-bit stereo, 44.1 kHz), whichever engine made the score. */
export async function renderSong(
  c: Composition,
  options: RenderSongOptions = {},
): Promise<Uint8Array> {
  if (!isEngine2(c)) return renderEngine1Wav(c);
  return renderSongWav(c, options);
}

export interface Stem {
  name: StemName;
  /** Stereo 32-bit float WAV, before the master bus (the stems sum to the pre-master mix). */
  wav: Uint8Array;
}

export interface StemsResult {
  stems: Stem[];
  /** The sum of the stems: the mix before the master bus (32-bit float WAV). */
  premaster: Uint8Array;
  /** The finished song (16-bit WAV), the same bytes `renderSong` gives. */
  wav: Uint8Array;
}

export interface RenderStemsOptions extends RenderSongOptions {
  /**
   * Stop after this section: the stems and the WAV then hold the song from its start through that
   * section only (the same frames as the whole render's; a studio pass needs no more of its new
   * score than the section it replaced).
   */
  throughSection?: number;
}

/**
 * The song as stems — drums, bass, harmony, lead (and vocals when sung with a voice) — rendered in
 * the same pass as the song. Engine-1 songs have no stems (their synth mixes as it plays).
 */
export async function renderStems(
  c: Engine2Composition,
  options: RenderStemsOptions = {},
): Promise<StemsResult> {
  const names: StemName[] = [...INSTRUMENT_STEMS];
  const pieces = new Map<StemName, { left: Float32Array[]; right: Float32Array[] }>();
  const wavParts: Uint8Array[] = [];
  let frames = 0;
  for await (const chunk of renderSongStream(c, { ...options, withStems: true })) {
    const body = chunk.section === 0 ? chunk.bytes.subarray(WAV_HEADER_BYTES) : chunk.bytes;
    wavParts.push(body);
    frames += body.length / 4;
    for (const [name, buf] of Object.entries(chunk.stems ?? {}) as [
      StemName,
      { left: Float32Array; right: Float32Array },
    ][]) {
      if (!pieces.has(name)) pieces.set(name, { left: [], right: [] });
      pieces.get(name)!.left.push(buf.left);
      pieces.get(name)!.right.push(buf.right);
    }
    if (options.throughSection !== undefined && chunk.section >= options.throughSection) break;
  }
  if (pieces.has("vocals")) names.push("vocals");
  const join = (xs: Float32Array[]): Float32Array => {
    const out = new Float32Array(xs.reduce((n, x) => n + x.length, 0));
    let o = 0;
    for (const x of xs) {
      out.set(x, o);
      o += x.length;
    }
    return out;
  };
  const stems: Stem[] = [];
  let sumL: Float32Array | null = null;
  let sumR: Float32Array | null = null;
  for (const name of names) {
    const p = pieces.get(name);
    if (!p) continue;
    const l = join(p.left);
    const r = join(p.right);
    if (!sumL || !sumR) {
      sumL = new Float32Array(l.length);
      sumR = new Float32Array(r.length);
    }
    for (let i = 0; i < l.length; i++) {
      sumL[i] = sumL[i]! + l[i]!;
      sumR[i] = sumR[i]! + r[i]!;
    }
    stems.push({ name, wav: encodeWavFloat(l, r) });
  }
  const wav = new Uint8Array(WAV_HEADER_BYTES + frames * 4);
  wav.set(wavHeader(frames), 0);
  let o = WAV_HEADER_BYTES;
  for (const x of wavParts) {
    wav.set(x, o);
    o += x.length;
  }
  return {
    stems,
    premaster: encodeWavFloat(sumL ?? new Float32Array(0), sumR ?? new Float32Array(0)),
    wav,
  };
}

/**
 * The song progressively: `onChunk` gets the WAV header with the first section's audio as soon as
 * it is rendered, then each following section's audio; concatenated, they are the song's WAV.
 * Engine-1 songs arrive as one chunk.
 */
export async function renderSongProgressive(
  c: Composition,
  onChunk: (bytes: Uint8Array, section: number) => void | Promise<void>,
  options: RenderSongOptions = {},
): Promise<void> {
  if (!isEngine2(c)) {
    await onChunk(renderEngine1Wav(c), 0);
    return;
  }
  for await (const chunk of renderSongStream(c, options)) await onChunk(chunk.bytes, chunk.section);
}

/** Engine 1's renderer (synchronous), for engine-1 scores. */
export { renderEngine1Wav };
export { renderAudio as renderEngine1Audio } from "./engine1/synth";
