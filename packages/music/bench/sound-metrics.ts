/**
 * What the sound benchmark measures in a rendered song. Independent tools from Debian (ffmpeg's
 * ebur128, aubio) are used when installed; otherwise the engine's own meter and a spectral-flux
 * onset detector stand in (the report says which).
 */
import { execFileSync } from "node:child_process";
import { LoudnessMeter } from "../src/render/loudness";
import { decodeWavStereo, SAMPLE_RATE } from "../src/wav";

const has = (cmd: string, arg = "-version"): boolean => {
  try {
    execFileSync(cmd, [arg], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
export const HAS_FFMPEG = has("ffmpeg");
export const HAS_AUBIO = has("aubio", "-h");

export interface Stereo {
  left: Float32Array;
  right: Float32Array;
}
export const decode = (wav: Uint8Array): Stereo => decodeWavStereo(wav);

/** Integrated loudness and true peak: ffmpeg's ebur128 when installed, else the engine's meter. */
export function loudness(file: string, s: Stereo): { lufs: number; tp: number; tool: string } {
  if (HAS_FFMPEG) {
    const out = execFileSync(
      "sh",
      ["-c", `ffmpeg -hide_banner -nostats -i "${file}" -af ebur128=peak=true -f null - 2>&1`],
      {
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const tail = out.slice(out.lastIndexOf("Summary:"));
    return {
      lufs: Number(/I:\s+(-?[\d.]+) LUFS/.exec(tail)?.[1]),
      tp: Number(/Peak:\s+(-?[\d.inf]+) dBFS/.exec(tail)?.[1]),
      tool: "ffmpeg ebur128",
    };
  }
  const m = new LoudnessMeter();
  m.add(s.left, s.right);
  return { lufs: m.integrated(), tp: m.truePeakDb(), tool: "engine meter" };
}

/** Samples at full scale in the 16-bit file. */
export function clipped(wav: Uint8Array): number {
  const pcm = new Int16Array(wav.buffer, wav.byteOffset + 44, (wav.length - 44) >> 1);
  let n = 0;
  for (const v of pcm) if (v >= 32767 || v <= -32768) n++;
  return n;
}

/** Pearson correlation of left and right, and the side/mid energy ratio (dB). */
export function stereo(s: Stereo): { corr: number; sideMidDb: number } {
  let sl = 0;
  let sr = 0;
  let sll = 0;
  let srr = 0;
  let slr = 0;
  let side = 0;
  let mid = 0;
  const n = s.left.length;
  for (let i = 0; i < n; i++) {
    const l = s.left[i]!;
    const r = s.right[i]!;
    sl += l;
    sr += r;
    sll += l * l;
    srr += r * r;
    slr += l * r;
    side += (l - r) ** 2;
    mid += (l + r) ** 2;
  }
  const cov = slr / n - (sl / n) * (sr / n);
  const corr = cov / Math.sqrt((sll / n - (sl / n) ** 2) * (srr / n - (sr / n) ** 2) || 1);
  return { corr, sideMidDb: 10 * Math.log10(side / (mid || 1e-12)) };
}

/** Mean short-term loudness (LUFS, energy mean of the 3 s windows inside) of [from, to) s. */
export function sectionShortTerm(shortTerm: number[], from: number, to: number): number {
  const first = Math.round(from * 10);
  const last = Math.max(first, Math.round((to - 3) * 10));
  let e = 0;
  let n = 0;
  for (let i = first; i <= last && i < shortTerm.length; i++) {
    const v = shortTerm[i]!;
    if (!Number.isFinite(v)) continue;
    e += 10 ** (v / 10);
    n++;
  }
  return n > 0 ? 10 * Math.log10(e / n) : -Infinity;
}

export function shortTermOf(s: Stereo): number[] {
  const m = new LoudnessMeter(SAMPLE_RATE, false);
  m.add(s.left, s.right);
  return m.shortTerm();
}

/**
 * Share of 2-bar chunks that have a near-identical twin elsewhere in the song: each chunk's
 * log-spectrogram (32 bands, 40 Hz–16 kHz, 2048-sample frames, less the song's mean spectrum)
 * correlated with every other's.
 */
export function twinShare(s: Stereo, tempo: number, threshold = 0.95): number {
  const twins = twinsOf(s, tempo, threshold);
  return twins.length ? twins.filter((t) => t >= 0).length / twins.length : 0;
}

/** For each 2-bar chunk, the index of a near-identical twin chunk, or −1 (see `twinShare`). */
export function twinsOf(s: Stereo, tempo: number, threshold = 0.95): number[] {
  const chunk = Math.round(((8 * 60) / tempo) * SAMPLE_RATE);
  const frame = 2048;
  const bands = 32;
  const edges = Array.from({ length: bands + 1 }, (_, i) => 40 * (16000 / 40) ** (i / bands));
  const mono = new Float32Array(s.left.length);
  for (let i = 0; i < mono.length; i++) mono[i] = 0.5 * (s.left[i]! + s.right[i]!);
  const feats: Float64Array[] = [];
  for (let start = 0; start + chunk <= mono.length; start += chunk) {
    const frames = Math.floor(chunk / frame);
    const f = new Float64Array(frames * bands);
    for (let k = 0; k < frames; k++) {
      const spec = bandEnergies(mono, start + k * frame, frame, edges);
      for (let b = 0; b < bands; b++) f[k * bands + b] = 10 * Math.log10(spec[b]! + 1e-10);
    }
    feats.push(f);
  }
  if (feats.length < 2) return feats.map(() => -1);
  // Remove the song's average spectrum (each band's mean level): what is left is what changes
  // from chunk to chunk, not the mix's overall tilt that every chunk shares.
  const mean = new Float64Array(bands);
  let count = 0;
  for (const f of feats)
    for (let k = 0; k < f.length; k += bands) {
      for (let b = 0; b < bands; b++) mean[b] = mean[b]! + f[k + b]!;
      count++;
    }
  for (let b = 0; b < bands; b++) mean[b] = mean[b]! / count;
  for (const f of feats)
    for (let k = 0; k < f.length; k += bands)
      for (let b = 0; b < bands; b++) f[k + b] = f[k + b]! - mean[b]!;
  return feats.map((f, i) => feats.findIndex((g, j) => j !== i && pearson(f, g) > threshold));
}

/** Band energies of one frame via a radix-2 FFT (Hann window). */
function bandEnergies(x: Float32Array, at: number, n: number, edges: number[]): number[] {
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0; i < n; i++)
    re[i] = (x[at + i] ?? 0) * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
  fft(re, im);
  const out = new Array<number>(edges.length - 1).fill(0);
  for (let k = 1; k < n / 2; k++) {
    const f = (k * SAMPLE_RATE) / n;
    const p = re[k]! ** 2 + im[k]! ** 2;
    for (let b = 0; b < out.length; b++) {
      if (f >= edges[b]! && f < edges[b + 1]!) {
        out[b] = out[b]! + p;
        break;
      }
    }
  }
  return out;
}

function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(ang * k);
        const wi = Math.sin(ang * k);
        const ar = re[i + k + len / 2]!;
        const ai = im[i + k + len / 2]!;
        const xr = ar * wr - ai * wi;
        const xi = ar * wi + ai * wr;
        re[i + k + len / 2] = re[i + k]! - xr;
        im[i + k + len / 2] = im[i + k]! - xi;
        re[i + k] = re[i + k]! + xr;
        im[i + k] = im[i + k]! + xi;
      }
    }
  }
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i]! - ma;
    const y = b[i]! - mb;
    num += x * y;
    da += x * x;
    db += y * y;
  }
  return num / Math.sqrt(da * db || 1);
}

/** Onset times (s): aubio onset when installed, else spectral-flux peaks. */
export function onsets(file: string, s: Stereo): number[] {
  if (HAS_AUBIO) {
    const out = execFileSync("aubio", ["onset", file], {
      encoding: "utf8",
      maxBuffer: 16 * 1024 * 1024,
    });
    return out
      .split("\n")
      .map((l) => Number(l.trim()))
      .filter((x) => Number.isFinite(x) && x > 0);
  }
  const hop = 512;
  const edges = [40, 150, 400, 1000, 2500, 6000, 16000];
  const mono = new Float32Array(s.left.length);
  for (let i = 0; i < mono.length; i++) mono[i] = 0.5 * (s.left[i]! + s.right[i]!);
  let prev: number[] | null = null;
  const flux: number[] = [];
  for (let at = 0; at + 1024 <= mono.length; at += hop) {
    const e = bandEnergies(mono, at, 1024, edges).map((v) => Math.log(1 + 1000 * v));
    flux.push(prev ? e.reduce((acc, v, i) => acc + Math.max(0, v - prev![i]!), 0) : 0);
    prev = e;
  }
  const out: number[] = [];
  for (let i = 2; i < flux.length - 2; i++) {
    const local = flux.slice(Math.max(0, i - 8), i + 8);
    const mean = local.reduce((a, b) => a + b, 0) / local.length;
    if (flux[i]! > mean * 1.5 && flux[i]! >= flux[i - 1]! && flux[i]! >= flux[i + 1]!)
      out.push((i * hop) / SAMPLE_RATE);
  }
  return out;
}

/** Onsets folded onto a 16-step bar at the song's tempo (a normalized histogram). */
export function onsetPattern(times: number[], tempo: number): number[] {
  const h = new Array<number>(16).fill(0);
  for (const t of times) {
    const beat = (t * tempo) / 60;
    const step = Math.round((beat % 4) * 4) % 16;
    h[step] = h[step]! + 1;
  }
  const total = h.reduce((a, b) => a + b, 0) || 1;
  return h.map((v) => v / total);
}

/** aubio's tempo estimate (BPM), or null without aubio. */
export function aubioTempo(file: string): number | null {
  if (!HAS_AUBIO) return null;
  const out = execFileSync("aubio", ["tempo", file], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  const m = /([\d.]+)\s*bpm/.exec(out);
  return m ? Number(m[1]) : null;
}

export const tempoMatches = (found: number, planned: number): boolean =>
  [1, 2, 0.5].some((k) => Math.abs(found - planned * k) <= planned * k * 0.04);

/** Loudness (LUFS, ungated) of a float stem. */
export function stemLoudness(s: Stereo): number {
  const m = new LoudnessMeter(SAMPLE_RATE, false);
  m.add(s.left, s.right);
  return m.integrated();
}

/** Share of a signal's energy below a frequency (one long FFT over the mid, in 8192-sample frames). */
export function energyBelow(s: Stereo, hz: number): number {
  const n = 8192;
  let lo = 0;
  let all = 0;
  const mono = new Float32Array(s.left.length);
  for (let i = 0; i < mono.length; i++) mono[i] = 0.5 * (s.left[i]! + s.right[i]!);
  for (let at = 0; at + n <= mono.length; at += n * 4) {
    const re = new Float64Array(n);
    const im = new Float64Array(n);
    for (let i = 0; i < n; i++)
      re[i] = mono[at + i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
    fft(re, im);
    for (let k = 1; k < n / 2; k++) {
      const p = re[k]! ** 2 + im[k]! ** 2;
      all += p;
      if ((k * SAMPLE_RATE) / n < hz) lo += p;
    }
  }
  return lo / (all || 1);
}
