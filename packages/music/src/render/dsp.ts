/**
 * Streaming DSP blocks for the mixer and master: biquad EQ, a feed-forward compressor, a stereo
 * feedback-delay-network reverb and a true-peak (4× oversampled) look-ahead limiter. Every block
 * keeps its state between calls, so processing a signal in pieces gives the same samples as
 * processing it whole (the progressive render relies on this). No randomness.
 */
import { SAMPLE_RATE } from "../wav";

const SR = SAMPLE_RATE;
export const dbToGain = (db: number): number => Math.pow(10, db / 20);
export const gainToDb = (g: number): number => 20 * Math.log10(Math.max(1e-12, g));

export type BiquadKind = "lowpass" | "highpass" | "peak" | "lowshelf" | "highshelf";

/** RBJ cookbook biquad (transposed direct form II), one channel. */
export class Biquad {
  private b0 = 1;
  private b1 = 0;
  private b2 = 0;
  private a1 = 0;
  private a2 = 0;
  private z1 = 0;
  private z2 = 0;

  constructor(kind: BiquadKind, freq: number, q = 0.707, gainDb = 0, sampleRate = SR) {
    const w = (2 * Math.PI * Math.min(freq, sampleRate * 0.45)) / sampleRate;
    const cos = Math.cos(w);
    const sin = Math.sin(w);
    const A = Math.pow(10, gainDb / 40);
    const alpha = sin / (2 * q);
    let b0: number, b1: number, b2: number, a0: number, a1: number, a2: number;
    switch (kind) {
      case "lowpass":
        b0 = (1 - cos) / 2;
        b1 = 1 - cos;
        b2 = b0;
        a0 = 1 + alpha;
        a1 = -2 * cos;
        a2 = 1 - alpha;
        break;
      case "highpass":
        b0 = (1 + cos) / 2;
        b1 = -(1 + cos);
        b2 = b0;
        a0 = 1 + alpha;
        a1 = -2 * cos;
        a2 = 1 - alpha;
        break;
      case "peak":
        b0 = 1 + alpha * A;
        b1 = -2 * cos;
        b2 = 1 - alpha * A;
        a0 = 1 + alpha / A;
        a1 = -2 * cos;
        a2 = 1 - alpha / A;
        break;
      case "lowshelf": {
        const s = 2 * Math.sqrt(A) * alpha;
        b0 = A * (A + 1 - (A - 1) * cos + s);
        b1 = 2 * A * (A - 1 - (A + 1) * cos);
        b2 = A * (A + 1 - (A - 1) * cos - s);
        a0 = A + 1 + (A - 1) * cos + s;
        a1 = -2 * (A - 1 + (A + 1) * cos);
        a2 = A + 1 + (A - 1) * cos - s;
        break;
      }
      case "highshelf": {
        const s = 2 * Math.sqrt(A) * alpha;
        b0 = A * (A + 1 + (A - 1) * cos + s);
        b1 = -2 * A * (A - 1 + (A + 1) * cos);
        b2 = A * (A + 1 + (A - 1) * cos - s);
        a0 = A + 1 - (A - 1) * cos + s;
        a1 = 2 * (A - 1 - (A + 1) * cos);
        a2 = A + 1 - (A - 1) * cos - s;
        break;
      }
    }
    this.b0 = b0 / a0;
    this.b1 = b1 / a0;
    this.b2 = b2 / a0;
    this.a1 = a1 / a0;
    this.a2 = a2 / a0;
  }

  /** Set raw normalized coefficients (a0 = 1). */
  static raw(b0: number, b1: number, b2: number, a1: number, a2: number): Biquad {
    const f = new Biquad("peak", 1000, 1, 0);
    f.b0 = b0;
    f.b1 = b1;
    f.b2 = b2;
    f.a1 = a1;
    f.a2 = a2;
    return f;
  }

  process(buf: Float32Array, from = 0, to = buf.length): void {
    const { b0, b1, b2, a1, a2 } = this;
    let z1 = this.z1;
    let z2 = this.z2;
    for (let i = from; i < to; i++) {
      const x = buf[i]!;
      const y = b0 * x + z1;
      z1 = b1 * x - a1 * y + z2;
      z2 = b2 * x - a2 * y;
      buf[i] = y;
    }
    // Flush denormals: a silent tail must not slow the filter down.
    this.z1 = Math.abs(z1) < 1e-20 ? 0 : z1;
    this.z2 = Math.abs(z2) < 1e-20 ? 0 : z2;
  }

  /**
   * `fl.process(l)` and `fr.process(r)` in one loop: the same arithmetic, so the same samples, but
   * the two channels' recursions overlap in the CPU (the mixer, master and meter run it on every
   * sample of the song; one channel at a time waited on each sample's multiply-add chain).
   */
  static processPair(
    fl: Biquad,
    fr: Biquad,
    l: Float32Array,
    r: Float32Array,
    from: number,
    to: number,
  ): void {
    const { b0: lb0, b1: lb1, b2: lb2, a1: la1, a2: la2 } = fl;
    const { b0: rb0, b1: rb1, b2: rb2, a1: ra1, a2: ra2 } = fr;
    let lz1 = fl.z1;
    let lz2 = fl.z2;
    let rz1 = fr.z1;
    let rz2 = fr.z2;
    for (let i = from; i < to; i++) {
      const x = l[i]!;
      const y = lb0 * x + lz1;
      lz1 = lb1 * x - la1 * y + lz2;
      lz2 = lb2 * x - la2 * y;
      l[i] = y;
      const u = r[i]!;
      const v = rb0 * u + rz1;
      rz1 = rb1 * u - ra1 * v + rz2;
      rz2 = rb2 * u - ra2 * v;
      r[i] = v;
    }
    fl.z1 = Math.abs(lz1) < 1e-20 ? 0 : lz1;
    fl.z2 = Math.abs(lz2) < 1e-20 ? 0 : lz2;
    fr.z1 = Math.abs(rz1) < 1e-20 ? 0 : rz1;
    fr.z2 = Math.abs(rz2) < 1e-20 ? 0 : rz2;
  }
}

export interface EqBand {
  kind: BiquadKind;
  freq: number;
  q?: number;
  gainDb?: number;
}

/** A chain of biquads for both channels of a stereo signal. */
export class StereoEq {
  private readonly left: Biquad[];
  private readonly right: Biquad[];
  constructor(bands: readonly EqBand[]) {
    const make = (): Biquad[] =>
      bands.map((b) => new Biquad(b.kind, b.freq, b.q ?? 0.707, b.gainDb ?? 0));
    this.left = make();
    this.right = make();
  }
  process(l: Float32Array, r: Float32Array, from = 0, to = l.length): void {
    const { left, right } = this;
    for (let k = 0; k < left.length; k++) Biquad.processPair(left[k]!, right[k]!, l, r, from, to);
  }
}

export interface CompressorSettings {
  thresholdDb: number;
  ratio: number;
  attackMs: number;
  releaseMs: number;
  kneeDb?: number;
  makeupDb?: number;
}

/** Stereo-linked feed-forward compressor (peak detector with attack/release, soft knee). */
export class Compressor {
  private env = 0;
  private readonly att: number;
  private readonly rel: number;
  private readonly threshold: number;
  private readonly slope: number;
  private readonly knee: number;
  private readonly makeup: number;
  /**
   * Below this envelope the level is under the knee (no reduction, gain 1): the curve's log and
   * power are skipped there. A part in a billion under the knee's foot, so rounding never moves
   * a level across it.
   */
  private readonly quiet: number;
  /** Largest gain reduction seen, dB (for reports). */
  maxReductionDb = 0;

  constructor(s: CompressorSettings) {
    this.att = Math.exp(-1 / ((s.attackMs / 1000) * SR));
    this.rel = Math.exp(-1 / ((s.releaseMs / 1000) * SR));
    this.threshold = s.thresholdDb;
    this.slope = 1 - 1 / s.ratio;
    this.knee = s.kneeDb ?? 6;
    this.makeup = dbToGain(s.makeupDb ?? 0);
    this.quiet = dbToGain(this.threshold - this.knee / 2) * (1 - 1e-9);
  }

  /** Gain (linear) for a level in dB. */
  private gainFor(levelDb: number): number {
    const over = levelDb - this.threshold;
    let red: number;
    if (over <= -this.knee / 2) red = 0;
    else if (over >= this.knee / 2) red = this.slope * over;
    else {
      const x = over + this.knee / 2;
      red = (this.slope * x * x) / (2 * this.knee);
    }
    if (red > this.maxReductionDb) this.maxReductionDb = red;
    return dbToGain(-red);
  }

  process(l: Float32Array, r: Float32Array, from = 0, to = l.length): void {
    let env = this.env;
    // Unary plus on fields set in the constructor: see TruePeakLimiter.process.
    const { att, rel, quiet } = this;
    const makeup = +this.makeup;
    // The gain curve is evaluated every 16 samples (smooth enough at these time constants).
    let gain = env < quiet ? makeup : this.gainFor(gainToDb(env)) * makeup;
    for (let i = from; i < to; i++) {
      const a = Math.max(Math.abs(l[i]!), Math.abs(r[i]!));
      env = a > env ? att * env + (1 - att) * a : rel * env + (1 - rel) * a;
      if ((i & 15) === 0) gain = env < quiet ? makeup : this.gainFor(gainToDb(env)) * makeup;
      l[i] = l[i]! * gain;
      r[i] = r[i]! * gain;
    }
    this.env = env < 1e-20 ? 0 : env;
  }
}

/**
 * Stereo reverb: a 4-line feedback delay network (Householder mixing) with damping, fed from a
 * mono send after a pre-delay; left and right read different line combinations, so the tail is
 * decorrelated (wide) while the dry signal stays where it was panned.
 */
export class Reverb {
  private readonly lines: Float32Array[];
  private readonly lengths: number[];
  private readonly pos: number[];
  private readonly lp: number[];
  private readonly pre: Float32Array;
  private prePos = 0;
  private readonly feedback: number;
  private readonly damp: number;

  constructor(opts: { decaySec: number; preDelayMs: number; damping: number; size?: number }) {
    const size = opts.size ?? 1;
    const base = [1327, 1801, 2311, 2999];
    this.lengths = base.map((n) => Math.round(n * size));
    this.lines = this.lengths.map((n) => new Float32Array(n));
    this.pos = this.lengths.map(() => 0);
    this.lp = this.lengths.map(() => 0);
    const meanLen = this.lengths.reduce((a, b) => a + b, 0) / this.lengths.length;
    // Gain per pass so the tail falls 60 dB in decaySec.
    this.feedback = Math.pow(10, (-3 * meanLen) / (opts.decaySec * SR));
    this.damp = Math.min(0.9, Math.max(0, opts.damping));
    this.pre = new Float32Array(Math.max(1, Math.round((opts.preDelayMs / 1000) * SR)));
  }

  /** Adds the reverb of `send[from..to)` into l and r. */
  process(send: Float32Array, l: Float32Array, r: Float32Array, from = 0, to = send.length): void {
    // The four lines unrolled into locals (the same arithmetic, in the same order, as a loop
    // over k): this runs for every sample of the song.
    const { lines, lengths, pos, lp, pre, feedback, damp } = this;
    const [d0, d1, d2, d3] = lines as [Float32Array, Float32Array, Float32Array, Float32Array];
    const [n0, n1, n2, n3] = lengths as [number, number, number, number];
    let [p0, p1, p2, p3] = pos as [number, number, number, number];
    // Unary plus: `lp` holds 0s or doubles, read as untyped values, and V8 then boxed the four
    // running values on every sample (heap-profiled: gone with the plus).
    let f0 = +lp[0]!;
    let f1 = +lp[1]!;
    let f2 = +lp[2]!;
    let f3 = +lp[3]!;
    const preLen = pre.length;
    let pp = this.prePos;
    for (let i = from; i < to; i++) {
      const x = pre[pp]!;
      pre[pp] = send[i]!;
      pp = pp + 1 === preLen ? 0 : pp + 1;
      // One-pole low-pass in the loop: highs die first, like a room.
      const v0 = d0[p0]!;
      f0 = v0 + damp * (f0 - v0);
      const v1 = d1[p1]!;
      f1 = v1 + damp * (f1 - v1);
      const v2 = d2[p2]!;
      f2 = v2 + damp * (f2 - v2);
      const v3 = d3[p3]!;
      f3 = v3 + damp * (f3 - v3);
      // Householder mixing: each line gets its output minus half the sum of all four.
      const h = 0.5 * (f0 + f1 + f2 + f3);
      const input = x * 0.35;
      d0[p0] = (f0 - h) * feedback + input;
      d1[p1] = (f1 - h) * feedback + input;
      d2[p2] = (f2 - h) * feedback + input;
      d3[p3] = (f3 - h) * feedback + input;
      p0 = p0 + 1 === n0 ? 0 : p0 + 1;
      p1 = p1 + 1 === n1 ? 0 : p1 + 1;
      p2 = p2 + 1 === n2 ? 0 : p2 + 1;
      p3 = p3 + 1 === n3 ? 0 : p3 + 1;
      l[i] = l[i]! + 0.7 * (f0 - f2 + 0.5 * f3);
      r[i] = r[i]! + 0.7 * (f1 - f3 + 0.5 * f2);
    }
    this.prePos = pp;
    pos[0] = p0;
    pos[1] = p1;
    pos[2] = p2;
    pos[3] = p3;
    lp[0] = Math.abs(f0) < 1e-20 ? 0 : f0;
    lp[1] = Math.abs(f1) < 1e-20 ? 0 : f1;
    lp[2] = Math.abs(f2) < 1e-20 ? 0 : f2;
    lp[3] = Math.abs(f3) < 1e-20 ? 0 : f3;
  }
}

/**
 * 4× polyphase interpolator (windowed sinc, 12 taps per phase) — the same kind of estimate of the
 * peaks between samples that ITU-R BS.1770-4 annex 2 asks for.
 */
export const OVERSAMPLE = 4;
const TAPS = 12;
export const INTERP_PHASES: Float64Array[] = (() => {
  const phases: Float64Array[] = [];
  for (let p = 0; p < OVERSAMPLE; p++) {
    const h = new Float64Array(TAPS);
    let sum = 0;
    for (let k = 0; k < TAPS; k++) {
      // Tap k weighs the sample k − (TAPS/2 − 1) away from the current one.
      const t = k - (TAPS / 2 - 1) - p / OVERSAMPLE;
      const sinc = t === 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t);
      const w = 0.5 + 0.5 * Math.cos((Math.PI * t) / (TAPS / 2 + 0.5));
      h[k] = sinc * w;
      sum += h[k]!;
    }
    for (let k = 0; k < TAPS; k++) h[k] = h[k]! / sum;
    phases.push(h);
  }
  return phases;
})();
export const INTERP_TAPS = TAPS;
/** Phases 1–3 with their taps in history order (oldest sample first), for the limiter. */
const [, REV1, REV2, REV3] = INTERP_PHASES.map((h) => h.slice().reverse()) as [
  Float64Array,
  Float64Array,
  Float64Array,
  Float64Array,
];

/**
 * The largest gain of an oversampling phase on any window: |Σ h·x| ≤ Σ|h| · max|x|. Raised by a
 * part in a million to cover the rounding of the computed sums (twelve terms: ~1e-15).
 */
const PHASE_GAIN_BOUND =
  Math.max(...[REV1, REV2, REV3].map((h) => h.reduce((sum, v) => sum + Math.abs(v), 0))) *
  (1 + 1e-6);

/**
 * True-peak look-ahead limiter. The gain needed for every sample is found from the 4×
 * oversampled peak of both channels (so peaks between samples count too), held for the
 * look-ahead window and smoothed so the gain is already down when the peak arrives; releases
 * exponentially. The output is delayed by the look-ahead (callers trim it). A final sample-peak
 * clamp at the ceiling keeps rounding from ever clipping.
 */
export class TruePeakLimiter {
  private readonly ceiling: number;
  private readonly look: number;
  private readonly rel: number;
  /** The last TAPS samples, written twice (at hp and hp + TAPS) so a window is read unwrapped. */
  private readonly histL = new Float64Array(2 * TAPS);
  private readonly histR = new Float64Array(2 * TAPS);
  private hp = 0;
  /** Delay lines (look-ahead) for the audio and the per-sample required gain. */
  private readonly dl: Float32Array;
  private readonly dr: Float32Array;
  private dp = 0;
  private gain = 1;
  private minGain = 1;
  /** Samples left before the window holds no sample above the oversampling level. */
  private near = 0;
  private t = 0;
  private readonly dqVal: Float64Array;
  private readonly dqAt: Float64Array;
  private dqHead = 0;
  private dqLen = 0;

  /** The constructor's arguments, for `clone`. */
  private readonly args: [number, number, number];

  constructor(ceilingDb: number, lookaheadMs = 1.5, releaseMs = 60) {
    this.args = [ceilingDb, lookaheadMs, releaseMs];
    this.ceiling = dbToGain(ceilingDb);
    this.look = Math.max(TAPS, Math.round((lookaheadMs / 1000) * SR));
    this.rel = Math.exp(-1 / ((releaseMs / 1000) * SR));
    this.dl = new Float32Array(this.look);
    this.dr = new Float32Array(this.look);
    this.dqVal = new Float64Array(this.look + 1);
    this.dqAt = new Float64Array(this.look + 1);
  }

  /** Look-ahead in samples: output sample i is input sample i − latency. */
  get latency(): number {
    return this.look;
  }

  /** Limit l/r in place over [from, to) (delayed by `latency`). */
  process(l: Float32Array, r: Float32Array, from = 0, to = l.length): void {
    const { dl, dr, look, dqVal, dqAt, histL, histR } = this;
    // Unary plus: the fields start out undefined (class fields), so V8 types them as anything;
    // `yl = ceiling` below then made it box every sample's output (~2 heap numbers a sample).
    const ceiling = +this.ceiling;
    const rel = +this.rel;
    const cap = look + 1;
    // Between-sample peaks only matter near the ceiling: while no sample of the window passes
    // this level no oversampled value can pass the ceiling (so the window's true peak would ask
    // no reduction) and it is not computed.
    const nearLevel = ceiling / PHASE_GAIN_BOUND;
    let g = this.gain;
    let minGain = this.minGain;
    let near = this.near;
    let t = this.t;
    let dp = this.dp;
    let dqHead = this.dqHead;
    let dqLen = this.dqLen;
    let hp = this.hp;
    for (let i = from; i < to; i++) {
      const inL = l[i]!;
      const inR = r[i]!;
      const a = Math.max(Math.abs(inL), Math.abs(inR));
      if (a > nearLevel) near = TAPS;
      histL[hp] = inL;
      histL[hp + TAPS] = inL;
      histR[hp] = inR;
      histR[hp + TAPS] = inR;
      hp = hp + 1 === TAPS ? 0 : hp + 1;
      let peak = a;
      if (near > 0) {
        near--;
        // The 4× oversampled peak of the window ending with this sample: hist[hp .. hp + TAPS),
        // oldest first. Written out here rather than as a method: V8 did not inline the call
        // and boxed its three numbers on every sample (some 500 MB of garbage per song).
        // The three phases in one pass over the window (each sum in the same order as one phase
        // at a time, so the same values): every history sample is read once.
        let l1 = 0;
        let l2 = 0;
        let l3 = 0;
        let r1 = 0;
        let r2 = 0;
        let r3 = 0;
        for (let k = 0; k < TAPS; k++) {
          const xl = histL[hp + k]!;
          const xr = histR[hp + k]!;
          const h1 = REV1[k]!;
          const h2 = REV2[k]!;
          const h3 = REV3[k]!;
          l1 += h1 * xl;
          r1 += h1 * xr;
          l2 += h2 * xl;
          r2 += h2 * xr;
          l3 += h3 * xl;
          r3 += h3 * xr;
        }
        peak = Math.max(
          Math.abs(inL),
          Math.abs(inR),
          Math.abs(l1),
          Math.abs(r1),
          Math.abs(l2),
          Math.abs(r2),
          Math.abs(l3),
          Math.abs(r3),
        );
      }
      const required = peak > ceiling ? ceiling / peak : 1;
      // Monotonic deque: the minimum required gain over the last `look` samples.
      while (dqLen > 0) {
        const back = dqHead + dqLen - 1;
        if (dqVal[back >= cap ? back - cap : back]! < required) break;
        dqLen--;
      }
      const at = dqHead + dqLen;
      const slot = at >= cap ? at - cap : at;
      dqVal[slot] = required;
      dqAt[slot] = t;
      dqLen++;
      // The window covers the sample leaving the delay line now and every one after it.
      while (dqAt[dqHead]! < t - look) {
        dqHead = dqHead + 1 === cap ? 0 : dqHead + 1;
        dqLen--;
      }
      t++;
      const target = dqVal[dqHead]!;
      const outL = dl[dp]!;
      const outR = dr[dp]!;
      dl[dp] = inL;
      dr[dp] = inR;
      dp = dp + 1 === look ? 0 : dp + 1;
      g = target < g ? target : rel * g + (1 - rel) * target;
      let yl = outL * g;
      let yr = outR * g;
      if (yl > ceiling) yl = ceiling;
      else if (yl < -ceiling) yl = -ceiling;
      if (yr > ceiling) yr = ceiling;
      else if (yr < -ceiling) yr = -ceiling;
      l[i] = yl;
      r[i] = yr;
      if (g < minGain) minGain = g;
    }
    this.hp = hp;
    this.gain = g;
    this.minGain = minGain;
    this.near = near;
    this.t = t;
    this.dp = dp;
    this.dqHead = dqHead;
    this.dqLen = dqLen;
  }

  /**
   * A copy in the same state: running it shows what this limiter would do to some audio without
   * touching this one (the master tries a section on it to learn what the limiter will take).
   */
  clone(): TruePeakLimiter {
    const c = new TruePeakLimiter(...this.args);
    c.histL.set(this.histL);
    c.histR.set(this.histR);
    c.dl.set(this.dl);
    c.dr.set(this.dr);
    c.dqVal.set(this.dqVal);
    c.dqAt.set(this.dqAt);
    c.hp = this.hp;
    c.dp = this.dp;
    c.gain = this.gain;
    c.minGain = this.minGain;
    c.near = this.near;
    c.t = this.t;
    c.dqHead = this.dqHead;
    c.dqLen = this.dqLen;
    return c;
  }

  /** Largest gain reduction so far, dB. */
  get maxReductionDb(): number {
    return -gainToDb(this.minGain);
  }
}
