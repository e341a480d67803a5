import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeWav, SAMPLE_RATE } from "../wav";
import { GENRES } from "../profiles";
import { StereoEq, TruePeakLimiter } from "./dsp";
import { LoudnessMeter, measureLoudness } from "./loudness";
import { mixSettings } from "./mix-settings";

const tone = (freq: number, amp: number, sec: number, phase = 0): Float32Array => {
  const out = new Float32Array(Math.round(sec * SAMPLE_RATE));
  for (let i = 0; i < out.length; i++)
    out[i] = amp * Math.sin((2 * Math.PI * freq * i) / SAMPLE_RATE + phase);
  return out;
};

describe("BS.1770 loudness meter", () => {
  it("a 1 kHz sine at -20 dBFS in both channels reads -20 LUFS (the standard's calibration)", () => {
    const s = tone(1000, 0.1, 5);
    expect(measureLoudness(s, s).integratedLufs).toBeCloseTo(-20, 1);
  });
  it("one channel alone is 3 dB quieter than both", () => {
    const s = tone(1000, 0.1, 3);
    expect(measureLoudness(s, new Float32Array(s.length)).integratedLufs).toBeCloseTo(-23.01, 1);
  });
  it("K-weighting: 100 Hz counts less than 1 kHz, 4 kHz more", () => {
    const at = (f: number): number => {
      const s = tone(f, 0.1, 2);
      return measureLoudness(s, s).integratedLufs;
    };
    expect(at(100)).toBeLessThan(at(1000) - 0.5);
    expect(at(4000)).toBeGreaterThan(at(1000) + 2);
  });
  it("gates silence out of the integrated loudness; short-term follows the level", () => {
    const loud = tone(1000, 0.1, 6);
    const both = new Float32Array(loud.length * 2);
    both.set(loud, 0);
    const m = measureLoudness(both, both);
    // (the blocks that straddle the end keep a little silence)
    expect(Math.abs(m.integratedLufs + 20)).toBeLessThan(0.2);
    expect(m.shortTerm[20]!).toBeCloseTo(-20, 1);
    expect(m.shortTerm.at(-1)!).toBeLessThan(-70);
    const quiet = tone(1000, 0.01, 6);
    const mixed = new Float32Array(loud.length * 2);
    mixed.set(loud, 0);
    mixed.set(quiet, loud.length);
    // -40 LUFS lies more than 10 LU under the -23 LUFS mean: the relative gate drops it.
    // (blocks straddling the change keep a little of it)
    expect(Math.abs(measureLoudness(mixed, mixed).integratedLufs + 20)).toBeLessThan(0.2);
  });
  it("true peak finds the peak between samples", () => {
    // A sine at a quarter of the sample rate, 45° off: every sample sits at 0.707 of the peak.
    const s = tone(SAMPLE_RATE / 4, 0.5, 1, Math.PI / 4);
    const samplePeak = s.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(20 * Math.log10(samplePeak)).toBeCloseTo(20 * Math.log10(0.5) - 3, 0);
    expect(measureLoudness(s, s).truePeakDbtp).toBeCloseTo(20 * Math.log10(0.5), 0);
  });
  it("streams: feeding pieces gives the same figures as feeding the whole", () => {
    const s = tone(440, 0.2, 3);
    const whole = measureLoudness(s, s);
    const m = new LoudnessMeter();
    for (let i = 0; i < s.length; i += 1000) m.add(s, s, i, Math.min(s.length, i + 1000));
    expect(m.integrated()).toBe(whole.integratedLufs);
    expect(m.truePeakDb()).toBe(whole.truePeakDbtp);
  });
});

describe("true-peak limiter", () => {
  it("keeps the true peak under its ceiling and passes quiet audio unchanged (delayed)", () => {
    const loud = tone(SAMPLE_RATE / 4, 1.2, 1, Math.PI / 4);
    const l = loud.slice();
    const r = loud.slice();
    const lim = new TruePeakLimiter(-1);
    lim.process(l, r);
    expect(
      measureLoudness(l.subarray(lim.latency), r.subarray(lim.latency)).truePeakDbtp,
    ).toBeLessThanOrEqual(-0.95);
    const quiet = tone(500, 0.1, 0.5);
    const q = quiet.slice();
    const q2 = quiet.slice();
    const lim2 = new TruePeakLimiter(-1);
    lim2.process(q, q2);
    for (let i = lim2.latency; i < q.length; i++) expect(q[i]).toBe(quiet[i - lim2.latency]);
  });
});

/**
 * True peak (dBTP) read independently of the engine's 4×, 12-tap estimate: 16× oversampling
 * through a 96-tap Blackman-windowed sinc.
 */
function referenceTruePeakDb(x: Float32Array): number {
  const over = 16;
  const half = 48;
  const kernel = Array.from({ length: over }, (_, p) =>
    Array.from({ length: 2 * half }, (_, j) => {
      const t = j - half + 1 - p / over;
      const sinc = t === 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t);
      const w =
        0.42 + 0.5 * Math.cos((Math.PI * t) / half) + 0.08 * Math.cos((2 * Math.PI * t) / half);
      return sinc * w;
    }),
  );
  let peak = 0;
  for (let i = half; i < x.length - half; i++)
    for (const h of kernel) {
      let y = 0;
      for (let j = 0; j < h.length; j++) y += h[j]! * x[i + j - half + 1]!;
      peak = Math.max(peak, Math.abs(y));
    }
  return 20 * Math.log10(peak);
}

describe("the master's ceiling keeps every render at or under -1 dBTP", () => {
  // Material driven 3–6 dB over full scale, the hardest a limiter meets: full-band noise (whose
  // peaks between samples the 4× estimate reads low), a square wave, a quarter-rate sine 45° off.
  let seed = 12345;
  const noise = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 4 - 2;
  const n = Math.round(0.25 * SAMPLE_RATE);
  const signals: Record<string, Float32Array> = {
    "full-band noise": Float32Array.from({ length: n }, noise),
    "square wave": Float32Array.from({ length: n }, (_, i) =>
      Math.floor(i / 37) % 2 ? 1.4 : -1.4,
    ),
    "quarter-rate sine": tone(SAMPLE_RATE / 4, 1.5, 0.25, Math.PI / 4),
  };
  // (genres share the master's EQ and ceiling; its glue compressor only lowers peaks)
  const masters = new Set(
    GENRES.map((g) => {
      const { eq, ceilingDbtp } = mixSettings(g).master;
      return JSON.stringify({ eq, ceilingDbtp });
    }),
  );
  for (const json of masters) {
    const master = JSON.parse(json) as Pick<
      ReturnType<typeof mixSettings>["master"],
      "eq" | "ceilingDbtp"
    >;
    for (const [name, signal] of Object.entries(signals))
      it(`${name} through the master EQ and a ${master.ceilingDbtp} dBTP limiter`, () => {
        const l = signal.slice();
        const r = signal.slice();
        new StereoEq(master.eq).process(l, r);
        const limiter = new TruePeakLimiter(master.ceilingDbtp);
        limiter.process(l, r);
        // (past the look-ahead and the EQ's settling)
        expect(referenceTruePeakDb(l.subarray(limiter.latency + 500))).toBeLessThanOrEqual(-1);
      });
  }
});

const ffmpeg = (() => {
  try {
    execFileSync("ffmpeg", ["-version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe("agreement with ffmpeg's ebur128 (where ffmpeg is installed)", () => {
  it.skipIf(!ffmpeg)("integrated loudness within 0.3 LU and true peak within 0.5 dB", () => {
    // Program-like material: a chord with a decaying envelope, noise bursts, a quiet passage.
    const n = SAMPLE_RATE * 8;
    const l = new Float32Array(n);
    const r = new Float32Array(n);
    let x = 12345;
    for (let i = 0; i < n; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      const noise = (x / 2 ** 32 - 0.5) * 0.2 * (Math.floor(i / 11025) % 3 === 0 ? 1 : 0);
      const env = Math.exp(-((i % 22050) / 22050) * 3) * (i > n * 0.75 ? 0.1 : 1);
      const chord = [220, 277.2, 329.6, 1760].reduce(
        (a, f) => a + Math.sin((2 * Math.PI * f * i) / SAMPLE_RATE),
        0,
      );
      l[i] = 0.2 * env * chord + noise;
      r[i] = 0.17 * env * chord - noise * 0.8;
    }
    const dir = mkdtempSync(join(tmpdir(), "hq-ebur128-"));
    let summary: string;
    try {
      const file = join(dir, "t.wav");
      writeFileSync(file, encodeWav(l, r));
      // ffmpeg prints its summary on stderr.
      summary = execFileSync(
        "sh",
        ["-c", `ffmpeg -hide_banner -nostats -i "${file}" -af ebur128=peak=true -f null - 2>&1`],
        {
          encoding: "utf8",
        },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const tail = summary.slice(summary.lastIndexOf("Summary:"));
    const integrated = Number(/I:\s+(-?[\d.]+) LUFS/.exec(tail)?.[1]);
    const peak = Number(/Peak:\s+(-?[\d.]+) dBFS/.exec(tail)?.[1]);
    // Our meter reads the same 16-bit samples ffmpeg reads.
    const ours = measureLoudness(
      Float32Array.from(l, (v) => Math.round(Math.max(-1, Math.min(1, v)) * 32767) / 32768),
      Float32Array.from(r, (v) => Math.round(Math.max(-1, Math.min(1, v)) * 32767) / 32768),
    );
    expect(Math.abs(ours.integratedLufs - integrated)).toBeLessThan(0.3);
    expect(Math.abs(ours.truePeakDbtp - peak)).toBeLessThan(0.5);
  });
});
