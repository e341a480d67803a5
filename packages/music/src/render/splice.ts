/**
 * Splicing studio passes into the original's audio, so what a pass keeps really is the original.
 *
 * Why splice, and why render from the start: the renderer is causal and stateful (stem
 * compressors and reverbs, the section and make-up gains' ramps, the master's glue compressor and
 * look-ahead limiter all carry state from section to section), so a section rendered on its own
 * from a short preroll comes out at a slightly different level and colour, and a re-render of the
 * whole new score drifts from the original after the change (different tails, different state).
 * Rendering the new score from its first section up to the end of the changed stretch gives that
 * stretch with exactly the state the original had there — before the change the two renders are
 * the same samples (for instrumentals; a voice is placed song-wide, so there it is merely the same
 * level) — and the original's audio is kept everywhere else, byte for byte, except a short
 * crossfade at each joint. The renderer's cost is paid only up to the end of the changed stretch,
 * and the original's bytes before it can be played at once.
 *
 * Joints sit one limiter look-ahead before the section boundary, where the original's audio still
 * knows nothing of what comes next.
 */
import { originalOf } from "../compose/origin";
import type { Engine2Composition } from "../types";
import { SAMPLE_RATE, WAV_HEADER_BYTES, decodeWav, wavHeader } from "../wav";
import { MusicInputError, isMusicInputError } from "../errors";
import { TruePeakLimiter } from "./dsp";
import { mixSettings } from "./mix-settings";
import { beatToSample, sectionBounds, songSamples } from "./sampler";
import { renderSongStream } from "./song";
import type { RenderSongOptions } from "./song";

/** Length of each crossfade at a joint (well under the 50 ms a listener could hear as a seam). */
export const SPLICE_CROSSFADE_SEC = 0.02;
const XFADE = Math.round(SPLICE_CROSSFADE_SEC * SAMPLE_RATE);

/** Is this the plain 44-byte header our renderer writes (16-bit stereo PCM at 44.1 kHz)? */
function isPlainHeader(wav: Uint8Array): boolean {
  if (wav.length < WAV_HEADER_BYTES) return false;
  const view = new DataView(wav.buffer, wav.byteOffset, WAV_HEADER_BYTES);
  const tag = (o: number): string =>
    String.fromCharCode(wav[o]!, wav[o + 1]!, wav[o + 2]!, wav[o + 3]!);
  return (
    tag(0) === "RIFF" &&
    tag(8) === "WAVE" &&
    tag(12) === "fmt " &&
    view.getUint16(20, true) === 1 &&
    view.getUint16(22, true) === 2 &&
    view.getUint32(24, true) === SAMPLE_RATE &&
    view.getUint16(34, true) === 16 &&
    tag(36) === "data" &&
    view.getUint32(40, true) === wav.length - WAV_HEADER_BYTES
  );
}

/** Interleaved stereo 16-bit samples of a WAV, or a clear error. */
function stereoPcm(wav: Uint8Array, what: string): Int16Array {
  // Our own WAVs: a view on the bytes (no copy, no per-sample decode), so the original's audio is
  // ready to stream at once.
  if (isPlainHeader(wav) && (wav.length - WAV_HEADER_BYTES) % 4 === 0) {
    const body = wav.subarray(WAV_HEADER_BYTES);
    const aligned = body.byteOffset % 2 === 0 ? body : body.slice();
    return new Int16Array(aligned.buffer, aligned.byteOffset, aligned.length / 2);
  }
  let decoded;
  try {
    decoded = decodeWav(wav);
  } catch (err) {
    throw new MusicInputError(
      what,
      `The ${what} audio is not a 16-bit WAV file (${(err as Error).message}).`,
    );
  }
  if (decoded.channels !== 2 || decoded.sampleRate !== SAMPLE_RATE) {
    throw new MusicInputError(what, `The ${what} audio must be 44.1 kHz stereo.`);
  }
  return decoded.samples;
}

/**
 * Why `wav` cannot be the original audio a studio pass is spliced into — not a 16-bit 44.1 kHz
 * stereo WAV, or not the original's length (a truncated or corrupt file, another song's or
 * engine's) — or null when it can. A stored original that fails this is rendered again instead.
 */
export function originalAudioMismatch(pass: Engine2Composition, wav: Uint8Array): string | null {
  const original = originalOf(pass);
  if (!original) return "the score was not made by a studio pass";
  let frames: number;
  try {
    frames = stereoPcm(wav, "original").length / 2;
  } catch (err) {
    if (isMusicInputError(err)) return err.message;
    throw err;
  }
  const expected = songSamples(original);
  return frames === expected
    ? null
    : `it holds ${frames} frames where the original has ${expected}`;
}

const bytesOf = (pcm: Int16Array, fromFrame: number, toFrame: number): Uint8Array =>
  new Uint8Array(pcm.buffer, pcm.byteOffset + fromFrame * 4, Math.max(0, toFrame - fromFrame) * 4);

/** Raised-cosine fade-in gain at step i of n (the two gains of a joint sum to 1). */
const fadeIn = (i: number, n: number): number => 0.5 - 0.5 * Math.cos((Math.PI * (i + 0.5)) / n);

/**
 * Frames [start, end) of the song, fading from `a` out to `b` in (`aAt` and `bAt` are the song
 * frames where each array begins).
 */
function crossfade(
  a: Int16Array,
  aAt: number,
  b: Int16Array,
  bAt: number,
  start: number,
  end: number,
): Int16Array {
  const n = end - start;
  const out = new Int16Array(n * 2);
  for (let i = 0; i < n; i++) {
    const g = fadeIn(i, n);
    for (let ch = 0; ch < 2; ch++) {
      const x = a[(start + i - aAt) * 2 + ch]!;
      const y = b[(start + i - bAt) * 2 + ch]!;
      out[i * 2 + ch] = Math.max(-32768, Math.min(32767, Math.round(x * (1 - g) + y * g)));
    }
  }
  return out;
}

export interface SpliceWindow {
  /** First frame that is the insert's (the crossfade into it ends here). */
  from: number;
  /** First frame that is the base's again (the crossfade back ends here); omitted: the insert runs to its end. */
  to?: number;
  /** Crossfade length in frames (default 20 ms); shortened where the song's start leaves less room. */
  crossfade?: number;
}

/**
 * `insert` spliced into `base` (both 16-bit stereo WAVs on the same timeline): the base's frames
 * before `from − crossfade` and from `to` on are copied exactly, the insert's in between, with a
 * raised-cosine crossfade ending at `from` and one ending at `to`. Without `to`, the result runs
 * to the insert's end (a continuation).
 */
export function spliceWav(base: Uint8Array, insert: Uint8Array, window: SpliceWindow): Uint8Array {
  const a = stereoPcm(base, "original");
  const b = stereoPcm(insert, "new");
  const aFrames = a.length / 2;
  const bFrames = b.length / 2;
  const x = window.crossfade ?? XFADE;
  const from = Math.round(window.from);
  const to = window.to === undefined ? undefined : Math.round(window.to);
  const frames = to === undefined ? bFrames : aFrames;
  const x0 = Math.min(x, from);
  if (!Number.isInteger(x) || x < 0 || x > Math.round(0.05 * SAMPLE_RATE)) {
    throw new MusicInputError("crossfade", "A crossfade is 0 to 50 ms (0 to 2205 frames).");
  }
  if (
    from < 0 ||
    from > Math.min(aFrames, bFrames) ||
    (to !== undefined && (to - x < from || to > Math.min(aFrames, bFrames)))
  ) {
    throw new MusicInputError(
      "window",
      `Cannot splice frames ${from}–${to ?? bFrames}: out of the audio's range.`,
    );
  }
  const out = new Int16Array(frames * 2);
  out.set(a.subarray(0, (from - x0) * 2), 0);
  out.set(crossfade(a, 0, b, 0, from - x0, from), (from - x0) * 2);
  if (to === undefined) {
    out.set(b.subarray(from * 2), from * 2);
  } else {
    out.set(b.subarray(from * 2, (to - x) * 2), from * 2);
    out.set(crossfade(b, 0, a, 0, to - x, to), (to - x) * 2);
    out.set(a.subarray(to * 2), to * 2);
  }
  const wav = new Uint8Array(WAV_HEADER_BYTES + frames * 4);
  wav.set(wavHeader(frames), 0);
  wav.set(new Uint8Array(out.buffer), WAV_HEADER_BYTES);
  return wav;
}

/** How far the master's look-ahead limiter reaches back before an event (frames). */
function lookAhead(c: Engine2Composition): number {
  return new TruePeakLimiter(mixSettings(c.genre).master.ceilingDbtp).latency;
}

export interface StudioRenderOptions extends RenderSongOptions {
  /** The original song's WAV as rendered (from the audio store); rendered here when missing. */
  originalWav?: Uint8Array;
}

/** The new score's PCM from its start through section `last` (the renderer's chunks, joined). */
async function renderThrough(
  c: Engine2Composition,
  last: number,
  options: RenderSongOptions,
): Promise<Int16Array> {
  const pieces: Uint8Array[] = [];
  let frames = 0;
  for await (const chunk of renderSongStream(c, options)) {
    const body = chunk.section === 0 ? chunk.bytes.subarray(WAV_HEADER_BYTES) : chunk.bytes;
    const copy = new Uint8Array(body);
    const pcm = new Int16Array(copy.buffer);
    pieces.push(copy);
    frames += pcm.length / 2;
    if (chunk.section >= last) break;
  }
  const all = new Int16Array(frames * 2);
  let o = 0;
  for (const p of pieces) {
    all.set(new Int16Array(p.buffer), o);
    o += p.length / 2;
  }
  return all;
}

function requireSameForm(
  original: Engine2Composition,
  next: Engine2Composition,
  sections: number,
): void {
  const same =
    original.tempo === next.tempo &&
    original.sections.length >= sections &&
    next.sections.length >= sections &&
    original.sections
      .slice(0, sections)
      .every((s, i) => s.startBeat === next.sections[i]!.startBeat);
  if (!same) {
    throw new MusicInputError(
      "composition",
      "The new score does not share the original's form, so it cannot be spliced into its audio.",
    );
  }
}

/**
 * The replaced song's WAV as a stream: the original's audio up to the section (at once), then the
 * new section (once the new score is rendered through it), then the original's audio again.
 * Concatenated, the chunks are the WAV `renderReplacedSection` returns.
 */
export async function* streamReplacedSection(
  original: Engine2Composition,
  replaced: Engine2Composition,
  section: number,
  options: StudioRenderOptions = {},
): AsyncGenerator<Uint8Array> {
  requireSameForm(original, replaced, original.sections.length);
  if (
    replaced.sections.length !== original.sections.length ||
    original.durationSec !== replaced.durationSec
  ) {
    throw new MusicInputError(
      "composition",
      "The new score is not the original with one section replaced.",
    );
  }
  if (!Number.isInteger(section) || section < 0 || section >= original.sections.length) {
    throw new MusicInputError("section", `Unknown section ${section}.`);
  }
  const a = stereoPcm(
    options.originalWav ?? (await renderStudioSong(original, { vocals: options.vocals })),
    "original",
  );
  const total = songSamples(original);
  if (a.length / 2 !== total) {
    throw new MusicInputError(
      "original",
      "The original audio is not this song's (its length differs).",
    );
  }
  const bounds = sectionBounds(original);
  const late = lookAhead(original);
  const last = section === original.sections.length - 1;
  const from = section === 0 ? 0 : bounds[section]! - late;
  const to = last ? total : bounds[section + 1]! - late;
  const x0 = Math.min(XFADE, from);
  const header = wavHeader(total);
  const head = bytesOf(a, 0, from - x0);
  const first = new Uint8Array(header.length + head.length);
  first.set(header, 0);
  first.set(head, header.length);
  yield first;
  const b = await renderThrough(replaced, section, options);
  yield new Uint8Array(crossfade(a, 0, b, 0, from - x0, from).buffer);
  if (last) {
    yield bytesOf(b, from, total);
    return;
  }
  yield bytesOf(b, from, to - XFADE);
  yield new Uint8Array(crossfade(b, 0, a, 0, to - XFADE, to).buffer);
  yield bytesOf(a, to, total);
}

/**
 * The extended song's WAV as a stream: the original's audio up to where the continuation starts
 * (at once), then the extended score's render from there on, section by section as it is made.
 */
export async function* streamExtendedSong(
  original: Engine2Composition,
  extended: Engine2Composition,
  options: StudioRenderOptions = {},
): AsyncGenerator<Uint8Array> {
  const n = original.sections.length;
  requireSameForm(original, extended, n);
  if (extended.sections.length <= n || extended.durationSec <= original.durationSec) {
    throw new MusicInputError("composition", "The new score does not continue the original.");
  }
  const a = stereoPcm(
    options.originalWav ?? (await renderStudioSong(original, { vocals: options.vocals })),
    "original",
  );
  if (a.length / 2 !== songSamples(original)) {
    throw new MusicInputError(
      "original",
      "The original audio is not this song's (its length differs).",
    );
  }
  const total = songSamples(extended);
  const from = beatToSample(extended, original.totalBeats) - lookAhead(extended);
  const header = wavHeader(total);
  const head = bytesOf(a, 0, from - XFADE);
  const first = new Uint8Array(header.length + head.length);
  first.set(header, 0);
  first.set(head, header.length);
  yield first;
  // Render the extended score; once it has passed the joint, pass its audio on as it comes.
  let buffered: Int16Array[] = [];
  let bufferedAt = 0;
  let at = 0;
  let joined = false;
  for await (const chunk of renderSongStream(extended, options)) {
    const body = chunk.section === 0 ? chunk.bytes.subarray(WAV_HEADER_BYTES) : chunk.bytes;
    const pcm = new Int16Array(new Uint8Array(body).buffer);
    const start = at;
    at += pcm.length / 2;
    if (joined) {
      yield new Uint8Array(pcm.buffer);
      continue;
    }
    if (buffered.length === 0) bufferedAt = start;
    buffered.push(pcm);
    if (at < from) continue;
    const b = new Int16Array((at - bufferedAt) * 2);
    let o = 0;
    for (const p of buffered) {
      b.set(p, o);
      o += p.length;
    }
    buffered = [];
    joined = true;
    yield new Uint8Array(crossfade(a, 0, b, bufferedAt, from - XFADE, from).buffer);
    yield bytesOf(b, from - bufferedAt, at - bufferedAt);
  }
}

async function collect(stream: AsyncGenerator<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of stream) parts.push(p);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The replaced song's WAV: the original's audio outside the section, exactly, the new inside. */
export function renderReplacedSection(
  original: Engine2Composition,
  replaced: Engine2Composition,
  section: number,
  options: StudioRenderOptions = {},
): Promise<Uint8Array> {
  return collect(streamReplacedSection(original, replaced, section, options));
}

/** The extended song's WAV: the original's audio, exactly, then the continuation. */
export function renderExtendedSong(
  original: Engine2Composition,
  extended: Engine2Composition,
  options: StudioRenderOptions = {},
): Promise<Uint8Array> {
  return collect(streamExtendedSong(original, extended, options));
}

/**
 * Where a studio pass's new stretch joins the original's audio — the same joints its WAV is
 * spliced at (see streamReplacedSection, streamExtendedSong) — or null for a score not made by a
 * pass. Used to splice the stems the same way as the song.
 */
export function studioSpliceWindow(
  c: Engine2Composition,
): { original: Engine2Composition; window: SpliceWindow } | null {
  const original = originalOf(c);
  if (!original || !c.origin) return null;
  if (c.origin.pass === "replace-section") {
    const section = c.origin.section;
    const bounds = sectionBounds(original);
    const late = lookAhead(original);
    const from = section === 0 ? 0 : bounds[section]! - late;
    const last = section === original.sections.length - 1;
    return { original, window: last ? { from } : { from, to: bounds[section + 1]! - late } };
  }
  return { original, window: { from: beatToSample(c, original.totalBeats) - lookAhead(c) } };
}

/**
 * Any engine-2 score's WAV as a stream, studio passes included: a score made by a pass (it has an
 * `origin`) is the original's audio with the new stretch spliced in, the original being rebuilt
 * from the score (and rendered, unless its WAV is given); any other score renders as usual. Same
 * score and options → same bytes, so a pass's audio can always be rendered again.
 */
export async function* streamStudioSong(
  c: Engine2Composition,
  options: StudioRenderOptions = {},
): AsyncGenerator<Uint8Array> {
  const original = originalOf(c);
  if (!original || !c.origin) {
    for await (const chunk of renderSongStream(c, { vocals: options.vocals })) yield chunk.bytes;
    return;
  }
  if (c.origin.pass === "replace-section") {
    yield* streamReplacedSection(original, c, c.origin.section, options);
  } else {
    yield* streamExtendedSong(original, c, options);
  }
}

/** `streamStudioSong`, joined: the WAV of any engine-2 score, studio passes included. */
export function renderStudioSong(
  c: Engine2Composition,
  options: StudioRenderOptions = {},
): Promise<Uint8Array> {
  return collect(streamStudioSong(c, options));
}
