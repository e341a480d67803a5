/**
 * Offline software synth: Composition → stereo float buffers → 16-bit WAV.
 * Hot loops use typed arrays only; no allocation per sample. Deterministic (seeded noise).
 */
import { createRng } from "../../prng";
import type { InstrumentId, KitId } from "../../profiles";
import { midiToFreq } from "../../theory";
import type { Engine1Composition as Composition, NoteTuple } from "../../types";
import { SAMPLE_RATE, encodeWav } from "../../wav";

const SR = SAMPLE_RATE;
const TABLE_BITS = 11;
const N = 1 << TABLE_BITS; // 2048
const MASK = N - 1;

type Wave = "sine" | "saw" | "square" | "tri";
const HARMONIC_LEVELS = [64, 32, 16, 8, 4, 2] as const;
let tables: Record<Wave, Float32Array[]> | null = null;

function buildTable(wave: Wave, harmonics: number): Float32Array {
  const t = new Float32Array(N + 1);
  let peak = 0;
  for (let i = 0; i < N; i++) {
    const ph = (2 * Math.PI * i) / N;
    let v = 0;
    if (wave === "sine") v = Math.sin(ph);
    else {
      for (let h = 1; h <= harmonics; h++) {
        if (wave === "saw") v += Math.sin(h * ph) / h;
        else if (wave === "square" && h % 2 === 1) v += Math.sin(h * ph) / h;
        else if (wave === "tri" && h % 2 === 1)
          v += ((((h - 1) / 2) % 2 === 0 ? 1 : -1) * Math.sin(h * ph)) / (h * h);
      }
    }
    t[i] = v;
    peak = Math.max(peak, Math.abs(v));
  }
  for (let i = 0; i < N; i++) t[i] = t[i]! / (peak || 1);
  t[N] = t[0]!;
  return t;
}

function getTables(): Record<Wave, Float32Array[]> {
  if (tables) return tables;
  const make = (w: Wave): Float32Array[] =>
    HARMONIC_LEVELS.map((h) => buildTable(w, w === "sine" ? 1 : h));
  const sine = buildTable("sine", 1);
  tables = {
    sine: HARMONIC_LEVELS.map(() => sine),
    saw: make("saw"),
    square: make("square"),
    tri: make("tri"),
  };
  return tables;
}

/** Band-limited table for a wave at a frequency (highest harmonic below ~16 kHz). */
function tableFor(wave: Wave, freq: number): Float32Array {
  const set = getTables()[wave];
  for (let i = 0; i < HARMONIC_LEVELS.length; i++) {
    if (HARMONIC_LEVELS[i]! * freq < 16000) return set[i]!;
  }
  return set[set.length - 1]!;
}

interface Patch {
  /** [wave, frequency ratio, gain] */
  osc: [Wave, number, number][];
  a: number;
  d: number;
  s: number;
  r: number;
  cutoff: number;
  envAmt: number;
  fDecay: number;
  res: number;
  drive: number;
  gain: number;
  send: number;
  spread: number;
}

const cents = (c: number): number => Math.pow(2, c / 1200);

const PATCHES: Record<InstrumentId, Patch> = {
  "pad-warm": {
    osc: [
      ["saw", 1, 0.45],
      ["saw", cents(9), 0.45],
      ["sine", 0.5, 0.35],
    ],
    a: 0.5,
    d: 1,
    s: 0.8,
    r: 0.9,
    cutoff: 1300,
    envAmt: 0.5,
    fDecay: 1,
    res: 0.15,
    drive: 0,
    gain: 0.13,
    send: 0.6,
    spread: 0.5,
  },
  "pad-supersaw": {
    osc: [
      ["saw", cents(-14), 0.4],
      ["saw", 1, 0.4],
      ["saw", cents(14), 0.4],
    ],
    a: 0.04,
    d: 0.4,
    s: 0.85,
    r: 0.4,
    cutoff: 2800,
    envAmt: 0.6,
    fDecay: 0.3,
    res: 0.1,
    drive: 0,
    gain: 0.11,
    send: 0.45,
    spread: 0.6,
  },
  strings: {
    osc: [
      ["saw", cents(-6), 0.5],
      ["saw", cents(6), 0.5],
    ],
    a: 0.35,
    d: 0.5,
    s: 0.9,
    r: 0.7,
    cutoff: 2000,
    envAmt: 0.3,
    fDecay: 0.6,
    res: 0.1,
    drive: 0,
    gain: 0.12,
    send: 0.6,
    spread: 0.6,
  },
  piano: {
    osc: [
      ["tri", 1, 0.7],
      ["sine", 2, 0.2],
      ["saw", 1, 0.15],
    ],
    a: 0.003,
    d: 1.4,
    s: 0,
    r: 0.35,
    cutoff: 2400,
    envAmt: 1.5,
    fDecay: 0.4,
    res: 0,
    drive: 0,
    gain: 0.22,
    send: 0.35,
    spread: 0.4,
  },
  epiano: {
    osc: [
      ["sine", 1, 0.8],
      ["sine", 2, 0.22],
      ["tri", 1, 0.2],
    ],
    a: 0.004,
    d: 1.6,
    s: 0.12,
    r: 0.4,
    cutoff: 2600,
    envAmt: 0.8,
    fDecay: 0.3,
    res: 0,
    drive: 0.1,
    gain: 0.2,
    send: 0.35,
    spread: 0.5,
  },
  pluck: {
    osc: [
      ["saw", 1, 0.6],
      ["square", cents(5), 0.3],
    ],
    a: 0.002,
    d: 0.45,
    s: 0,
    r: 0.18,
    cutoff: 1100,
    envAmt: 4,
    fDecay: 0.12,
    res: 0.25,
    drive: 0,
    gain: 0.24,
    send: 0.4,
    spread: 0.2,
  },
  "guitar-clean": {
    osc: [
      ["saw", 1, 0.5],
      ["tri", cents(4), 0.5],
    ],
    a: 0.002,
    d: 0.9,
    s: 0.08,
    r: 0.25,
    cutoff: 1700,
    envAmt: 2,
    fDecay: 0.18,
    res: 0.1,
    drive: 0,
    gain: 0.2,
    send: 0.3,
    spread: 0.5,
  },
  "guitar-drive": {
    osc: [
      ["saw", cents(-7), 0.5],
      ["saw", cents(7), 0.5],
    ],
    a: 0.004,
    d: 0.5,
    s: 0.7,
    r: 0.12,
    cutoff: 2300,
    envAmt: 0.6,
    fDecay: 0.2,
    res: 0.1,
    drive: 0.85,
    gain: 0.11,
    send: 0.2,
    spread: 0.7,
  },
  "lead-saw": {
    osc: [
      ["saw", 1, 0.6],
      ["saw", cents(10), 0.4],
    ],
    a: 0.01,
    d: 0.3,
    s: 0.75,
    r: 0.15,
    cutoff: 2600,
    envAmt: 1,
    fDecay: 0.25,
    res: 0.2,
    drive: 0.3,
    gain: 0.15,
    send: 0.3,
    spread: 0,
  },
  "lead-square": {
    osc: [
      ["square", 1, 0.6],
      ["saw", cents(7), 0.3],
    ],
    a: 0.008,
    d: 0.25,
    s: 0.7,
    r: 0.2,
    cutoff: 2800,
    envAmt: 0.8,
    fDecay: 0.2,
    res: 0.15,
    drive: 0,
    gain: 0.15,
    send: 0.35,
    spread: 0,
  },
  bell: {
    osc: [
      ["sine", 1, 0.6],
      ["sine", 3.01, 0.25],
      ["sine", 5.4, 0.1],
    ],
    a: 0.002,
    d: 1.3,
    s: 0,
    r: 0.5,
    cutoff: 6000,
    envAmt: 0,
    fDecay: 1,
    res: 0,
    drive: 0,
    gain: 0.22,
    send: 0.5,
    spread: 0,
  },
  organ: {
    osc: [
      ["sine", 1, 0.5],
      ["sine", 2, 0.3],
      ["sine", 3, 0.2],
    ],
    a: 0.01,
    d: 0.1,
    s: 1,
    r: 0.1,
    cutoff: 5000,
    envAmt: 0,
    fDecay: 1,
    res: 0,
    drive: 0.05,
    gain: 0.15,
    send: 0.3,
    spread: 0.4,
  },
  flute: {
    osc: [
      ["sine", 1, 0.8],
      ["tri", 1, 0.3],
      ["sine", 2, 0.08],
    ],
    a: 0.06,
    d: 0.2,
    s: 0.85,
    r: 0.15,
    cutoff: 3000,
    envAmt: 0.2,
    fDecay: 0.2,
    res: 0,
    drive: 0,
    gain: 0.24,
    send: 0.45,
    spread: 0,
  },
  "bass-sub": {
    osc: [
      ["sine", 1, 0.9],
      ["tri", 1, 0.25],
    ],
    a: 0.004,
    d: 0.3,
    s: 0.9,
    r: 0.08,
    cutoff: 900,
    envAmt: 0,
    fDecay: 1,
    res: 0,
    drive: 0.1,
    gain: 0.42,
    send: 0,
    spread: 0,
  },
  "bass-synth": {
    osc: [
      ["saw", 1, 0.6],
      ["square", 1, 0.4],
      ["sine", 0.5, 0.4],
    ],
    a: 0.004,
    d: 0.25,
    s: 0.6,
    r: 0.08,
    cutoff: 550,
    envAmt: 2.5,
    fDecay: 0.12,
    res: 0.3,
    drive: 0,
    gain: 0.3,
    send: 0.02,
    spread: 0,
  },
  "bass-pick": {
    osc: [
      ["saw", 1, 0.7],
      ["tri", 1, 0.3],
    ],
    a: 0.002,
    d: 0.5,
    s: 0.5,
    r: 0.08,
    cutoff: 850,
    envAmt: 1.5,
    fDecay: 0.1,
    res: 0.1,
    drive: 0.1,
    gain: 0.3,
    send: 0.02,
    spread: 0,
  },
  "bass-upright": {
    osc: [
      ["tri", 1, 0.7],
      ["sine", 1, 0.5],
    ],
    a: 0.01,
    d: 0.7,
    s: 0.2,
    r: 0.12,
    cutoff: 700,
    envAmt: 0.5,
    fDecay: 0.1,
    res: 0,
    drive: 0,
    gain: 0.42,
    send: 0.05,
    spread: 0,
  },
  "bass-808": {
    osc: [
      ["sine", 1, 1],
      ["sine", 2, 0.08],
    ],
    a: 0.003,
    d: 1.4,
    s: 0.55,
    r: 0.2,
    cutoff: 500,
    envAmt: 0,
    fDecay: 1,
    res: 0,
    drive: 0.35,
    gain: 0.46,
    send: 0,
    spread: 0,
  },
  cello: {
    osc: [
      ["saw", cents(-5), 0.5],
      ["saw", cents(5), 0.5],
    ],
    a: 0.12,
    d: 0.4,
    s: 0.85,
    r: 0.4,
    cutoff: 900,
    envAmt: 0.3,
    fDecay: 0.4,
    res: 0.05,
    drive: 0,
    gain: 0.22,
    send: 0.35,
    spread: 0,
  },
};

/** Mutable mix target for voices. */
interface Bus {
  left: Float32Array;
  right: Float32Array;
  send: Float32Array;
}

function renderVoice(
  bus: Bus,
  patch: Patch,
  startSec: number,
  durSec: number,
  midi: number,
  vel: number,
  pan: number,
  cutoffScale: number,
  sendScale: number,
): void {
  const total = bus.left.length;
  const start = Math.round(startSec * SR);
  if (start >= total) return;
  const gate = Math.max(1, Math.round(durSec * SR));
  const relS = Math.max(1, Math.round(patch.r * SR));
  const end = Math.min(total, start + gate + relS);
  const freq = midiToFreq(midi);
  const o0 = patch.osc[0];
  const o1 = patch.osc[1];
  const o2 = patch.osc[2];
  const t0 = tableFor(o0 ? o0[0] : "sine", freq * (o0 ? o0[1] : 1));
  const t1 = tableFor(o1 ? o1[0] : "sine", freq * (o1 ? o1[1] : 1));
  const t2 = tableFor(o2 ? o2[0] : "sine", freq * (o2 ? o2[1] : 1));
  const g0 = o0 ? o0[2] : 0;
  const g1 = o1 ? o1[2] : 0;
  const g2 = o2 ? o2[2] : 0;
  const inc0 = (freq * (o0 ? o0[1] : 1) * N) / SR;
  const inc1 = (freq * (o1 ? o1[1] : 1) * N) / SR;
  const inc2 = (freq * (o2 ? o2[1] : 1) * N) / SR;
  // Start phases spread deterministically so stacked voices don't phase-cancel.
  let p0 = 0;
  let p1 = (midi * 331) & MASK;
  let p2 = (midi * 719) & MASK;
  const aS = Math.max(1, Math.round(patch.a * SR));
  const sus = patch.s;
  const dCoef = Math.exp(Math.log(0.001) / Math.max(1, patch.d * SR));
  const rCoef = Math.exp(Math.log(0.001) / relS);
  const fCoef16 = Math.pow(Math.exp(Math.log(0.01) / Math.max(1, patch.fDecay * SR)), 16);
  const baseCut = Math.min(7000, patch.cutoff * cutoffScale * (0.6 + 0.4 * Math.sqrt(freq / 220)));
  const envAmt = patch.envAmt;
  const q = 1.4 - patch.res;
  const drive = patch.drive;
  const driveIn = 1 + drive * 5;
  const driveOut = drive > 0 ? 1 / (driveIn / (1 + driveIn)) : 1;
  const v = vel / 127;
  const amp = patch.gain * (0.25 + 0.75 * v * v);
  const panR = Math.min(1, Math.max(0, 0.5 + pan * 0.5));
  const gl = Math.cos((panR * Math.PI) / 2) * 1.41 * amp;
  const gr = Math.sin((panR * Math.PI) / 2) * 1.41 * amp;
  const gs = patch.send * sendScale * amp;
  const L = bus.left;
  const R = bus.right;
  const S = bus.send;
  let env = 0;
  let fenv = 1;
  let low = 0;
  let band = 0;
  let f = 0;
  let n = 0;
  for (let i = start; i < end; i++, n++) {
    if ((n & 15) === 0) {
      let fc = baseCut * (1 + envAmt * fenv);
      if (fc > 7000) fc = 7000;
      f = 2 * Math.sin((Math.PI * fc) / SR);
      fenv *= fCoef16;
      if (n > gate && env < 0.0005) break;
    }
    if (n < aS) env = n / aS;
    else if (n < gate) env = sus + (env - sus) * dCoef;
    else env *= rCoef;
    let idx = p0 | 0;
    let x = g0 * (t0[idx]! + (p0 - idx) * (t0[idx + 1]! - t0[idx]!));
    idx = p1 | 0;
    x += g1 * (t1[idx]! + (p1 - idx) * (t1[idx + 1]! - t1[idx]!));
    idx = p2 | 0;
    x += g2 * (t2[idx]! + (p2 - idx) * (t2[idx + 1]! - t2[idx]!));
    p0 += inc0;
    if (p0 >= N) p0 -= N;
    p1 += inc1;
    if (p1 >= N) p1 -= N;
    p2 += inc2;
    if (p2 >= N) p2 -= N;
    if (drive > 0) {
      // Distortion before the filter (amp, then cabinet), so overtones stay tame.
      x *= driveIn;
      x = (x / (1 + (x < 0 ? -x : x))) * driveOut * 0.5;
    }
    low += f * band;
    const high = x - low - q * band;
    band += f * high;
    const y = low * env;
    L[i]! += y * gl;
    R[i]! += y * gr;
    S[i]! += y * gs;
  }
}

// ---------------------------------------------------------------------------------------------
// Drums: each sound is synthesized once per render, then mixed in by velocity.

interface DrumKitSamples {
  sounds: Float32Array[];
  gains: number[];
  pans: number[];
  sends: number[];
}

function synthDrums(kit: KitId): DrumKitSamples {
  const rng = createRng(0x5eed);
  const noise = (): number => rng.next() * 2 - 1;
  const len = (sec: number): Float32Array => new Float32Array(Math.round(sec * SR));
  const heavy = kit === "heavy";
  const deep = kit === "trap";
  // kick
  const kick = len(deep ? 0.9 : 0.45);
  {
    let ph = 0;
    for (let i = 0; i < kick.length; i++) {
      const t = i / SR;
      const fq = (deep ? 42 : 48) + (deep ? 70 : 110) * Math.exp(-t / (deep ? 0.05 : 0.035));
      ph += (2 * Math.PI * fq) / SR;
      const a = Math.exp(-t / (deep ? 0.35 : 0.16));
      const click = i < 90 ? noise() * (1 - i / 90) * (heavy ? 0.6 : 0.3) : 0;
      kick[i] = Math.sin(ph) * a + click;
    }
  }
  // snare
  const brush = kit === "brush";
  const snare = len(0.3);
  {
    let prev = 0;
    let lp = 0;
    let tonePh = 0;
    for (let i = 0; i < snare.length; i++) {
      const t = i / SR;
      const nz = noise();
      const hp = nz - prev;
      prev = nz;
      lp += (hp - lp) * 0.5;
      // Pitch-swept body so the snare has no steady pitch class.
      tonePh += (2 * Math.PI * (150 + 90 * Math.exp(-t / 0.015))) / SR;
      const tone = Math.sin(tonePh) * Math.exp(-t / 0.04) * (brush ? 0.08 : 0.35);
      const env = brush ? Math.min(1, t / 0.01) * Math.exp(-t / 0.09) * 0.6 : Math.exp(-t / 0.1);
      snare[i] = tone + lp * env * 0.9;
    }
  }
  const hat = (decay: number, seconds: number): Float32Array => {
    const h = len(seconds);
    let prev = 0;
    let prev2 = 0;
    for (let i = 0; i < h.length; i++) {
      const t = i / SR;
      const nz = noise();
      const hp = nz - 2 * prev + prev2;
      prev2 = prev;
      prev = nz;
      h[i] = hp * 0.35 * Math.exp(-t / decay);
    }
    return h;
  };
  const closed = hat(brush ? 0.03 : 0.018, 0.1);
  const open = hat(0.16, 0.5);
  const crash = hat(0.7, 2.2);
  const clap = len(0.35);
  {
    let prev = 0;
    for (let i = 0; i < clap.length; i++) {
      const t = i / SR;
      const nz = noise();
      const hp = nz - prev;
      prev = nz;
      const burst = (t < 0.03 ? Math.exp(-((t % 0.01) / 0.003)) : 0) + Math.exp(-t / 0.08) * 0.6;
      clap[i] = hp * burst * 0.6;
    }
  }
  const ride = len(1.2);
  {
    let prev = 0;
    for (let i = 0; i < ride.length; i++) {
      const t = i / SR;
      const nz = noise();
      const hp = nz - prev;
      prev = nz;
      const metal =
        Math.sin(2 * Math.PI * 3120 * t) +
        Math.sin(2 * Math.PI * 4470 * t) * 0.7 +
        Math.sin(2 * Math.PI * 5630 * t) * 0.5;
      ride[i] = (hp * 0.2 + metal * 0.12) * Math.exp(-t / 0.45);
    }
  }
  const rim = len(0.06);
  for (let i = 0; i < rim.length; i++) {
    const t = i / SR;
    rim[i] = (Math.sin(2 * Math.PI * 1700 * t) * 0.6 + noise() * 0.3) * Math.exp(-t / 0.012);
  }
  const kickGain = heavy ? 0.95 : deep ? 0.9 : 0.85;
  return {
    sounds: [kick, snare, closed, open, clap, crash, ride, rim],
    gains: [kickGain, brush ? 0.35 : 0.55, brush ? 0.25 : 0.3, 0.25, 0.45, 0.28, 0.3, 0.35],
    pans: [0, 0.05, 0.3, 0.3, -0.05, -0.25, 0.35, -0.2],
    sends: [0.02, 0.25, 0.05, 0.1, 0.3, 0.2, 0.15, 0.2],
  };
}

// ---------------------------------------------------------------------------------------------
// Reverb (Freeverb-style: parallel combs + series all-passes on a mono send)

function reverb(send: Float32Array, outL: Float32Array, outR: Float32Array, amount: number): void {
  const combsL = [1116, 1188, 1277, 1356];
  const feedback = 0.74 + amount * 0.2;
  const damp = 0.3;
  const wet = 0.9;
  const n = send.length;
  const tmp = new Float32Array(n);
  for (const [side, out] of [
    [0, outL],
    [23, outR],
  ] as const) {
    tmp.fill(0);
    for (const base of combsL) {
      const size = base + side;
      const buf = new Float32Array(size);
      let idx = 0;
      let filt = 0;
      for (let i = 0; i < n; i++) {
        const y = buf[idx]!;
        filt = y * (1 - damp) + filt * damp;
        buf[idx] = send[i]! * 0.12 + filt * feedback;
        tmp[i]! += y;
        if (++idx >= size) idx = 0;
      }
    }
    for (const base of [556, 441]) {
      const size = base + side;
      const buf = new Float32Array(size);
      let idx = 0;
      for (let i = 0; i < n; i++) {
        const b = buf[idx]!;
        const x = tmp[i]!;
        tmp[i] = b - x;
        buf[idx] = x + b * 0.5;
        if (++idx >= size) idx = 0;
      }
    }
    for (let i = 0; i < n; i++) out[i]! += tmp[i]! * wet;
  }
}

// ---------------------------------------------------------------------------------------------

function panFor(
  instrument: InstrumentId,
  midi: number,
  voiceIndex: number,
  spread: number,
): number {
  if (spread === 0) return instrument.startsWith("lead") || instrument === "flute" ? 0.05 : 0;
  return (voiceIndex % 2 === 0 ? -1 : 1) * spread * (0.4 + ((midi % 7) / 7) * 0.6);
}

/** Render a composition to float stereo buffers (length = durationSec × 44 100). */
export function renderAudio(c: Composition): { left: Float32Array; right: Float32Array } {
  const total = Math.round(c.durationSec * SR);
  const left = new Float32Array(total);
  const right = new Float32Array(total);
  const send = new Float32Array(total);
  const main: Bus = { left, right, send };
  const duck: Bus = c.arrangement.sidechain
    ? { left: new Float32Array(total), right: new Float32Array(total), send }
    : main;
  const spb = 60 / c.tempo;
  const cutoffScale = Math.pow(2, (c.arrangement.brightness - 0.5) * 2.2);
  const sendScale = 0.4 + c.arrangement.reverb * 1.4;

  const play = (notes: NoteTuple[], instrument: InstrumentId, bus: Bus, gainMul: number): void => {
    const patch = PATCHES[instrument];
    const p: Patch = gainMul === 1 ? patch : { ...patch, gain: patch.gain * gainMul };
    let lastStart = -1;
    let voice = 0;
    for (const n of notes) {
      voice = n[0] === lastStart ? voice + 1 : 0;
      lastStart = n[0];
      renderVoice(
        bus,
        p,
        n[0] * spb,
        n[1] * spb,
        n[2],
        n[3],
        panFor(instrument, n[2], voice, patch.spread),
        cutoffScale,
        sendScale,
      );
    }
  };
  play(c.tracks.melody, c.arrangement.lead, main, 1);
  play(c.tracks.chords, c.arrangement.chords, duck, c.arrangement.comp === "power8" ? 0.8 : 1);
  play(c.tracks.bass, c.arrangement.bass, duck, 1);

  if (c.arrangement.kit !== "none" && c.tracks.drums.length > 0) {
    const kit = synthDrums(c.arrangement.kit);
    for (const [beat, drum, vel] of c.tracks.drums) {
      const sound = kit.sounds[drum];
      if (!sound) continue;
      const start = Math.round(beat * spb * SR);
      const g = (kit.gains[drum] ?? 0.3) * Math.pow(vel / 127, 1.3);
      const pan = 0.5 + (kit.pans[drum] ?? 0) * 0.5;
      const gl = Math.cos((pan * Math.PI) / 2) * 1.41 * g;
      const gr = Math.sin((pan * Math.PI) / 2) * 1.41 * g;
      const gs = (kit.sends[drum] ?? 0) * sendScale * g;
      const end = Math.min(total, start + sound.length);
      for (let i = start, k = 0; i < end; i++, k++) {
        const x = sound[k]!;
        left[i]! += x * gl;
        right[i]! += x * gr;
        send[i]! += x * gs;
      }
    }
  }

  if (duck !== main) {
    // Side-chain pump: pads and bass dip after every kick.
    const kicks = c.tracks.drums.filter((d) => d[1] === 0).map((d) => Math.round(d[0] * spb * SR));
    let k = 0;
    let e = 0;
    const rel = Math.exp(-1 / (0.13 * SR));
    const depth = 0.6;
    for (let i = 0; i < total; i++) {
      while (k < kicks.length && kicks[k]! <= i) {
        e = 1;
        k++;
      }
      const g = 1 - depth * e;
      e *= rel;
      left[i]! += duck.left[i]! * g;
      right[i]! += duck.right[i]! * g;
    }
  }

  reverb(send, left, right, c.arrangement.reverb);
  master(left, right);
  return { left, right };
}

/** Peak limiter with look-ahead blocks, then normalisation to −1 dBFS; short fade at the end. */
function master(left: Float32Array, right: Float32Array): void {
  const n = left.length;
  // DC blocker.
  let xl = 0;
  let yl = 0;
  let xr = 0;
  let yr = 0;
  for (let i = 0; i < n; i++) {
    const l = left[i]!;
    const r = right[i]!;
    yl = l - xl + 0.9995 * yl;
    xl = l;
    yr = r - xr + 0.9995 * yr;
    xr = r;
    left[i] = yl;
    right[i] = yr;
  }
  const fade = Math.min(n, Math.round(0.05 * SR));
  for (let i = 0; i < fade; i++) {
    const g = i / fade;
    left[n - 1 - i]! *= g;
    right[n - 1 - i]! *= g;
  }
  const B = 256;
  const blocks = Math.ceil(n / B);
  const peaks = new Float32Array(blocks);
  let sumSq = 0;
  let peak = 0;
  for (let b = 0; b < blocks; b++) {
    let p = 0;
    const end = Math.min(n, (b + 1) * B);
    for (let i = b * B; i < end; i++) {
      const l = left[i]!;
      const r = right[i]!;
      sumSq += l * l + r * r;
      const a = l < 0 ? -l : l;
      const c = r < 0 ? -r : r;
      if (a > p) p = a;
      if (c > p) p = c;
    }
    peaks[b] = p;
    if (p > peak) peak = p;
  }
  if (peak <= 1e-9) return;
  const rms = Math.sqrt(sumSq / (2 * n));
  const threshold = Math.min(peak, rms * 4.5);
  // Gain per block boundary: never above what either neighbouring block needs; slow release.
  const need = new Float32Array(blocks);
  for (let b = 0; b < blocks; b++) need[b] = peaks[b]! > threshold ? threshold / peaks[b]! : 1;
  const gains = new Float32Array(blocks + 1);
  const release = 1 - Math.exp(-B / (0.08 * SR));
  let g = 1;
  for (let b = 0; b <= blocks; b++) {
    const target = Math.min(b > 0 ? need[b - 1]! : 1, b < blocks ? need[b]! : 1);
    g = target < g ? target : g + (target - g) * release;
    gains[b] = g;
  }
  // Backward pass so gain is already down when a loud block starts (look-ahead).
  for (let b = blocks - 1; b >= 0; b--)
    if (gains[b]! > gains[b + 1]! && need[b]! < 1) gains[b] = Math.min(gains[b]!, gains[b + 1]!);
  let outPeak = 0;
  for (let b = 0; b < blocks; b++) {
    const g0 = gains[b]!;
    const g1 = gains[b + 1]!;
    const end = Math.min(n, (b + 1) * B);
    const start = b * B;
    const step = (g1 - g0) / B;
    let gg = g0;
    for (let i = start; i < end; i++, gg += step) {
      const l = left[i]! * gg;
      const r = right[i]! * gg;
      left[i] = l;
      right[i] = r;
      const a = l < 0 ? -l : l;
      const c = r < 0 ? -r : r;
      if (a > outPeak) outPeak = a;
      if (c > outPeak) outPeak = c;
    }
  }
  const target = Math.pow(10, -1 / 20);
  const norm = target / (outPeak || 1);
  for (let i = 0; i < n; i++) {
    left[i]! *= norm;
    right[i]! *= norm;
  }
}

/** Render a composition to a 16-bit, 44.1 kHz stereo WAV file. Deterministic. */
export function renderWav(c: Composition): Uint8Array {
  const { left, right } = renderAudio(c);
  return encodeWav(left, right);
}
