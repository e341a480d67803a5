/**
 * The stems of a studio pass's song, spliced like its audio. A pass's song is the original's
 * audio with the new stretch spliced in (see splice.ts); stems rendered from the new score alone
 * would not be that song (an extension's voice is placed song-wide, so it sings the original's
 * part differently), and would not line up with the song in someone's own software. So each stem
 * is the original's stem with the new score's stem spliced in at the same joints, with the same
 * raised-cosine crossfades, and the finished WAV is the original's with the new one spliced in:
 * the same bytes `renderStudioSong` gives.
 */
import type { Engine2Composition } from "../types";
import { SAMPLE_RATE, decodeWavStereo, encodeWavFloat } from "../wav";
import { renderStems } from "./index";
import type { Stem, StemsResult } from "./index";
import { SPLICE_CROSSFADE_SEC, spliceWav, studioSpliceWindow } from "./splice";
import type { SpliceWindow } from "./splice";
import type { RenderSongOptions } from "./song";

const XFADE = Math.round(SPLICE_CROSSFADE_SEC * SAMPLE_RATE);

/** Raised-cosine fade-in gain at step i of n, as spliceWav uses. */
const fadeIn = (i: number, n: number): number => 0.5 - 0.5 * Math.cos((Math.PI * (i + 0.5)) / n);

/** One channel of `insert` spliced into `base` at `window`, exactly as spliceWav does it. */
function spliceChannel(base: Float32Array, insert: Float32Array, window: SpliceWindow) {
  const { from, to } = window;
  const frames = to === undefined ? insert.length : base.length;
  const at = (xs: Float32Array, i: number) => xs[i] ?? 0;
  const out = new Float32Array(frames);
  const x0 = Math.min(XFADE, from);
  out.set(base.subarray(0, from - x0), 0);
  for (let i = 0; i < x0; i++) {
    const g = fadeIn(i, x0);
    const k = from - x0 + i;
    out[k] = at(base, k) * (1 - g) + at(insert, k) * g;
  }
  if (to === undefined) {
    out.set(insert.subarray(from), from);
    return out;
  }
  out.set(insert.subarray(from, to - XFADE), from);
  for (let i = 0; i < XFADE; i++) {
    const g = fadeIn(i, XFADE);
    const k = to - XFADE + i;
    out[k] = at(insert, k) * (1 - g) + at(base, k) * g;
  }
  out.set(base.subarray(to), to);
  return out;
}

/**
 * The stems of any engine-2 score, studio passes included (each pass's stems spliced into its
 * original's, which are rendered the same way when the original was itself made by a pass).
 */
export async function renderStudioStems(
  c: Engine2Composition,
  options: RenderSongOptions = {},
): Promise<StemsResult> {
  const pass = studioSpliceWindow(c);
  if (!pass) return renderStems(c, options);
  const base = await renderStudioStems(pass.original, options);
  // A replaced section needs the new score only through that section; what follows is the original's.
  const throughSection =
    pass.window.to !== undefined && c.origin?.pass === "replace-section"
      ? c.origin.section
      : undefined;
  const next = await renderStems(c, { ...options, throughSection });
  const baseStems = new Map(base.stems.map((s) => [s.name, decodeWavStereo(s.wav)]));
  const baseFrames = (base.wav.length - 44) / 4;
  const stems: Stem[] = [];
  let sumL: Float32Array | null = null;
  let sumR: Float32Array | null = null;
  for (const stem of next.stems) {
    const b = decodeWavStereo(stem.wav);
    // A part the original did not have is silent there.
    const a = baseStems.get(stem.name) ?? {
      left: new Float32Array(baseFrames),
      right: new Float32Array(baseFrames),
    };
    const l = spliceChannel(a.left, b.left, pass.window);
    const r = spliceChannel(a.right, b.right, pass.window);
    if (!sumL || !sumR) {
      sumL = new Float32Array(l.length);
      sumR = new Float32Array(r.length);
    }
    for (let i = 0; i < l.length; i++) {
      sumL[i] = sumL[i]! + l[i]!;
      sumR[i] = sumR[i]! + r[i]!;
    }
    stems.push({ name: stem.name, wav: encodeWavFloat(l, r) });
  }
  return {
    stems,
    premaster: encodeWavFloat(sumL ?? new Float32Array(0), sumR ?? new Float32Array(0)),
    wav: spliceWav(base.wav, next.wav, pass.window),
  };
}
