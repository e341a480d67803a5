/**
 * Band-limited resampling by a windowed-sinc interpolator (Blackman window, 8 taps a side, 512
 * fractional phases), over a zero-padded copy so the inner loop needs no bounds checks. Silent
 * stretches of the input are skipped block by block, so a song's rests cost nothing.
 */

const TAPS = 8;
const WIDTH = 2 * TAPS;
const PHASES = 512;
const BLOCK = 256;
const tables = new Map<number, Float32Array>();

function table(cutoff: number): Float32Array {
  const key = Math.round(cutoff * 1e6);
  const hit = tables.get(key);
  if (hit) return hit;
  const t = new Float32Array((PHASES + 1) * WIDTH);
  for (let p = 0; p <= PHASES; p++) {
    const frac = p / PHASES;
    for (let j = 0; j < WIDTH; j++) {
      const d = j - (TAPS - 1) - frac; // input samples from the output point
      const x = d * cutoff;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const u = (d + TAPS) / WIDTH;
      const window =
        u <= 0 || u >= 1
          ? 0
          : 0.42 - 0.5 * Math.cos(2 * Math.PI * u) + 0.08 * Math.cos(4 * Math.PI * u);
      t[p * WIDTH + j] = cutoff * sinc * window;
    }
  }
  tables.set(key, t);
  return t;
}

/** `x` at `fromRate` → `length` samples at `toRate`. */
export function resample(
  x: Float32Array,
  fromRate: number,
  toRate: number,
  length: number,
): Float32Array {
  const out = new Float32Array(length);
  if (fromRate === toRate) {
    out.set(x.subarray(0, Math.min(length, x.length)));
    return out;
  }
  const step = fromRate / toRate;
  const h = table(0.9 * Math.min(1, toRate / fromRate));
  const padded = new Float32Array(x.length + 2 * WIDTH);
  padded.set(x, WIDTH);
  // Input blocks that hold sound, widened by one block each way (the filter reaches across).
  const blocks = Math.ceil(x.length / BLOCK);
  const loud = new Uint8Array(blocks);
  for (let b = 0; b < blocks; b++) {
    const end = Math.min(x.length, (b + 1) * BLOCK);
    for (let i = b * BLOCK; i < end; i++) {
      if (x[i] !== 0) {
        for (let k = Math.max(0, b - 1); k <= Math.min(blocks - 1, b + 1); k++) loud[k] = 1;
        break;
      }
    }
  }
  for (let b = 0; b < blocks; b++) {
    if (!loud[b]) continue;
    const first = Math.ceil((b * BLOCK) / step);
    const last = Math.min(length, Math.ceil(((b + 1) * BLOCK) / step));
    for (let i = first; i < last; i++) {
      const p = i * step;
      const base = Math.floor(p);
      const row = Math.round((p - base) * PHASES) * WIDTH;
      const s = base + WIDTH - (TAPS - 1);
      // The 16 taps written out, summed in the same order as a loop over j (the same value):
      // this runs for every output sample of the voice.
      let acc = 0;
      acc += padded[s]! * h[row]!;
      acc += padded[s + 1]! * h[row + 1]!;
      acc += padded[s + 2]! * h[row + 2]!;
      acc += padded[s + 3]! * h[row + 3]!;
      acc += padded[s + 4]! * h[row + 4]!;
      acc += padded[s + 5]! * h[row + 5]!;
      acc += padded[s + 6]! * h[row + 6]!;
      acc += padded[s + 7]! * h[row + 7]!;
      acc += padded[s + 8]! * h[row + 8]!;
      acc += padded[s + 9]! * h[row + 9]!;
      acc += padded[s + 10]! * h[row + 10]!;
      acc += padded[s + 11]! * h[row + 11]!;
      acc += padded[s + 12]! * h[row + 12]!;
      acc += padded[s + 13]! * h[row + 13]!;
      acc += padded[s + 14]! * h[row + 14]!;
      acc += padded[s + 15]! * h[row + 15]!;
      out[i] = acc;
    }
  }
  return out;
}
