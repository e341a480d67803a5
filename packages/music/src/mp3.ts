/**
 * The listening stream: a song's WAV as constant-bitrate MP3, which every browser and Subsonic
 * player plays. Encoded by LAME 3.100 compiled to WebAssembly (`wasm-media-encoders`: the
 * package MIT, LAME inside it LGPL; the wasm is inlined in the package, nothing is downloaded
 * at run time, no ffmpeg). CPU-heavy: call it in the render pool (`pool.encodeMp3`), not on a
 * request thread.
 */
import { createMp3Encoder } from "wasm-media-encoders";

/** 128 kb/s CBR: 0.96 MB a minute (the WAV is 10.6 MB). */
export const MP3_BITRATE = 128;
/** Names the stream's settings: a change makes new files (and new ETags) instead of stale ones. */
export const STREAM_VERSION = `mp3-${MP3_BITRATE}`;

/**
 * Frames handed to the encoder at once (multiples of an MP3 frame's 1152 samples): a short first
 * block, so a first play that follows the encode gets its first bytes at once, then 1.7 s blocks.
 */
const FIRST_BLOCK = 1152 * 8;
const BLOCK = 1152 * 64;

type Mp3Encoder = Awaited<ReturnType<typeof createMp3Encoder>>;
let encoderReady: Promise<Mp3Encoder> | null = null;

/** One encoder per thread, compiled once and reconfigured per song (configure resets it). */
function encoder(): Promise<Mp3Encoder> {
  encoderReady ??= createMp3Encoder().catch((error: unknown) => {
    encoderReady = null;
    throw error;
  });
  return encoderReady;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/**
 * A 16-bit or float WAV (mono or stereo, any rate LAME takes) as 128 kb/s stereo MP3 at 44.1 kHz.
 * `onChunk` gets the MP3 as it is made (about 1.7 s of audio at a time; concatenated, the chunks
 * are the MP3 the promise resolves with), so a first play can start before the encode ends.
 */
export async function encodeMp3(
  wav: Uint8Array,
  onChunk?: (bytes: Uint8Array) => void,
): Promise<Uint8Array> {
  const pcm = wavPcm(wav);
  const mp3 = await encoder();
  mp3.configure({
    channels: 2,
    sampleRate: pcm.sampleRate,
    bitrate: MP3_BITRATE,
    outputSampleRate: 44100,
  });
  const parts: Uint8Array[] = [];
  const add = (bytes: Uint8Array) => {
    if (bytes.byteLength === 0) return;
    // The encoder returns a view of its own memory, reused by the next call: copy it.
    const copy = bytes.slice();
    parts.push(copy);
    onChunk?.(copy);
  };
  const left = new Float32Array(BLOCK);
  const right = new Float32Array(BLOCK);
  for (let start = 0; start < pcm.frames;) {
    const count = Math.min(start === 0 ? FIRST_BLOCK : BLOCK, pcm.frames - start);
    pcm.read(start, count, left, right);
    add(mp3.encode([left.subarray(0, count), right.subarray(0, count)]));
    start += count;
  }
  add(mp3.finalize());
  return concat(parts);
}

/**
 * A WAV's sample frames, read block by block as float stereo (mono is doubled), so the encode
 * starts without converting the whole song first. 16-bit PCM or 32-bit float.
 */
function wavPcm(wav: Uint8Array) {
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  const tag = (o: number) => String.fromCharCode(...wav.subarray(o, o + 4));
  if (wav.byteLength < 12 || tag(0) !== "RIFF" || tag(8) !== "WAVE")
    throw new Error("not a WAV file");
  let format = 0;
  let channels = 0;
  let sampleRate = 0;
  let bits = 0;
  for (let offset = 12; offset + 8 <= wav.byteLength;) {
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (tag(offset) === "fmt ") {
      format = view.getUint16(body, true);
      channels = view.getUint16(body + 2, true);
      sampleRate = view.getUint32(body + 4, true);
      bits = view.getUint16(body + 14, true);
    } else if (tag(offset) === "data") {
      const float = format === 3 && bits === 32;
      if (!float && !(format === 1 && bits === 16))
        throw new Error(`unsupported WAV format ${format}/${bits}-bit`);
      if (channels < 1 || channels > 2) throw new Error(`unsupported WAV channels ${channels}`);
      const bytesPerFrame = (bits / 8) * channels;
      const frames = Math.floor(Math.min(size, wav.byteLength - body) / bytesPerFrame);
      const second = channels === 2 ? bits / 8 : 0;
      const sample = float
        ? (at: number) => view.getFloat32(at, true)
        : (at: number) => view.getInt16(at, true) / 32768;
      return {
        sampleRate,
        frames,
        read(start: number, count: number, left: Float32Array, right: Float32Array) {
          for (let i = 0; i < count; i++) {
            const at = body + (start + i) * bytesPerFrame;
            left[i] = sample(at);
            right[i] = sample(at + second);
          }
        },
      };
    }
    offset = body + size + (size & 1);
  }
  throw new Error("WAV has no data chunk");
}

/** Storage key (and ETag) of a song's stream: its audio key and the stream's settings. */
export const streamKey = (audioKey: string): string => `${audioKey}-${STREAM_VERSION}`;
