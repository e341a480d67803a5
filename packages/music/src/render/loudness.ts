/**
 * Loudness meter after ITU-R BS.1770-4 / EBU R 128: K-weighting (the standard's two biquads,
 * derived for any sample rate), 400 ms momentary blocks every 100 ms, integrated loudness with
 * the −70 LUFS absolute and −10 LU relative gates, 3 s short-term loudness, and true peak from a
 * 4× oversampled signal. Streaming: feed it pieces, ask for figures at any time.
 */
import { SAMPLE_RATE } from "../wav";
import { Biquad, INTERP_PHASES, INTERP_TAPS, OVERSAMPLE } from "./dsp";

/** The two K-weighting stages (pre-filter shelf and RLB high-pass) for a sample rate. */
function kWeighting(fs: number): [Biquad, Biquad] {
  let f0 = 1681.974450955533;
  const G = 3.999843853973347;
  let Q = 0.7071752369554196;
  let K = Math.tan((Math.PI * f0) / fs);
  const Vh = Math.pow(10, G / 20);
  const Vb = Math.pow(Vh, 0.4996667741545416);
  let a0 = 1 + K / Q + K * K;
  const shelf = Biquad.raw(
    (Vh + (Vb * K) / Q + K * K) / a0,
    (2 * (K * K - Vh)) / a0,
    (Vh - (Vb * K) / Q + K * K) / a0,
    (2 * (K * K - 1)) / a0,
    (1 - K / Q + K * K) / a0,
  );
  f0 = 38.13547087602444;
  Q = 0.5003270373238773;
  K = Math.tan((Math.PI * f0) / fs);
  a0 = 1 + K / Q + K * K;
  const hp = Biquad.raw(1, -2, 1, (2 * (K * K - 1)) / a0, (1 - K / Q + K * K) / a0);
  return [shelf, hp];
}

const HOP_SEC = 0.1;
const toLufs = (meanSquare: number): number =>
  meanSquare > 0 ? -0.691 + 10 * Math.log10(meanSquare) : -Infinity;

export class LoudnessMeter {
  private readonly fs: number;
  private readonly hop: number;
  private readonly filters: [Biquad, Biquad][];
  private readonly scratch: [Float32Array, Float32Array];
  /** Sum of squares (both channels) of each completed 100 ms hop. */
  private readonly hops: number[] = [];
  private acc = 0;
  private inHop = 0;
  private peak = 0;
  private readonly histL = new Float64Array(INTERP_TAPS);
  private readonly histR = new Float64Array(INTERP_TAPS);
  private hp = 0;

  private readonly withPeak: boolean;

  /** `truePeak: false` skips the oversampled peak (loudness only, cheaper). */
  constructor(sampleRate = SAMPLE_RATE, truePeak = true) {
    this.withPeak = truePeak;
    this.fs = sampleRate;
    this.hop = Math.round(sampleRate * HOP_SEC);
    this.filters = [kWeighting(sampleRate), kWeighting(sampleRate)];
    this.scratch = [new Float32Array(4096), new Float32Array(4096)];
  }

  /** Feed stereo samples (not modified). */
  add(left: Float32Array, right: Float32Array, from = 0, to = left.length): void {
    for (let start = from; start < to; start += 4096) {
      const n = Math.min(4096, to - start);
      const [sl, sr] = this.scratch;
      sl.set(left.subarray(start, start + n));
      sr.set(right.subarray(start, start + n));
      if (this.withPeak) this.truePeak(sl, sr, n);
      const [fl, fr] = this.filters as [[Biquad, Biquad], [Biquad, Biquad]];
      for (let k = 0; k < fl.length; k++) Biquad.processPair(fl[k]!, fr[k]!, sl, sr, 0, n);
      // The running sums in locals (the same sums as in the fields), stored back after the block.
      const { hop, hops } = this;
      let acc = this.acc;
      let inHop = this.inHop;
      for (let i = 0; i < n; i++) {
        const a = sl[i]!;
        const b = sr[i]!;
        acc += a * a + b * b;
        if (++inHop === hop) {
          hops.push(acc);
          acc = 0;
          inHop = 0;
        }
      }
      this.acc = acc;
      this.inHop = inHop;
    }
  }

  private truePeak(l: Float32Array, r: Float32Array, n: number): void {
    const { histL, histR } = this;
    let peak = this.peak;
    for (let i = 0; i < n; i++) {
      const x = l[i]!;
      const y = r[i]!;
      histL[this.hp] = x;
      histR[this.hp] = y;
      this.hp = (this.hp + 1) % INTERP_TAPS;
      const a = Math.max(Math.abs(x), Math.abs(y));
      if (a > peak) peak = a;
      // Oversample only where a between-sample peak could beat the current maximum.
      if (a * 2 < peak) continue;
      for (let p = 1; p < OVERSAMPLE; p++) {
        const h = INTERP_PHASES[p]!;
        let vl = 0;
        let vr = 0;
        for (let k = 0; k < INTERP_TAPS; k++) {
          const idx = (this.hp + k) % INTERP_TAPS;
          vl += h[INTERP_TAPS - 1 - k]! * histL[idx]!;
          vr += h[INTERP_TAPS - 1 - k]! * histR[idx]!;
        }
        const v = Math.max(Math.abs(vl), Math.abs(vr));
        if (v > peak) peak = v;
      }
    }
    this.peak = peak;
  }

  /** Mean squares of the gating blocks (`blockHops` hops long, one per hop). */
  private blocks(blockHops: number): number[] {
    const out: number[] = [];
    let sum = 0;
    for (let i = 0; i < this.hops.length; i++) {
      sum += this.hops[i]!;
      if (i >= blockHops) sum -= this.hops[i - blockHops]!;
      if (i >= blockHops - 1) out.push(sum / (blockHops * this.hop));
    }
    return out;
  }

  /** Integrated loudness (LUFS), gated. −Infinity for silence. */
  integrated(): number {
    const blocks = this.blocks(4).filter((z) => toLufs(z) > -70);
    if (blocks.length === 0) return -Infinity;
    const mean = blocks.reduce((a, b) => a + b, 0) / blocks.length;
    const gate = toLufs(mean) - 10;
    const kept = blocks.filter((z) => toLufs(z) > gate);
    return toLufs(kept.reduce((a, b) => a + b, 0) / kept.length);
  }

  /** Short-term loudness (3 s window), one value every 100 ms, LUFS. */
  shortTerm(): number[] {
    return this.blocks(30).map(toLufs);
  }

  /** Momentary loudness (400 ms window), one value every 100 ms, LUFS. */
  momentary(): number[] {
    return this.blocks(4).map(toLufs);
  }

  /** True peak so far, dBTP. */
  truePeakDb(): number {
    return this.peak > 0 ? 20 * Math.log10(this.peak) : -Infinity;
  }

  /** Loudness (LUFS, ungated mean square) of the samples fed between two hop indices. */
  rangeLoudness(fromHop: number, toHop: number): number {
    let s = 0;
    let n = 0;
    for (let i = Math.max(0, fromHop); i < Math.min(this.hops.length, toHop); i++) {
      s += this.hops[i]!;
      n++;
    }
    return n > 0 ? toLufs(s / (n * this.hop)) : -Infinity;
  }

  /** Completed 100 ms hops so far. */
  get hopCount(): number {
    return this.hops.length;
  }

  /** Integrated (gated) loudness of the hops in [fromHop, toHop). */
  rangeIntegrated(fromHop: number, toHop: number): number {
    const blocks: number[] = [];
    let sum = 0;
    const lo = Math.max(0, fromHop);
    const hi = Math.min(this.hops.length, toHop);
    for (let i = lo; i < hi; i++) {
      sum += this.hops[i]!;
      if (i >= lo + 4) sum -= this.hops[i - 4]!;
      if (i >= lo + 3) blocks.push(sum / (4 * this.hop));
    }
    const kept0 = blocks.filter((z) => toLufs(z) > -70);
    if (kept0.length === 0) return this.rangeLoudness(fromHop, toHop);
    const gate = toLufs(kept0.reduce((a, b) => a + b, 0) / kept0.length) - 10;
    const kept = kept0.filter((z) => toLufs(z) > gate);
    return toLufs(kept.reduce((a, b) => a + b, 0) / kept.length);
  }

  get sampleRate(): number {
    return this.fs;
  }
}

export interface LoudnessReport {
  integratedLufs: number;
  truePeakDbtp: number;
  /** Short-term loudness every 100 ms. */
  shortTerm: number[];
}

/** Measure a whole stereo signal. */
export function measureLoudness(
  left: Float32Array,
  right: Float32Array,
  sampleRate = SAMPLE_RATE,
): LoudnessReport {
  const m = new LoudnessMeter(sampleRate);
  m.add(left, right);
  return { integratedLufs: m.integrated(), truePeakDbtp: m.truePeakDb(), shortTerm: m.shortTerm() };
}

/**
 * Loudness of a block of stereo samples (K-weighted mean square, gated like an integrated
 * measurement when it is long enough), used to steer each section to its planned level.
 */
export function blockLoudness(
  left: Float32Array,
  right: Float32Array,
  from: number,
  to: number,
): number {
  const m = new LoudnessMeter(SAMPLE_RATE, false);
  m.add(left, right, from, to);
  const integrated = m.integrated();
  return Number.isFinite(integrated) ? integrated : m.rangeLoudness(0, Number.MAX_SAFE_INTEGER);
}
