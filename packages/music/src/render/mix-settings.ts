/**
 * Per-genre mix: each stem's EQ, compression and reverb, the vocal chain, and the master bus.
 * Levels between parts are set in the score (CC7 per part, see compose/arrangement.ts); this is
 * the processing around them.
 */
import type { Genre } from "../profiles";
import type { CompressorSettings, EqBand } from "./dsp";
import type { InstrumentStem } from "./sampler";

export interface StemChain {
  eq: EqBand[];
  comp: CompressorSettings | null;
  /** Stem gain, dB, after its compressor. */
  gainDb: number;
  /** Side (L − R) gain, dB: positive widens the stem. */
  widthDb?: number;
  /** Early reflections: a delayed copy on each side (ms), at a level (dB) — a mono source in a room. */
  room?: { leftMs: number; rightMs: number; gainDb: number };
}

export interface MixSettings {
  stems: Record<InstrumentStem, StemChain>;
  vocals: StemChain & { reverbSend: number };
  reverb: { decaySec: number; preDelayMs: number; damping: number; returnDb: number };
  /** How far the lead is ducked while the voice sings, dB. */
  duckDb: number;
  master: { eq: EqBand[]; glue: CompressorSettings; ceilingDbtp: number };
}

const drums = (punch: number): StemChain => ({
  eq: [
    { kind: "highpass", freq: 30 },
    { kind: "peak", freq: 400, q: 1, gainDb: -2.5 },
    { kind: "highshelf", freq: 8000, gainDb: 1.5 + punch },
  ],
  comp: { thresholdDb: -14, ratio: 3, attackMs: 12, releaseMs: 120, makeupDb: 1.5 },
  gainDb: 0,
});

const bass = (lowCut: number): StemChain => ({
  // Round and low: the bass's upper harmonics would otherwise colour the harmony's notes.
  eq: [
    { kind: "highpass", freq: lowCut },
    { kind: "peak", freq: 250, q: 1.2, gainDb: -3 },
    { kind: "lowpass", freq: 900, q: 0.6 },
  ],
  comp: { thresholdDb: -18, ratio: 4, attackMs: 8, releaseMs: 160, makeupDb: 2 },
  gainDb: 0,
});

const harmony: StemChain = {
  eq: [
    { kind: "highpass", freq: 110 },
    { kind: "peak", freq: 300, q: 0.9, gainDb: -2 },
    { kind: "highshelf", freq: 6000, gainDb: 1 },
  ],
  comp: { thresholdDb: -18, ratio: 2, attackMs: 20, releaseMs: 200, makeupDb: 1 },
  gainDb: 0,
  // Keys, pads and guitars spread around the centre the lead, bass and kick keep.
  widthDb: 7,
};

const lead: StemChain = {
  eq: [
    { kind: "highpass", freq: 150 },
    { kind: "peak", freq: 2800, q: 1, gainDb: 2 },
  ],
  comp: { thresholdDb: -20, ratio: 3, attackMs: 6, releaseMs: 140, makeupDb: 2 },
  gainDb: 0,
  room: { leftMs: 17, rightMs: 29, gainDb: -8 },
};

const base: MixSettings = {
  stems: { drums: { ...drums(0), widthDb: 2 }, bass: bass(35), harmony, lead },
  vocals: {
    eq: [
      { kind: "highpass", freq: 90 },
      { kind: "peak", freq: 300, q: 1, gainDb: -2 },
      { kind: "peak", freq: 3200, q: 1, gainDb: 2.5 },
      { kind: "highshelf", freq: 10000, gainDb: 1.5 },
    ],
    comp: { thresholdDb: -22, ratio: 4, attackMs: 5, releaseMs: 120, makeupDb: 4 },
    gainDb: 0,
    room: { leftMs: 19, rightMs: 31, gainDb: -10 },
    reverbSend: 0.25,
  },
  reverb: { decaySec: 1.8, preDelayMs: 22, damping: 0.35, returnDb: -4 },
  duckDb: 7,
  master: {
    eq: [
      { kind: "highpass", freq: 25, q: 0.6 },
      { kind: "lowshelf", freq: 90, gainDb: 0.5 },
      { kind: "highshelf", freq: 11000, gainDb: 1 },
      // Nothing above the audible band reaches the limiter: its 4× estimate of the peaks between
      // samples reads full-band material up to 1.2 dB low; band-limited, within 0.4 dB.
      { kind: "lowpass", freq: 19000 },
    ],
    glue: { thresholdDb: -12, ratio: 2, attackMs: 15, releaseMs: 180, kneeDb: 8 },
    // −1 dBTP is the promise; the 1 dB between is the margin for the estimate's error (tested).
    ceilingDbtp: -2,
  },
};

type Tweak = (m: MixSettings) => void;
const TWEAKS: Partial<Record<Genre, Tweak>> = {
  Rock: (m) => {
    m.reverb = { decaySec: 1.3, preDelayMs: 18, damping: 0.45, returnDb: -9 };
    m.stems.drums = drums(1);
    // Guitars live in harmony: keep their low-mids, cut the fizz.
    m.stems.harmony.eq = [
      { kind: "highpass", freq: 90 },
      { kind: "peak", freq: 2500, q: 1, gainDb: 1 },
      { kind: "lowpass", freq: 9000 },
    ];
  },
  Metal: (m) => {
    m.reverb = { decaySec: 1.1, preDelayMs: 12, damping: 0.5, returnDb: -11 };
    m.stems.drums = drums(1.5);
    m.stems.bass = bass(45);
    m.stems.harmony.eq = [
      { kind: "highpass", freq: 100 },
      { kind: "peak", freq: 500, q: 1.2, gainDb: -3 },
      { kind: "peak", freq: 2200, q: 0.9, gainDb: 2 },
      { kind: "lowpass", freq: 8500 },
    ];
  },
  Classical: (m) => {
    m.reverb = { decaySec: 2.8, preDelayMs: 30, damping: 0.3, returnDb: -3 };
    m.stems.harmony.comp = { thresholdDb: -24, ratio: 1.5, attackMs: 40, releaseMs: 300 };
    m.stems.harmony.eq = [{ kind: "highpass", freq: 60 }];
    m.stems.bass = { eq: [{ kind: "highpass", freq: 35 }], comp: null, gainDb: 0 };
    m.stems.lead.eq = [{ kind: "highpass", freq: 120 }];
    m.master.glue = { thresholdDb: -16, ratio: 1.5, attackMs: 30, releaseMs: 300, kneeDb: 10 };
  },
  Jazz: (m) => {
    m.reverb = { decaySec: 1.6, preDelayMs: 20, damping: 0.45, returnDb: -5 };
    // A combo on a stage: piano and vibes spread, the kit's overheads wide.
    m.stems.harmony.widthDb = 10;
    m.stems.drums.widthDb = 5;
    m.stems.drums.comp = { thresholdDb: -20, ratio: 2, attackMs: 20, releaseMs: 150, makeupDb: 1 };
  },
  EDM: (m) => {
    m.reverb = { decaySec: 2.4, preDelayMs: 30, damping: 0.3, returnDb: -5 };
    m.stems.bass = bass(28);
  },
  "Hip-Hop": (m) => {
    m.stems.bass = bass(25);
    m.reverb = { decaySec: 1.4, preDelayMs: 20, damping: 0.4, returnDb: -8 };
  },
  "R&B": (m) => {
    m.stems.bass = bass(28);
    m.reverb = { decaySec: 2, preDelayMs: 25, damping: 0.35, returnDb: -6 };
  },
};

export function mixSettings(genre: Genre): MixSettings {
  const m = structuredClone(base);
  TWEAKS[genre]?.(m);
  return m;
}
