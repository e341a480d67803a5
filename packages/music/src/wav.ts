/** 16-bit PCM WAV encoding/decoding. */
export const SAMPLE_RATE = 44100;

/** Interleave two float channels (-1..1) into a 16-bit stereo WAV file. */
export function encodeWav(
  left: Float32Array,
  right: Float32Array,
  sampleRate = SAMPLE_RATE,
): Uint8Array {
  const frames = Math.min(left.length, right.length);
  const dataBytes = frames * 4;
  const out = new Uint8Array(44 + dataBytes);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string): void => {
    for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i);
  };
  ascii(0, "RIFF");
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 2, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 4, true);
  view.setUint16(32, 4, true);
  view.setUint16(34, 16, true);
  ascii(36, "data");
  view.setUint32(40, dataBytes, true);
  const pcm = new Int16Array(out.buffer, 44, frames * 2);
  for (let i = 0; i < frames; i++) {
    let l = left[i]! * 32767;
    let r = right[i]! * 32767;
    l = l > 32767 ? 32767 : l < -32768 ? -32768 : l;
    r = r > 32767 ? 32767 : r < -32768 ? -32768 : r;
    pcm[i * 2] = Math.round(l);
    pcm[i * 2 + 1] = Math.round(r);
  }
  return out;
}

export interface DecodedWav {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Interleaved samples. */
  samples: Int16Array;
  frames: number;
}

/** Decode a 16-bit PCM WAV (as written by encodeWav; tolerant of extra chunks). */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number): string =>
    String.fromCharCode(bytes[o]!, bytes[o + 1]!, bytes[o + 2]!, bytes[o + 3]!);
  if (bytes.length < 12 || tag(0) !== "RIFF" || tag(8) !== "WAVE")
    throw new Error("not a WAV file");
  let offset = 12;
  let sampleRate = 0;
  let channels = 0;
  let bits = 0;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === "fmt ") {
      channels = view.getUint16(body + 2, true);
      sampleRate = view.getUint32(body + 4, true);
      bits = view.getUint16(body + 14, true);
    } else if (id === "data") {
      if (bits !== 16) throw new Error(`unsupported WAV bit depth ${bits}`);
      const count = Math.floor(Math.min(size, bytes.length - body) / 2);
      const samples = new Int16Array(count);
      for (let i = 0; i < count; i++) samples[i] = view.getInt16(body + i * 2, true);
      return {
        sampleRate,
        channels,
        bitsPerSample: bits,
        samples,
        frames: Math.floor(count / Math.max(1, channels)),
      };
    }
    offset = body + size + (size & 1);
  }
  throw new Error("WAV has no data chunk");
}

/** Bytes in the header `wavHeader` writes (RIFF, fmt and data chunk headers). */
export const WAV_HEADER_BYTES = 44;

/** A WAV header for `frames` stereo frames: 16-bit PCM (format 1) or 32-bit float (format 3). */
export function wavHeader(
  frames: number,
  format: "pcm16" | "float32" = "pcm16",
  sampleRate = SAMPLE_RATE,
): Uint8Array {
  const bytesPerSample = format === "pcm16" ? 2 : 4;
  const dataBytes = frames * 2 * bytesPerSample;
  const out = new Uint8Array(44);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string): void => {
    for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i);
  };
  ascii(0, "RIFF");
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, format === "pcm16" ? 1 : 3, true);
  view.setUint16(22, 2, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2 * bytesPerSample, true);
  view.setUint16(32, 2 * bytesPerSample, true);
  view.setUint16(34, bytesPerSample * 8, true);
  ascii(36, "data");
  view.setUint32(40, dataBytes, true);
  return out;
}

/**
 * Interleaved 16-bit PCM of a stereo block with TPDF dither from a seeded xorshift state (carried
 * from block to block, so the same blocks in the same order give the same bytes).
 */
export function pcm16(
  left: Float32Array,
  right: Float32Array,
  dither: { state: number },
): Uint8Array {
  const frames = Math.min(left.length, right.length);
  const out = new Uint8Array(frames * 4);
  const pcm = new Int16Array(out.buffer);
  let x = dither.state >>> 0;
  // xorshift32: four 8-bit uniforms per step make the two triangular (TPDF) dithers. Written out
  // (no helper closing over x): a captured x lived boxed on the heap, a new number every sample.
  for (let i = 0; i < frames; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    const u0 = (x & 0xff) / 256;
    const u8 = ((x >>> 8) & 0xff) / 256;
    const u16 = ((x >>> 16) & 0xff) / 256;
    const u24 = ((x >>> 24) & 0xff) / 256;
    let l = left[i]! * 32767 + (u0 - u8);
    let r = right[i]! * 32767 + (u16 - u24);
    l = l > 32767 ? 32767 : l < -32768 ? -32768 : l;
    r = r > 32767 ? 32767 : r < -32768 ? -32768 : r;
    pcm[i * 2] = Math.round(l);
    pcm[i * 2 + 1] = Math.round(r);
  }
  dither.state = x;
  return out;
}

/** A stereo 32-bit float WAV (stems: no clipping, no rounding, so they sum back exactly). */
export function encodeWavFloat(
  left: Float32Array,
  right: Float32Array,
  sampleRate = SAMPLE_RATE,
): Uint8Array {
  const frames = Math.min(left.length, right.length);
  const out = new Uint8Array(44 + frames * 8);
  out.set(wavHeader(frames, "float32", sampleRate), 0);
  const view = new DataView(out.buffer);
  for (let i = 0; i < frames; i++) {
    view.setFloat32(44 + i * 8, left[i]!, true);
    view.setFloat32(48 + i * 8, right[i]!, true);
  }
  return out;
}

/** Decode a stereo WAV (16-bit PCM or 32-bit float) to float channels. */
export function decodeWavStereo(bytes: Uint8Array): {
  left: Float32Array;
  right: Float32Array;
  sampleRate: number;
} {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getUint16(20, true);
  const channels = view.getUint16(22, true);
  const sampleRate = view.getUint32(24, true);
  if (format === 3) {
    const frames = Math.floor((bytes.length - 44) / (4 * channels));
    const left = new Float32Array(frames);
    const right = new Float32Array(frames);
    for (let i = 0; i < frames; i++) {
      left[i] = view.getFloat32(44 + i * 4 * channels, true);
      right[i] = view.getFloat32(44 + i * 4 * channels + (channels > 1 ? 4 : 0), true);
    }
    return { left, right, sampleRate };
  }
  const wav = decodeWav(bytes);
  const left = new Float32Array(wav.frames);
  const right = new Float32Array(wav.frames);
  for (let i = 0; i < wav.frames; i++) {
    left[i] = wav.samples[i * wav.channels]! / 32768;
    right[i] = wav.samples[i * wav.channels + (wav.channels > 1 ? 1 : 0)]! / 32768;
  }
  return { left, right, sampleRate: wav.sampleRate };
}
