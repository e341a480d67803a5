import { decodeWav } from "./wav";

/**
 * A compact waveform: `count` values in 0..1 (max |sample| per bucket, both channels), rounded to
 * 3 decimals. Accepts a WAV file, interleaved 16-bit samples or float samples (−1..1).
 */
export function computePeaks(
  input: Uint8Array | Int16Array | Float32Array,
  count = 200,
  channels = 2,
): number[] {
  let samples: Int16Array | Float32Array;
  let scale = 1;
  let ch = channels;
  if (input instanceof Int16Array) {
    samples = input;
    scale = 1 / 32768;
  } else if (input instanceof Float32Array) {
    samples = input;
  } else {
    const wav = decodeWav(input);
    samples = wav.samples;
    ch = wav.channels;
    scale = 1 / 32768;
  }
  const frames = Math.floor(samples.length / Math.max(1, ch));
  const out: number[] = new Array<number>(count).fill(0);
  if (frames === 0) return out;
  for (let b = 0; b < count; b++) {
    const start = Math.floor((b * frames) / count) * ch;
    const end = Math.floor(((b + 1) * frames) / count) * ch;
    let p = 0;
    for (let i = start; i < end; i++) {
      const v = samples[i]!;
      const a = v < 0 ? -v : v;
      if (a > p) p = a;
    }
    out[b] = Math.min(1, Math.round(p * scale * 1000) / 1000);
  }
  return out;
}
