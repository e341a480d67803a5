/**
 * Band-limited resampling by a windowed-sinc interpolator (Blackman window, 16 taps a side, 512
 * fractional phases). Silent stretches of the input are skipped, so a song's rests cost nothing.
 */

const TAPS = 16;
const PHASES = 512;
const tables = new Map<number, Float32Array>();

function table(cutoff: number): Float32Array {
  const key = Math.round(cutoff * 1e6);
  const hit = tables.get(key);
  if (hit) return hit;
  const t = new Float32Array((PHASES + 1) * 2 * TAPS);
  for (let p = 0; p <= PHASES; p++) {
    const frac = p / PHASES;
    for (let j = 0; j < 2 * TAPS; j++) {
      const d = j - (TAPS - 1) - frac; // distance from the output point, in input samples
      const x = d * cutoff;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const u = (d + TAPS) / (2 * TAPS); // 0..1 across the window
      const window =
        u <= 0 || u >= 1
          ? 0
          : 0.42 - 0.5 * Math.cos(2 * Math.PI * u) + 0.08 * Math.cos(4 * Math.PI * u);
      t[p * 2 * TAPS + j] = cutoff * sinc * window;
    }
  }
  tables.set(key, t);
  return t;
}

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
  // Which 64-sample blocks of the input hold sound.
  const BLOCK = 64;
  const loud = new Uint8Array(Math.ceil(x.length / BLOCK) + 1);
  for (let i = 0; i < x.length; i++) if (x[i] !== 0) loud[(i / BLOCK) | 0] = 1;
  for (let i = 0; i < length; i++) {
    const p = i * step;
    const base = Math.floor(p);
    const b = (base / BLOCK) | 0;
    if (!loud[b] && !(b > 0 && loud[b - 1]) && !loud[b + 1]) continue;
    const phase = Math.round((p - base) * PHASES);
    const row = phase * 2 * TAPS;
    let acc = 0;
    const start = base - (TAPS - 1);
    for (let j = 0; j < 2 * TAPS; j++) {
      const k = start + j;
      if (k >= 0 && k < x.length) acc += (x[k] as number) * (h[row + j] as number);
    }
    out[i] = acc;
  }
  return out;
}
