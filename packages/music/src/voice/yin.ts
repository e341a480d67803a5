/**
 * YIN pitch tracker (de Cheveigné & Kawahara 2002) for checking what the voice sings: the signal
 * is low-passed and decimated to about 11 kHz first, which keeps it cheap for whole songs.
 */

export interface PitchFrame {
  /** Frame centre, seconds. */
  time: number;
  /** Estimated fundamental, Hz (0 when unvoiced). */
  hz: number;
  /** 1 − the normalized difference at the chosen lag (1 = perfectly periodic). */
  clarity: number;
}

export interface YinOptions {
  minHz?: number;
  maxHz?: number;
  /** Seconds between frames (default 0.01). */
  hop?: number;
  /** Normalized-difference threshold (default 0.1; higher lets octave-up errors through). */
  threshold?: number;
  /**
   * Low-pass here (Hz) before tracking, as YIN's authors did (at 1 kHz): a breathy voice's noise
   * lies above its first harmonics and makes the waveform repeat less. Default: no extra low-pass.
   */
  bandHz?: number;
}

/** Windowed-sinc low-pass taps (2·half + 1) at `cutoff` (a fraction of the sample rate). */
function lowpassTaps(cutoff: number, half: number): Float32Array {
  const taps = new Float32Array(2 * half + 1);
  let sum = 0;
  for (let k = -half; k <= half; k++) {
    const s = k === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * k) / (Math.PI * k);
    const w = 0.5 + 0.5 * Math.cos((Math.PI * k) / (half + 1));
    taps[k + half] = s * w;
    sum += s * w;
  }
  for (let k = 0; k < taps.length; k++) taps[k] = (taps[k] as number) / sum;
  return taps;
}

/** `x` through `taps`, keeping every `step`-th output sample. */
function filterEvery(x: Float32Array, taps: Float32Array, step: number): Float32Array {
  const half = (taps.length - 1) / 2;
  const out = new Float32Array(Math.floor(x.length / step));
  for (let i = 0; i < out.length; i++) {
    const c = i * step;
    let acc = 0;
    for (let k = -half; k <= half; k++) {
      const j = c + k;
      if (j >= 0 && j < x.length) acc += (x[j] as number) * (taps[k + half] as number);
    }
    out[i] = acc;
  }
  return out;
}

/** Low-pass at 0.45 of the new rate's band, then keep every factor-th sample. */
function decimate(x: Float32Array, factor: number): Float32Array {
  return factor <= 1 ? x : filterEvery(x, lowpassTaps(0.45 / factor, 8 * factor), factor);
}

export function yinPitch(
  x: Float32Array,
  sampleRate: number,
  options: YinOptions = {},
): PitchFrame[] {
  const minHz = options.minHz ?? 70;
  const maxHz = options.maxHz ?? 1000;
  const threshold = options.threshold ?? 0.1;
  const factor = Math.max(1, Math.floor(sampleRate / 11025));
  const rate = sampleRate / factor;
  const band = options.bandHz;
  const y =
    band !== undefined && band < 0.45 * rate
      ? filterEvery(decimate(x, factor), lowpassTaps(band / rate, Math.ceil((4 * rate) / band)), 1)
      : decimate(x, factor);
  const maxLag = Math.ceil(rate / minHz);
  const minLag = Math.max(2, Math.floor(rate / maxHz));
  const window = maxLag;
  const hop = Math.max(1, Math.round((options.hop ?? 0.01) * rate));
  const d = new Float64Array(maxLag + 2);
  const frames: PitchFrame[] = [];
  for (let start = 0; start + window + maxLag + 1 < y.length; start += hop) {
    let energy = 0;
    for (let i = 0; i < window; i++) energy += (y[start + i] as number) ** 2;
    const time = ((start + window / 2) * factor) / sampleRate;
    if (energy / window < 1e-7) {
      frames.push({ time, hz: 0, clarity: 0 });
      continue;
    }
    d[0] = 1;
    let running = 0;
    for (let tau = 1; tau <= maxLag + 1; tau++) {
      let s = 0;
      for (let i = 0; i < window; i++) {
        const diff = (y[start + i] as number) - (y[start + i + tau] as number);
        s += diff * diff;
      }
      running += s;
      d[tau] = running > 0 ? (s * tau) / running : 1;
    }
    let lag = -1;
    for (let tau = minLag; tau <= maxLag; tau++) {
      if ((d[tau] as number) < threshold) {
        while (tau + 1 <= maxLag && (d[tau + 1] as number) < (d[tau] as number)) tau++;
        lag = tau;
        break;
      }
    }
    if (lag < 0) {
      frames.push({ time, hz: 0, clarity: 0 });
      continue;
    }
    const a = d[lag - 1] as number;
    const b = d[lag] as number;
    const c = d[lag + 1] as number;
    const den = a - 2 * b + c;
    const shift = den > 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / den)) : 0;
    frames.push({ time, hz: rate / (lag + shift), clarity: 1 - b });
  }
  return frames;
}
