/**
 * The listening stream: a song's WAV as constant-bitrate MP3, which every browser and Subsonic
 * player plays. Encoded by LAME 3.100 compiled to WebAssembly (`wasm-media-encoders`: the
 * package MIT, LAME inside it LGPL; the wasm is inlined in the package, nothing is downloaded
 * at run time, no ffmpeg). CPU-heavy: call it in the render pool (`pool.encodeMp3`), not on a
 * request thread.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { createMp3Encoder } from "wasm-media-encoders";

/** 128 kb/s CBR: 0.96 MB a minute (the WAV is 10.6 MB). */
export const MP3_BITRATE = 128;
/** Names the stream's settings: a change makes new files (and new ETags) instead of stale ones. */
export const STREAM_VERSION = `mp3-${MP3_BITRATE}`;

/**
 * Frames handed to the encoder at once (multiples of an MP3 frame's 1152 samples): a short first
 * block, so a first play that follows the encode gets its first bytes at once, then 0.42 s
 * blocks, so a player's first 64 KiB (4.1 s) wait for at most 0.42 s more audio than they hold
 * (1.7 s blocks made it up to 1.1 s: a quarter more encoding). LAME's output does not depend on
 * how its input is cut: the bytes are the same for any block sizes.
 */
const FIRST_BLOCK = 1152 * 8;
const BLOCK = 1152 * 16;

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

/** A stored WAV given by its file, for an encode that reads it itself (see `encodeMp3File`). */
export interface WavFile {
  path: string;
  /** Its size in bytes (how long the encode may take before it counts as stuck). */
  size: number;
}

/** Where a WAV's bytes are read from: memory, or a file read as the encode goes. */
interface WavSource {
  readonly size: number;
  /** `length` bytes from `offset` (fewer at the end), valid until the next read. */
  read(offset: number, length: number): Uint8Array;
}

const bytesSource = (wav: Uint8Array): WavSource => ({
  size: wav.byteLength,
  read: (offset, length) => wav.subarray(offset, offset + length),
});

/**
 * A 16-bit or float WAV (mono or stereo, any rate LAME takes) as 128 kb/s stereo MP3 at 44.1 kHz.
 * `onChunk` gets the MP3 as it is made (about 0.42 s of audio at a time; concatenated, the chunks
 * are the MP3 the promise resolves with), so a first play can start before the encode ends.
 */
export function encodeMp3(
  wav: Uint8Array,
  onChunk?: (bytes: Uint8Array) => void,
): Promise<Uint8Array> {
  return encodeSource(bytesSource(wav), onChunk);
}

/**
 * `encodeMp3` of a WAV file, read block by block as the encode goes: the first MP3 bytes do not
 * wait for the whole file to be read (a 3-minute WAV is 32 MB). Reads synchronously: call it in
 * the render pool (`pool.encodeMp3({ path, size })`), not on a request thread.
 */
export async function encodeMp3File(
  file: string,
  onChunk?: (bytes: Uint8Array) => void,
): Promise<Uint8Array> {
  const fd = openSync(file, "r");
  try {
    let buffer = new Uint8Array(0);
    const source: WavSource = {
      size: fstatSync(fd).size,
      read(offset, length) {
        if (buffer.byteLength < length) buffer = new Uint8Array(length);
        let read = 0;
        while (read < length) {
          const n = readSync(fd, buffer, read, length - read, offset + read);
          if (n === 0) break;
          read += n;
        }
        return buffer.subarray(0, read);
      },
    };
    return await encodeSource(source, onChunk);
  } finally {
    closeSync(fd);
  }
}

async function encodeSource(
  wav: WavSource,
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
 * starts without converting (or, from a file, reading) the whole song first. 16-bit PCM or
 * 32-bit float.
 */
function wavPcm(wav: WavSource) {
  const at = (offset: number, length: number) => {
    const bytes = wav.read(offset, length);
    return { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  };
  const tag = (bytes: Uint8Array, o: number) => String.fromCharCode(...bytes.subarray(o, o + 4));
  const riff = at(0, 12).bytes;
  if (riff.byteLength < 12 || tag(riff, 0) !== "RIFF" || tag(riff, 8) !== "WAVE")
    throw new Error("not a WAV file");
  let format = 0;
  let channels = 0;
  let sampleRate = 0;
  let bits = 0;
  for (let offset = 12; offset + 8 <= wav.size;) {
    const header = at(offset, 8);
    const id = tag(header.bytes, 0);
    const size = header.view.getUint32(4, true);
    const body = offset + 8;
    if (id === "fmt ") {
      const fmt = at(body, 16).view;
      format = fmt.getUint16(0, true);
      channels = fmt.getUint16(2, true);
      sampleRate = fmt.getUint32(4, true);
      bits = fmt.getUint16(14, true);
    } else if (id === "data") {
      const float = format === 3 && bits === 32;
      if (!float && !(format === 1 && bits === 16))
        throw new Error(`unsupported WAV format ${format}/${bits}-bit`);
      if (channels < 1 || channels > 2) throw new Error(`unsupported WAV channels ${channels}`);
      const bytesPerFrame = (bits / 8) * channels;
      const frames = Math.floor(Math.min(size, wav.size - body) / bytesPerFrame);
      const second = channels === 2 ? bits / 8 : 0;
      return {
        sampleRate,
        frames,
        read(start: number, count: number, left: Float32Array, right: Float32Array) {
          const { view } = at(body + start * bytesPerFrame, count * bytesPerFrame);
          const sample = float
            ? (o: number) => view.getFloat32(o, true)
            : (o: number) => view.getInt16(o, true) / 32768;
          for (let i = 0; i < count; i++) {
            const o = i * bytesPerFrame;
            left[i] = sample(o);
            right[i] = sample(o + second);
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
