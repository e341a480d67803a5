/**
 * Band-limited resampling by a windowed-sinc interpolator (Blackman window, 12 taps a side, 512
 * fractional phases), over a zero-padded copy so the inner loop needs no bounds checks. Silent
 * stretches of the input are skipped block by block, so a song's rests cost nothing.
 */

const TAPS = 12;
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
  const h = table(0.94 * Math.min(1, toRate / fromRate));
  const padded = new Float32Array(x.length + 2 * WIDTH);
  padded.set(x, WIDTH);
  const blocks = Math.ceil(x.length / BLOCK);
  const loud = new Uint8Array(blocks + 2);
  for (let b = 0; b < blocks; b++) {
    const end = Math.min(x.length, (b + 1) * BLOCK);
    for (let i = b * BLOCK; i < end; i++) {
      if (x[i] !== 0) {
        loud[b] = 1;
        break;
      }
    }
  }
  for (let i = 0; i < length; i++) {
    const p = i * step;
    const base = Math.floor(p);
    const b = Math.floor(base / BLOCK);
    if (!loud[b] && !(b > 0 && loud[b - 1]) && !loud[b + 1]) {
      // Jump to the next output sample whose input block may hold sound.
      let next = b + 1;
      while (next < blocks && !loud[next + 1]) next++;
      const skipTo = Math.ceil((next * BLOCK - TAPS) / step);
      if (skipTo > i + 1) i = Math.min(length, skipTo) - 1;
      continue;
    }
    const row = Math.round((p - base) * PHASES) * WIDTH;
    const start = base - (TAPS - 1) + WIDTH;
    if (start < 0 || start + WIDTH > padded.length) continue;
    let acc = 0;
    for (let j = 0; j < WIDTH; j++) acc += (padded[start + j] as number) * (h[row + j] as number);
    out[i] = acc;
  }
  return out;
}
