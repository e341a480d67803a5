/** An inhale before a phrase: noise shaped like an open-throat "h", swelling and fading. */
import type { Rng } from "../prng";

/** Band-pass biquad (RBJ, constant peak gain). */
function bandpass(centerHz: number, q: number, sampleRate: number) {
  const w = (2 * Math.PI * centerHz) / sampleRate;
  const alpha = Math.sin(w) / (2 * q);
  const a0 = 1 + alpha;
  const b0 = alpha / a0;
  const a1 = (-2 * Math.cos(w)) / a0;
  const a2 = (1 - alpha) / a0;
  let x1 = 0;
  let x2 = 0;
  let y1 = 0;
  let y2 = 0;
  return (x: number) => {
    const y = b0 * x - b0 * x2 - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = x;
    y2 = y1;
    y1 = y;
    return y;
  };
}

/** Add a breath of `durSec` ending at `endSec` into `out`, with peak amplitude about `level`. */
export function addBreath(
  out: Float32Array,
  sampleRate: number,
  endSec: number,
  durSec: number,
  level: number,
  rng: Rng,
): void {
  const start = Math.max(0, Math.round((endSec - durSec) * sampleRate));
  const end = Math.min(out.length, Math.round(endSec * sampleRate));
  if (end - start < 32) return;
  const formants = [
    bandpass(rng.range(500, 800), 1.2, sampleRate),
    bandpass(rng.range(1500, 2100), 1.5, sampleRate),
    bandpass(rng.range(2800, 3800), 1.8, sampleRate),
  ];
  const mix = [0.9, 0.7, 0.45];
  // Two one-pole low-passes at ~5 kHz: an inhale has little air above that (and the voice none).
  const k = 1 - Math.exp((-2 * Math.PI * 5000) / sampleRate);
  let lp1 = 0;
  let lp2 = 0;
  const n = end - start;
  const peakAt = rng.range(0.45, 0.65);
  for (let i = 0; i < n; i++) {
    const x = rng.next() * 2 - 1;
    let y = 0;
    formants.forEach((f, i) => (y += (mix[i] as number) * f(x)));
    lp1 += k * (y - lp1);
    lp2 += k * (lp1 - lp2);
    const u = i / n;
    const env =
      u < peakAt
        ? Math.sin((Math.PI / 2) * (u / peakAt))
        : Math.cos((Math.PI / 2) * ((u - peakAt) / (1 - peakAt)));
    out[start + i] = (out[start + i] as number) + level * 1.8 * env * env * lp2;
  }
}
