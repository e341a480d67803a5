/** Test utilities (not exported from the package): key estimation from audio, a MIDI parser, audio stats. */
import { decodeWav } from "./wav";

const MAJOR_PROFILE = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
const MINOR_PROFILE = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

export interface KeyEstimate {
  tonicPc: number;
  quality: "major" | "minor";
  score: number;
  chroma: number[];
}

function correlation(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    const x = (a[i] ?? 0) - ma;
    const y = (b[i] ?? 0) - mb;
    num += x * y;
    da += x * x;
    db += y * y;
  }
  return num / Math.sqrt(da * db || 1);
}

/** Pitch-class profile from a WAV (Goertzel on MIDI 45..93, Hann windows) and a Krumhansl–Kessler key match. */
export function estimateKey(wavBytes: Uint8Array): KeyEstimate {
  const wav = decodeWav(wavBytes);
  const ch = wav.channels;
  const factor = 4;
  const sr = wav.sampleRate / factor;
  const len = Math.floor(wav.frames / factor);
  // Anti-alias (4 one-pole low-passes at ~1.8 kHz) before decimating, so hats and distortion
  // do not fold down onto musical pitches.
  const mono = new Float32Array(len);
  const a = 1 - Math.exp((-2 * Math.PI * 1800) / wav.sampleRate);
  let y1 = 0;
  let y2 = 0;
  let y3 = 0;
  let y4 = 0;
  for (let i = 0; i < len * factor; i++) {
    let x = 0;
    for (let c = 0; c < ch; c++) x += wav.samples[i * ch + c] ?? 0;
    x /= ch * 32768;
    y1 += a * (x - y1);
    y2 += a * (y1 - y2);
    y3 += a * (y2 - y3);
    y4 += a * (y3 - y4);
    if (i % factor === 0) mono[i / factor] = y4;
  }
  const frame = 4096;
  const win = new Float32Array(frame);
  for (let i = 0; i < frame; i++) win[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (frame - 1));
  // Magnitudes for MIDI 40..112, then harmonic summation so fundamentals outweigh overtones
  // (a saw bass's 5th harmonic would otherwise read as a major third).
  const LO = 40;
  const HI = 112;
  const mags = new Float64Array(HI - LO + 1);
  const chroma = new Array<number>(12).fill(0);
  for (let start = 0; start + frame <= len; start += frame) {
    for (let midi = LO; midi <= HI; midi++) {
      const f = 440 * Math.pow(2, (midi - 69) / 12);
      if (f >= sr / 2) {
        mags[midi - LO] = 0;
        continue;
      }
      const coeff = 2 * Math.cos((2 * Math.PI * f) / sr);
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < frame; i++) {
        const s0 = (mono[start + i] ?? 0) * (win[i] ?? 0) + coeff * s1 - s2;
        s2 = s1;
        s1 = s0;
      }
      mags[midi - LO] = Math.sqrt(Math.max(0, s1 * s1 + s2 * s2 - coeff * s1 * s2));
    }
    // Harmonic summation: a pitch's salience includes its overtones, weighted by its own energy,
    // so fundamentals outweigh overtones (a saw's 5th harmonic would otherwise read as a third).
    const harmonics = [0, 12, 19, 24, 28];
    // Chroma from C3 up: below that, kick drums sweep through every pitch.
    for (let midi = 48; midi <= 84; midi++) {
      let sal = 0;
      harmonics.forEach((h, k) => {
        sal += (mags[midi + h - LO] ?? 0) * Math.pow(0.7, k);
      });
      chroma[midi % 12] = (chroma[midi % 12] ?? 0) + Math.sqrt(sal * (mags[midi - LO] ?? 0));
    }
  }
  let best: KeyEstimate = { tonicPc: 0, quality: "major", score: -Infinity, chroma };
  for (let t = 0; t < 12; t++) {
    for (const [quality, prof] of [["major", MAJOR_PROFILE], ["minor", MINOR_PROFILE]] as const) {
      const rotated = prof.map((_, i) => prof[(i - t + 12) % 12] ?? 0);
      const score = correlation(chroma, rotated);
      if (score > best.score) best = { tonicPc: t, quality, score, chroma };
    }
  }
  return best;
}

/** True when the estimate is the key itself or its relative major/minor. */
export function keyMatches(est: { tonicPc: number; quality: "major" | "minor" }, key: { tonicPc: number; quality: "major" | "minor" }): boolean {
  if (est.quality === key.quality) return est.tonicPc === key.tonicPc;
  const relative = key.quality === "major" ? (key.tonicPc + 9) % 12 : (key.tonicPc + 3) % 12;
  return est.tonicPc === relative;
}

export interface AudioStats {
  frames: number;
  channels: number;
  sampleRate: number;
  durationSec: number;
  peak: number;
  peakDbfs: number;
  rms: number;
  clipped: number;
}

export function audioStats(wavBytes: Uint8Array): AudioStats {
  const wav = decodeWav(wavBytes);
  let peak = 0;
  let sum = 0;
  let clipped = 0;
  for (let i = 0; i < wav.samples.length; i++) {
    const v = wav.samples[i] ?? 0;
    const a = Math.abs(v);
    if (a > peak) peak = a;
    if (v >= 32767 || v <= -32768) clipped++;
    sum += v * v;
  }
  const p = peak / 32768;
  return {
    frames: wav.frames,
    channels: wav.channels,
    sampleRate: wav.sampleRate,
    durationSec: wav.frames / wav.sampleRate,
    peak: p,
    peakDbfs: 20 * Math.log10(p || 1e-12),
    rms: Math.sqrt(sum / Math.max(1, wav.samples.length)) / 32768,
    clipped,
  };
}

export interface ParsedMidiNote {
  tick: number;
  duration: number;
  pitch: number;
  velocity: number;
  channel: number;
}

export interface ParsedMidi {
  format: number;
  ppq: number;
  tempoUsPerBeat: number | null;
  tracks: { name: string | null; notes: ParsedMidiNote[]; lyrics: string[] }[];
}

/** Minimal Standard MIDI File parser (running status, meta and sysex events). */
export function parseMidi(bytes: Uint8Array): ParsedMidi {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number): string => String.fromCharCode(bytes[o] ?? 0, bytes[o + 1] ?? 0, bytes[o + 2] ?? 0, bytes[o + 3] ?? 0);
  if (tag(0) !== "MThd") throw new Error("not a MIDI file");
  const format = view.getUint16(8);
  const ntracks = view.getUint16(10);
  const ppq = view.getUint16(12);
  let offset = 8 + view.getUint32(4);
  let tempo: number | null = null;
  const tracks: ParsedMidi["tracks"] = [];
  for (let t = 0; t < ntracks; t++) {
    if (tag(offset) !== "MTrk") throw new Error(`bad track header at ${offset}`);
    const len = view.getUint32(offset + 4);
    let p = offset + 8;
    const end = p + len;
    let tick = 0;
    let status = 0;
    const open = new Map<string, { tick: number; velocity: number }[]>();
    const notes: ParsedMidiNote[] = [];
    const lyrics: string[] = [];
    let name: string | null = null;
    const readVlq = (): number => {
      let v = 0;
      for (;;) {
        const b = bytes[p++] ?? 0;
        v = (v << 7) | (b & 0x7f);
        if (!(b & 0x80)) return v;
      }
    };
    while (p < end) {
      tick += readVlq();
      let b = bytes[p] ?? 0;
      if (b & 0x80) {
        status = b;
        p++;
      } else b = status;
      if (status === 0xff) {
        const type = bytes[p++] ?? 0;
        const l = readVlq();
        const data = bytes.subarray(p, p + l);
        if (type === 0x51) tempo = ((data[0] ?? 0) << 16) | ((data[1] ?? 0) << 8) | (data[2] ?? 0);
        if (type === 0x03) name = new TextDecoder().decode(data);
        if (type === 0x05) lyrics.push(new TextDecoder().decode(data));
        p += l;
        if (type === 0x2f) break;
        continue;
      }
      if (status === 0xf0 || status === 0xf7) {
        p += readVlq();
        continue;
      }
      const kind = status & 0xf0;
      const channel = status & 0x0f;
      const d1 = bytes[p++] ?? 0;
      const d2 = kind === 0xc0 || kind === 0xd0 ? 0 : (bytes[p++] ?? 0);
      const k = `${channel}:${d1}`;
      if (kind === 0x90 && d2 > 0) {
        const list = open.get(k) ?? [];
        list.push({ tick, velocity: d2 });
        open.set(k, list);
      } else if (kind === 0x80 || (kind === 0x90 && d2 === 0)) {
        const on = open.get(k)?.shift();
        if (on) notes.push({ tick: on.tick, duration: tick - on.tick, pitch: d1, velocity: on.velocity, channel });
      }
    }
    notes.sort((a, b) => a.tick - b.tick || a.pitch - b.pitch);
    tracks.push({ name, notes, lyrics });
    offset = end;
  }
  return { format, ppq, tempoUsPerBeat: tempo, tracks };
}
