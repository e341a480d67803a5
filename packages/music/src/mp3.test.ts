import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { encodeMp3, encodeMp3File, MP3_BITRATE } from "./mp3";
import { encodeWav, encodeWavFloat, SAMPLE_RATE } from "./wav";

/** A stereo test tone: 440 Hz on the left, 660 Hz on the right. */
function tone(seconds: number, amplitude = 0.5) {
  const n = Math.round(seconds * SAMPLE_RATE);
  const left = new Float32Array(n);
  const right = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    left[i] = amplitude * Math.sin((2 * Math.PI * 440 * i) / SAMPLE_RATE);
    right[i] = amplitude * Math.sin((2 * Math.PI * 660 * i) / SAMPLE_RATE);
  }
  return { left, right };
}

/** MPEG-1 layer III frame headers from the first byte to the last: [bitrate kb/s, bytes]. */
function frames(mp3: Uint8Array): number[] {
  const rates = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
  const found: number[] = [];
  let offset = 0;
  while (offset < mp3.length) {
    expect(mp3[offset]).toBe(0xff);
    expect(mp3[offset + 1]! & 0xfe).toBe(0xfa); // sync, MPEG-1, layer III
    const b2 = mp3[offset + 2]!;
    expect((b2 >> 2) & 3).toBe(0); // 44.1 kHz
    const bitrate = rates[b2 >> 4]!;
    found.push(bitrate);
    offset += Math.floor((144_000 * bitrate) / 44_100) + ((b2 >> 1) & 1);
  }
  expect(offset).toBe(mp3.length);
  return found;
}

const hasFfmpeg = (() => {
  try {
    execFileSync("ffmpeg", ["-version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe("the MP3 stream encoder", () => {
  it("writes 128 kb/s CBR frames as long as the WAV, about 0.96 MB a minute", async () => {
    const { left, right } = tone(3);
    const mp3 = await encodeMp3(encodeWav(left, right));
    const rates = frames(mp3);
    expect(new Set(rates)).toEqual(new Set([MP3_BITRATE]));
    const seconds = (rates.length * 1152) / 44_100;
    expect(seconds).toBeGreaterThanOrEqual(3);
    expect(seconds).toBeLessThan(3.1);
    expect(mp3.byteLength / (3 / 60)).toBeLessThan(1.0e6);
    // Deterministic, like the WAV it comes from (the encoder is reused between songs).
    expect(await encodeMp3(encodeWav(left, right))).toEqual(mp3);
  });

  it("reads a WAV file as it encodes, to the same bytes and the same chunks as from memory", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hq-mp3-file-"));
    try {
      const { left, right } = tone(4);
      for (const [name, wav] of [
        ["pcm16.wav", encodeWav(left, right)],
        ["float.wav", encodeWavFloat(left, right)],
      ] as const) {
        const file = path.join(dir, name);
        writeFileSync(file, wav);
        const fromMemory: Uint8Array[] = [];
        const fromFile: Uint8Array[] = [];
        const mp3 = await encodeMp3(wav, (chunk) => fromMemory.push(chunk));
        expect(await encodeMp3File(file, (chunk) => fromFile.push(chunk))).toEqual(mp3);
        expect(fromFile).toEqual(fromMemory);
        // Several chunks, the first well before the end (what a first play starts on).
        expect(fromFile.length).toBeGreaterThan(3);
        expect(fromFile[0]!.byteLength).toBeLessThan(mp3.byteLength / 10);
      }
      const notWav = path.join(dir, "notes.txt");
      writeFileSync(notWav, "not audio at all");
      await expect(encodeMp3File(notWav)).rejects.toThrow("not a WAV file");
      await expect(encodeMp3File(path.join(dir, "missing.wav"))).rejects.toThrow(/ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("takes float WAVs too (the stems' format)", async () => {
    const { left, right } = tone(1);
    const mp3 = await encodeMp3(encodeWavFloat(left, right));
    expect(frames(mp3).length).toBeGreaterThanOrEqual(Math.ceil(44_100 / 1152));
  });

  it.runIf(hasFfmpeg)("decodes (by ffmpeg) to the same tones at the same level", async () => {
    const { left, right } = tone(2, 0.25);
    const mp3 = await encodeMp3(encodeWav(left, right));
    const dir = mkdtempSync(path.join(tmpdir(), "hq-mp3-"));
    try {
      const file = path.join(dir, "tone.mp3");
      writeFileSync(file, mp3);
      const raw = execFileSync("ffmpeg", ["-v", "error", "-i", file, "-f", "f32le", "-"]);
      const pcm = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
      // Skip the encoder's delay and the ends; compare the channels' levels and pitches.
      const channel = (c: number) =>
        Array.from({ length: SAMPLE_RATE }, (_, i) => pcm[(SAMPLE_RATE / 2 + i) * 2 + c]!);
      for (const [c, hz] of [
        [0, 440],
        [1, 660],
      ] as const) {
        const x = channel(c);
        const rms = Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
        expect(20 * Math.log10(rms / (0.25 / Math.SQRT2))).toBeCloseTo(0, 0);
        let crossings = 0;
        for (let i = 1; i < x.length; i++) if (x[i - 1]! < 0 && x[i]! >= 0) crossings++;
        expect(Math.abs(crossings - hz)).toBeLessThanOrEqual(2);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
