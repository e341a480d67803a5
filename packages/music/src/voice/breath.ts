/** An inhale before a phrase: noise shaped like an open-throat "h", swelling and fading. */
import type { Rng } from "../prng";

/**
 * Band-pass biquad (RBJ, constant peak gain). A class rather than a closure over its state: V8
 * boxed the captured numbers anew on every write (a dozen allocations per breath sample).
 */
class Bandpass {
  private readonly b0: number;
  private readonly a1: number;
  private readonly a2: number;
  private x1 = 0;
  private x2 = 0;
  private y1 = 0;
  private y2 = 0;
  constructor(centerHz: number, q: number, sampleRate: number) {
    const w = (2 * Math.PI * centerHz) / sampleRate;
    const alpha = Math.sin(w) / (2 * q);
    const a0 = 1 + alpha;
    this.b0 = alpha / a0;
    this.a1 = (-2 * Math.cos(w)) / a0;
    this.a2 = (1 - alpha) / a0;
  }
  process(x: number): number {
    const { b0 } = this;
    const y = b0 * x - b0 * this.x2 - this.a1 * this.y1 - this.a2 * this.y2;
    this.x2 = this.x1;
    this.x1 = x;
    this.y2 = this.y1;
    this.y1 = y;
    return y;
  }
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
  const f1 = new Bandpass(rng.range(500, 800), 1.2, sampleRate);
  const f2 = new Bandpass(rng.range(1500, 2100), 1.5, sampleRate);
  const f3 = new Bandpass(rng.range(2800, 3800), 1.8, sampleRate);
  // Two one-pole low-passes at ~5 kHz: an inhale has little air above that (and the voice none).
  const k = 1 - Math.exp((-2 * Math.PI * 5000) / sampleRate);
  let lp1 = 0;
  let lp2 = 0;
  const n = end - start;
  const peakAt = rng.range(0.45, 0.65);
  for (let i = 0; i < n; i++) {
    const x = rng.next() * 2 - 1;
    // The three formants summed in order, as a loop over them did (without its callback).
    let y = 0;
    y += 0.9 * f1.process(x);
    y += 0.7 * f2.process(x);
    y += 0.45 * f3.process(x);
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
