/** Test utilities (not exported from the package): key estimation from audio, a MIDI parser, audio stats. */
import type { ModeName } from "./theory";
import { decodeWav } from "./wav";

const MAJOR_PROFILE = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
const MINOR_PROFILE = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];
/**
 * Dorian: the minor profile with its sixths swapped (major sixth in the scale, minor sixth not).
 * Dorian is the composer's commonest minor mode, and the plain minor profile rewards the b6 dorian
 * never plays. Mixolydian and lydian profiles were tried and hurt: each shares its notes with a
 * major key a fifth away and steals songs from it.
 */
const DORIAN_PROFILE = MINOR_PROFILE.map((w, i) =>
  i === 8 ? (MINOR_PROFILE[9] ?? w) : i === 9 ? (MINOR_PROFILE[8] ?? w) : w,
);
const PROFILES: readonly [ModeName, "major" | "minor", readonly number[]][] = [
  ["ionian", "major", MAJOR_PROFILE],
  ["aeolian", "minor", MINOR_PROFILE],
  ["dorian", "minor", DORIAN_PROFILE],
];

export interface KeyEstimate {
  tonicPc: number;
  quality: "major" | "minor";
  /** Which profile matched best: ionian (major), aeolian (minor) or dorian. */
  mode: ModeName;
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

/** Lowest and highest pitch (MIDI) analysed: E1 (41 Hz, a bass's low string) to E7. */
const LOWEST = 28;
const HIGHEST = 100;
/**
 * Lowest pitch counted in the profile: C3. Below it the kick drum's tail (a steady ~48 Hz sine, G1)
 * and 808s dominate; bass notes there still matter, as the pitches whose overtones are explained
 * away above (their octaves from C3 up are counted).
 */
const COUNTED_FROM = 48;
/**
 * Window length in periods of the pitch being measured (constant-Q). With a Hann window the first
 * spectral null lies 2/T away; 34 periods put it one semitone (5.9 %) away, so neighbouring semitones
 * do not leak into each other even for bass notes.
 */
const PERIODS = 34;
/**
 * Added to a key's profile correlation (about 0.6–0.9 for a good match) in proportion to how much
 * the bass (E1–B2, below the counted profile) plays its tonic, relative to the bass's loudest
 * pitch class. Bass lines land on the tonic; the profile alone confuses a key with its dominant
 * (G major heard as D major), which shares all but one note. On six sets of 144 ten-second renders
 * besides key.test.ts's (other descriptions and seeds; the last two kept back until the weight was
 * chosen) misses went 22 → 14 on the mixes and 15 → 7 on the instrumentals with 0.1; 0.2 and more
 * began to miss keys whose bass walks.
 */
const BASS_TONIC_WEIGHT = 0.1;
/** Overtones that land on another pitch class (3rd, 5th, 6th harmonic) and how much of them to explain away. */
const FOREIGN_OVERTONES: readonly [number, number][] = [
  [19, 0.5],
  [28, 0.35],
  [31, 0.3],
];

/**
 * Pitch-class profile from a WAV and a Krumhansl–Kessler key match.
 *
 * - Constant-Q Goertzel magnitudes for every semitone from E1 to E7 (frames every 0.19 s).
 * - Spectral whitening: each semitone minus the louder of the mean of the six semitones below and
 *   the mean of the six above. Drums are broadband and cancel, including at the edge of their band
 *   (a kick sweeping down from 158 Hz would otherwise leave a peak near C3); pitched notes are
 *   narrow peaks and stay.
 * - From the lowest pitch up, each pitch explains away part of its own non-octave overtones (3rd,
 *   5th, 6th harmonic). Without this a bass Bb1, whose fundamental lies below the counted range,
 *   shows up through its 3rd harmonic F and pulls songs in Bb towards F major.
 * - The profile is compressed (x^0.4) before matching, so quieter parts (a melody's thirds over
 *   distorted power chords) still count. A square root let a held tonic outweigh the third that
 *   tells major from minor: on three sets of 144 ten-second renders other than key.test.ts's
 *   (other descriptions and seeds) it missed 5, 2 and 5 keys, and every power from 0.33 to 0.45
 *   missed 4, 2 and 4; 0.4 is the middle of that range.
 * - The bass below the profile (E1–B2) votes for the tonic it plays most (BASS_TONIC_WEIGHT).
 */
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
  const count = HIGHEST - LOWEST + 1;
  // Per pitch: Goertzel coefficient and a Hann window PERIODS periods long.
  const coeffs = new Float64Array(count);
  const windows: Float32Array[] = [];
  for (let k = 0; k < count; k++) {
    const f = 440 * Math.pow(2, (LOWEST + k - 69) / 12);
    const n = Math.round((PERIODS * sr) / f);
    const w = new Float32Array(n);
    for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
    windows.push(w);
    coeffs[k] = 2 * Math.cos((2 * Math.PI * f) / sr);
  }
  const mags = new Float64Array(count);
  const white = new Float64Array(count);
  const chroma = new Array<number>(12).fill(0);
  const bass = new Array<number>(12).fill(0);
  const hop = 2048;
  for (let centre = 0; centre < len; centre += hop) {
    for (let k = 0; k < count; k++) {
      const w = windows[k] as Float32Array;
      const n = w.length;
      const from = centre - (n >> 1);
      const coeff = coeffs[k] ?? 0;
      let s1 = 0;
      let s2 = 0;
      for (let i = Math.max(0, -from); i < n && from + i < len; i++) {
        const s0 = (mono[from + i] ?? 0) * (w[i] ?? 0) + coeff * s1 - s2;
        s2 = s1;
        s1 = s0;
      }
      // Normalised by the window's sum, so long (bass) and short (treble) windows compare.
      mags[k] = Math.sqrt(Math.max(0, s1 * s1 + s2 * s2 - coeff * s1 * s2)) / (n / 2);
    }
    for (let k = 0; k < count; k++) {
      let below = 0;
      let above = 0;
      for (let j = 1; j <= 6; j++) {
        below += mags[Math.max(0, k - j)] ?? 0;
        above += mags[Math.min(count - 1, k + j)] ?? 0;
      }
      white[k] = Math.max(0, (mags[k] ?? 0) - Math.max(below, above) / 6);
    }
    for (let k = 0; k < count; k++) {
      const w = white[k] ?? 0;
      if (w <= 0) continue;
      for (const [h, share] of FOREIGN_OVERTONES) {
        const o = k + h;
        if (o < count) white[o] = Math.max(0, (white[o] ?? 0) - share * w);
      }
      const pc = (LOWEST + k) % 12;
      if (LOWEST + k >= COUNTED_FROM) chroma[pc] = (chroma[pc] ?? 0) + w;
      else bass[pc] = (bass[pc] ?? 0) + w;
    }
  }
  const compressed = chroma.map((x) => x ** 0.4);
  let best: KeyEstimate = {
    tonicPc: 0,
    quality: "major",
    mode: "ionian",
    score: -Infinity,
    chroma,
  };
  const loudestBass = Math.max(...bass) || 1;
  for (let t = 0; t < 12; t++) {
    const bassTonic = BASS_TONIC_WEIGHT * ((bass[t] ?? 0) / loudestBass);
    for (const [mode, quality, prof] of PROFILES) {
      const rotated = prof.map((_, i) => prof[(i - t + 12) % 12] ?? 0);
      const score = correlation(compressed, rotated) + bassTonic;
      if (score > best.score) best = { tonicPc: t, quality, mode, score, chroma };
    }
  }
  return best;
}

/** Semitones from a mode's tonic up to the tonic of the major scale with the same notes. */
const PARENT_MAJOR_OFFSET: Record<ModeName, number> = {
  ionian: 0,
  dorian: 10,
  phrygian: 8,
  lydian: 7,
  mixolydian: 5,
  aeolian: 3,
};

/**
 * True when the key heard is the composition's key in one of these precise senses:
 * 1. the same tonic and the same major/minor quality (C mixolydian heard as C major, D dorian as D minor);
 * 2. the relative major/minor of a major or minor key (C major heard as A minor, and back);
 * 3. for a church-mode key (dorian, phrygian, lydian, mixolydian): any estimate with exactly the
 *    same seven notes — the parent major scale, its relative minor, or the dorian profile on the
 *    parent's second degree (D dorian ≙ C major ≙ A minor).
 *
 * Why 3 is fair: a pitch-class profile sees which notes sound and how much, nothing else; a mode
 * has exactly its parent scale's notes, and the estimator has no profile for most modes, so the key
 * with the same seven notes is the nearest answer it can give. Wrong keys still fail — the
 * dominant or subdominant key differs by one note, and a major or minor key is held to 1 and 2.
 */
export function keyMatches(
  est: { tonicPc: number; quality: "major" | "minor"; mode?: ModeName },
  key: { tonicPc: number; quality: "major" | "minor"; mode?: ModeName },
): boolean {
  if (est.tonicPc === key.tonicPc && est.quality === key.quality) return true;
  const relative = key.quality === "major" ? (key.tonicPc + 9) % 12 : (key.tonicPc + 3) % 12;
  const estIsMajorOrMinor =
    est.mode === undefined || est.mode === "ionian" || est.mode === "aeolian";
  if (!key.mode || key.mode === "ionian" || key.mode === "aeolian")
    return estIsMajorOrMinor && est.quality !== key.quality && est.tonicPc === relative;
  const parentOf = (tonicPc: number, mode: ModeName): number =>
    (tonicPc + PARENT_MAJOR_OFFSET[mode]) % 12;
  const estMode: ModeName = est.mode ?? (est.quality === "major" ? "ionian" : "aeolian");
  return parentOf(est.tonicPc, estMode) === parentOf(key.tonicPc, key.mode);
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
  const tag = (o: number): string =>
    String.fromCharCode(bytes[o] ?? 0, bytes[o + 1] ?? 0, bytes[o + 2] ?? 0, bytes[o + 3] ?? 0);
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
        if (on)
          notes.push({
            tick: on.tick,
            duration: tick - on.tick,
            pitch: d1,
            velocity: on.velocity,
            channel,
          });
      }
    }
    notes.sort((a, b) => a.tick - b.tick || a.pitch - b.pitch);
    tracks.push({ name, notes, lyrics });
    offset = end;
  }
  return { format, ppq, tempoUsPerBeat: tempo, tracks };
}

/**
 * Pearson correlation of two 16-bit stereo WAVs over frames [from, to) (both channels): 1 for the
 * same audio (at any level), near 0 for unrelated music.
 */
export function wavCorrelation(a: Uint8Array, b: Uint8Array, from: number, to: number): number {
  const x = decodeWav(a).samples;
  const y = decodeWav(b).samples;
  const end = Math.min(to, x.length / 2, y.length / 2);
  let sx = 0;
  let sy = 0;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  let n = 0;
  for (let i = Math.max(0, from) * 2; i < end * 2; i++) {
    const u = x[i]!;
    const v = y[i]!;
    sx += u;
    sy += v;
    sxy += u * v;
    sxx += u * u;
    syy += v * v;
    n++;
  }
  if (n === 0) return Number.NaN;
  const cov = sxy - (sx * sy) / n;
  return cov / Math.sqrt((sxx - (sx * sx) / n) * (syy - (sy * sy) / n));
}

/** Frames [from, to) where two 16-bit WAVs differ. */
export function differingFrames(a: Uint8Array, b: Uint8Array, from: number, to: number): number {
  const x = decodeWav(a).samples;
  const y = decodeWav(b).samples;
  let count = 0;
  for (let f = from; f < to; f++)
    if (x[f * 2] !== y[f * 2] || x[f * 2 + 1] !== y[f * 2 + 1]) count++;
  return count;
}
