/**
 * Pitch-synchronous overlap-add (TD-PSOLA): moves speech onto new times and pitches while its
 * formants stay put. Each output pulse takes the two-period grain around the nearest source pulse
 * (the source time comes from a piecewise-linear warp), spaced at the sung pitch's period;
 * unvoiced stretches are copied grain by grain at the source's own spacing. Grains are placed at
 * fractional positions, so high notes (a period of ~24 samples at 16 kHz) stay in tune.
 */
import type { PitchMarks } from "./epochs";

/** A piece of the warp: sung time [t0, t1) plays source time [s0, s1), both in seconds. */
export interface WarpSegment {
  t0: number;
  t1: number;
  s0: number;
  s1: number;
  gain: number;
}

export interface PsolaInput {
  source: Float32Array;
  sampleRate: number;
  marks: PitchMarks;
  /** Sorted by t0, not overlapping. */
  warp: readonly WarpSegment[];
  /** Sung fundamental (Hz) at a time in seconds. */
  f0At: (t: number) => number;
  /** Output length in samples (at the source's rate). */
  length: number;
  /** Formant frequencies are multiplied by this (grains are read faster); 1 keeps them. */
  formantScale?: number;
  /**
   * Level of a second, off-beat grain added to each voiced pulse (opposite sign, shifted by up to
   * half a period): an aperiodic part with the same formants, as breath in a real voice. It fills
   * the spectrum between the sparse harmonics of a high voice; pocketsphinx recall on the higher
   * voice's songs went from 25 % to 33 % with 0.35 (0.6: 32 %), the lower voice's from ~47 % to
   * 53 %. Read with a +6 dB/octave tilt so it stays above the low harmonics; even so it makes the
   * higher voice's waveform repeat almost as well over two periods as over one (YIN then reads an
   * octave low), so the lower voice uses it this way ("near"; see aperiodicSpread).
   */
  aperiodicity?: number;
  /**
   * Where each pulse's aperiodic grain goes. "near": as above, within a quarter period of the
   * pulse. "period": at a random point of the sung period with a random sign, so it is
   * not periodic at all and fills the gaps between a high voice's harmonics (wider apart than the
   * recogniser's mel bands), read with the same +6 dB/octave tilt. Pocketsphinx recall on the
   * higher voice's first 4 bench songs: none 30.1 %, "near" 0.35 30.0 %, "period" 0.5 33.5 %,
   * 0.7 ~33 %; with no tilt 0.5 gave 34.6 % but aubio's pitch share fell to 82.7 %.
   */
  aperiodicSpread?: "near" | "period";
}

function nearestMark(marks: Float64Array, s: number): number {
  let lo = 0;
  let hi = marks.length - 1;
  if (hi < 0) return -1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((marks[mid] as number) <= s) lo = mid;
    else hi = mid;
  }
  return Math.abs((marks[lo] as number) - s) <= Math.abs((marks[hi] as number) - s) ? lo : hi;
}

/** Add source grain centered at `from` (fractional) into `out` centered at `to`, half-width `half`. */
function addGrain(
  out: Float32Array,
  x: Float32Array,
  from: number,
  to: number,
  half: number,
  gain: number,
  scale: number,
  tilt = 0,
): void {
  const first = Math.max(0, Math.ceil(to - half));
  const last = Math.min(out.length - 1, Math.floor(to + half));
  const w = Math.PI / half;
  for (let n = first; n <= last; n++) {
    const u = n - to;
    const p = from + u * scale;
    const i = Math.floor(p);
    if (i < 0 || i + 1 >= x.length) continue;
    const f = p - i;
    let v = (x[i] as number) + ((x[i + 1] as number) - (x[i] as number)) * f;
    // tilt 1: the first difference (+6 dB/octave), so the part sits above the low harmonics.
    if (tilt !== 0 && i > 0)
      v -= tilt * ((x[i - 1] as number) + ((x[i] as number) - (x[i - 1] as number)) * f);
    out[n] = (out[n] as number) + v * gain * (0.5 + 0.5 * Math.cos(w * u));
  }
}

/** One step of a fixed LCG (Numerical Recipes'): the breath's randomness, same bytes every run. */
const nextSeed = (seed: number): number => (Math.imul(seed, 1664525) + 1013904223) >>> 0;

export function psola({
  source,
  sampleRate,
  marks,
  warp,
  f0At,
  length,
  formantScale = 1,
  aperiodicity = 0,
  aperiodicSpread = "near",
}: PsolaInput): Float32Array {
  const out = new Float32Array(length);
  const pa = marks.period;
  let seed = 12345;
  // A grain spans two source periods, read `formantScale` times faster.
  const half = pa / formantScale;
  let t = 0; // output position, samples
  for (const seg of warp) {
    const a = seg.t0 * sampleRate;
    const b = seg.t1 * sampleRate;
    if (b <= a) continue;
    if (t < a) t = a;
    const rate = (seg.s1 - seg.s0) / (seg.t1 - seg.t0);
    while (t < b) {
      const s = (seg.s0 + (t / sampleRate - seg.t0) * rate) * sampleRate;
      const si = Math.min(source.length - 1, Math.max(0, Math.round(s)));
      let step = half;
      const k = marks.voiced[si] ? nearestMark(marks.marks, s) : -1;
      const mark = k >= 0 ? (marks.marks[k] as number) : NaN;
      if (k >= 0 && Math.abs(mark - s) <= pa) {
        const ps = sampleRate / f0At(t / sampleRate);
        // Same power at any pitch: more pulses per second, each a little quieter.
        addGrain(
          out,
          source,
          mark,
          t,
          half,
          seg.gain * Math.sqrt(Math.min(2, ps / half)),
          formantScale,
        );
        if (aperiodicity > 0 && aperiodicSpread === "period") {
          seed = nextSeed(seed);
          const at = t + (seed / 4294967296) * ps;
          seed = nextSeed(seed);
          const sign = seed & 0x10000 ? 1 : -1;
          const gain = sign * aperiodicity * seg.gain * Math.sqrt(Math.min(2, ps / half));
          addGrain(out, source, mark, at, half, gain, formantScale, 1);
        } else if (aperiodicity > 0) {
          seed = nextSeed(seed);
          const jitter = (seed / 4294967296 - 0.5) * pa;
          const gain = -aperiodicity * seg.gain;
          addGrain(out, source, mark + jitter, t + jitter * 0.5, half, gain, formantScale, 1);
        }
        step = ps;
      } else {
        addGrain(out, source, s, t, half, seg.gain, formantScale);
        step = half;
      }
      t += step;
    }
  }
  return out;
}
