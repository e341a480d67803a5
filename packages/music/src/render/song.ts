/**
 * Engine 2's renderer: sections → stems → mix → master → 16-bit WAV, as a stream.
 *
 * Section by section, in order: the section is synthesized from a clean synth (its release tail
 * is carried into the next section and added there), each stem goes through its chain (EQ,
 * compressor, its own stereo reverb), the stems are summed (with the vocals when given), the
 * sum is steered to the section's planned loudness, and the master bus (EQ, glue compressor,
 * true-peak limiter) finishes it. Every step is causal and keeps its state, so the audio of the
 * first section is final as soon as it is rendered: the progressive render and the whole render
 * give the same bytes.
 */
import { createRng } from "../prng";
import type { Engine2Composition, StemName } from "../types";
import type { VoiceId } from "../voice/voices";
import type { VocalNote } from "../voice/types";
import { SAMPLE_RATE, pcm16, wavHeader } from "../wav";
import { Compressor, Reverb, StereoEq, TruePeakLimiter, dbToGain, gainToDb } from "./dsp";
import { BufferPool } from "./buffer-pool";
import { blockLoudness } from "./loudness";
import { mixSettings } from "./mix-settings";
import type { MixSettings, StemChain } from "./mix-settings";
import { INSTRUMENT_STEMS, renderSectionAudio, sectionBounds, songSamples } from "./sampler";
import type { InstrumentStem, StemBuffers } from "./sampler";
import { vocalNotes } from "../compose/vocal-notes";

/** Renders the singing voice: mono, 44.1 kHz, song-long (longer is cut, shorter is padded). */
export type VocalRenderer = (notes: VocalNote[], voice: VoiceId) => Float32Array;

export interface RenderSongOptions {
  /** The voice; used only when the song is sung (`composition.vocals` set). */
  vocals?: VocalRenderer;
}

/** Target integrated loudness (EBU R 128 streaming level). */
export const TARGET_LUFS = -14;
const RAMP = 2048;
/** How long a stem's reverb keeps being processed after its send falls silent. */
const RING_SAMPLES = 6 * SAMPLE_RATE;
const FADE_SEC = 1.0;
/** Samples per pass of the mixer and master (a power of two ≥ 16: the compressors' control rate). */
const CHUNK = 2048;
/** Largest make-up gain after the glue compressor, either way (dB). */
const MAKEUP_MAX_DB = 6;
/** Largest part of the make-up that pays back the limiter (dB). */
const LIMITER_LOSS_MAX_DB = 3;

/** Planned loudness (LUFS) of each section so the song integrates to the target. */
export function sectionTargets(c: Engine2Composition, target = TARGET_LUFS): number[] {
  const rel = c.sections.map((s) => s.loudnessLu);
  const dur = c.sections.map((s) => s.endSec - s.startSec);
  // Integrated loudness of sections at constant levels, gated like BS.1770 (shift-invariant).
  const integrated = (levels: number[]): number => {
    const energy = (keep: (l: number) => boolean): [number, number] => {
      let e = 0;
      let d = 0;
      levels.forEach((l, i) => {
        if (!keep(l)) return;
        e += dur[i]! * Math.pow(10, l / 10);
        d += dur[i]!;
      });
      return [e, d];
    };
    const [e0, d0] = energy(() => true);
    const gate = 10 * Math.log10(e0 / d0) - 10;
    const [e1, d1] = energy((l) => l > gate);
    return 10 * Math.log10(e1 / d1);
  };
  const shift = target - integrated(rel);
  return rel.map((l) => l + shift);
}

/** A stereo reverb that skips its work while its send is silent and its tail has died away. */
class ReverbBus {
  private readonly reverb: Reverb;
  private ringing = 0;
  constructor(settings: MixSettings["reverb"]) {
    this.reverb = new Reverb({ ...settings, size: 1 });
  }
  /** Adds the reverb of `send[0..n)` into l/r. */
  process(send: Float32Array, l: Float32Array, r: Float32Array, n: number): void {
    let peak = 0;
    for (let i = 0; i < n; i++) {
      const v = send[i]!;
      if (v > peak) peak = v;
      else if (-v > peak) peak = -v;
    }
    if (peak > 1e-6 || this.ringing > 0) {
      this.reverb.process(send, l, r, 0, n);
      this.ringing = peak > 1e-6 ? RING_SAMPLES : Math.max(0, this.ringing - n);
    }
  }
}

/**
 * A stem's dry chain: EQ, compressor, gain and width; its reverb send is scaled by the return
 * level. Every stem uses the same reverb settings, so (the reverb being linear) one reverb on the
 * summed sends is the sum of the stems' own reverbs: the song needs one, stems get one each.
 */
class StemChainProcessor {
  private readonly eq: StereoEq;
  private readonly comp: Compressor | null;
  private readonly gain: number;
  private readonly returnGain: number;
  private readonly side: number;
  private readonly room: {
    l: Float32Array;
    r: Float32Array;
    /** Read/write positions in the left and right delay lines. */
    pl: number;
    pr: number;
    gain: number;
  } | null;
  constructor(chain: StemChain, reverb: MixSettings["reverb"]) {
    this.eq = new StereoEq(chain.eq);
    this.comp = chain.comp ? new Compressor(chain.comp) : null;
    this.gain = dbToGain(chain.gainDb);
    this.returnGain = dbToGain(reverb.returnDb);
    this.side = dbToGain(chain.widthDb ?? 0);
    this.room = chain.room
      ? {
          l: new Float32Array(Math.round((chain.room.leftMs / 1000) * SAMPLE_RATE)),
          r: new Float32Array(Math.round((chain.room.rightMs / 1000) * SAMPLE_RATE)),
          pl: 0,
          pr: 0,
          gain: dbToGain(chain.room.gainDb),
        }
      : null;
  }
  /** Process [from, to) of a stem in place (dry), and scale its send to the reverb's input. */
  process(b: StemBuffers, from: number, to: number): void {
    const { left: L, right: R, send } = b;
    this.eq.process(L, R, from, to);
    this.comp?.process(L, R, from, to);
    if (this.gain !== 1 || this.side !== 1) {
      // Gain, and mid/side width: side scaled, mid kept.
      const g = this.gain;
      const w = this.side;
      for (let i = from; i < to; i++) {
        const l = L[i]!;
        const r = R[i]!;
        const mid = 0.5 * (l + r);
        const side = 0.5 * (l - r) * w;
        L[i] = (mid + side) * g;
        R[i] = (mid - side) * g;
      }
    }
    if (this.room) {
      // Two early reflections of the mid, one per side at different delays (decorrelates a
      // centred source without moving it).
      const { l: dl, r: dr, gain } = this.room;
      let pl = this.room.pl;
      let pr = this.room.pr;
      const nl = dl.length;
      const nr = dr.length;
      for (let i = from; i < to; i++) {
        const mid = 0.5 * (L[i]! + R[i]!);
        const el = dl[pl]!;
        const er = dr[pr]!;
        dl[pl] = mid;
        dr[pr] = mid;
        L[i] = L[i]! + gain * el;
        R[i] = R[i]! + gain * er;
        pl = pl + 1 === nl ? 0 : pl + 1;
        pr = pr + 1 === nr ? 0 : pr + 1;
      }
      this.room.pl = pl;
      this.room.pr = pr;
    }
    const rg = this.returnGain;
    for (let i = from; i < to; i++) send[i] = send[i]! * rg;
  }
}

export interface SectionChunk {
  section: number;
  /** Final 16-bit PCM of this section (interleaved stereo); the first chunk starts with the WAV header. */
  bytes: Uint8Array;
  /** Stems of this stretch, before the master bus (only when asked for). */
  stems?: Partial<Record<StemName, { left: Float32Array; right: Float32Array }>>;
}

interface StreamOptions extends RenderSongOptions {
  withStems?: boolean;
}

/**
 * One envelope follower over the vocal, for ducking the lead while the voice sings; fed section by
 * section (it keeps its level), so no song-long envelope is held.
 */
class VocalEnvelope {
  private readonly att = Math.exp(-1 / (0.005 * SAMPLE_RATE));
  private readonly rel = Math.exp(-1 / (0.25 * SAMPLE_RATE));
  private e = 0;
  /** Writes the envelope of `vocal` into `env` (as long). */
  next(vocal: Float32Array, env: Float32Array): void {
    const { att, rel } = this;
    let e = this.e;
    for (let i = 0; i < vocal.length; i++) {
      const a = Math.abs(vocal[i]!);
      e = a > e ? att * e + (1 - att) * a : rel * e + (1 - rel) * a;
      env[i] = e;
    }
    this.e = e;
  }
}

/**
 * The song as a stream of section chunks. Concatenated, the chunks' bytes are exactly the WAV
 * file `renderSong` returns.
 */
export async function* renderSongStream(
  c: Engine2Composition,
  options: StreamOptions = {},
): AsyncGenerator<SectionChunk> {
  const settings = mixSettings(c.genre);
  const total = songSamples(c);
  const bounds = sectionBounds(c);
  const targets = sectionTargets(c);
  const chains = Object.fromEntries(
    INSTRUMENT_STEMS.map((s) => [s, new StemChainProcessor(settings.stems[s], settings.reverb)]),
  ) as Record<InstrumentStem, StemChainProcessor>;
  const mixReverb = new ReverbBus(settings.reverb);
  // Each stem's own reverb, only when stems are asked for (the same sum, stem by stem).
  const stemReverbs = options.withStems
    ? (Object.fromEntries(
        [...INSTRUMENT_STEMS, "vocals"].map((s) => [s, new ReverbBus(settings.reverb)]),
      ) as Record<StemName, ReverbBus>)
    : null;

  // The voice, rendered once for the whole song (it is the caller's renderer; only read here).
  let vocal: Float32Array | null = null;
  let vocalEnv: VocalEnvelope | null = null;
  let vocalChain: StemChainProcessor | null = null;
  if (options.vocals && c.vocals) {
    const raw = options.vocals(vocalNotes(c), c.vocals.voice);
    if (raw.length >= total) vocal = raw.subarray(0, total);
    else {
      vocal = new Float32Array(total);
      vocal.set(raw);
    }
    vocalEnv = new VocalEnvelope();
    vocalChain = new StemChainProcessor(settings.vocals, settings.reverb);
  }
  const duckDepth = 1 - dbToGain(-settings.duckDb);

  const masterEq = new StereoEq(settings.master.eq);
  const glue = new Compressor(settings.master.glue);
  const limiter = new TruePeakLimiter(settings.master.ceilingDbtp);
  const dither = { state: (createRng((c.seed ^ 0x5eed) >>> 0).int(1, 0x7fffffff) | 1) >>> 0 };

  let skip = limiter.latency;
  let emitted = 0;
  const pool = new BufferPool();
  let carry: Record<InstrumentStem, StemBuffers> | null = null;
  let gain = 0;
  let makeup = 0;

  for (let k = 0; k < c.sections.length; k++) {
    const audio = await renderSectionAudio(c, k, pool);
    const n = bounds[k + 1]! - bounds[k]!;
    const last = k === c.sections.length - 1;
    // Add the previous section's tail (its buffers start at this section's first sample).
    const stems = audio.stems;
    if (carry) {
      for (const s of INSTRUMENT_STEMS) {
        const dst = stems[s];
        const src = carry[s];
        const len = Math.max(dst.left.length, src.left.length);
        if (len > dst.left.length) {
          for (const key of ["left", "right", "send"] as const) {
            const grown = pool.take(len);
            grown.set(dst[key]);
            pool.give(dst[key]);
            dst[key] = grown;
          }
        }
        for (const key of ["left", "right", "send"] as const) {
          const d = dst[key];
          const sb = src[key];
          for (let i = 0; i < sb.length; i++) d[i] = d[i]! + sb[i]!;
        }
        // The tail is added: the previous section's buffers (the tail is a view on them) are free.
        pool.give(src.left, src.right, src.send);
      }
    }
    // Keep what rings past this section for the next one (views: the chains below only touch
    // [0, n), so the tail stays as the synth left it).
    const next: Partial<Record<InstrumentStem, StemBuffers>> = {};
    for (const s of INSTRUMENT_STEMS) {
      const b = stems[s];
      next[s] = {
        left: b.left.subarray(n),
        right: b.right.subarray(n),
        send: b.send.subarray(n),
      };
    }
    carry = next as Record<InstrumentStem, StemBuffers>;

    const start = bounds[k]!;
    let vocalL: Float32Array | null = null;
    let vocalR: Float32Array | null = null;
    let vocalSend: Float32Array | null = null;
    let env: Float32Array | null = null;
    if (vocal && vocalChain && vocalEnv) {
      const dry = vocal.subarray(start, start + n);
      vocalL = pool.copy(dry);
      vocalR = pool.copy(dry);
      vocalSend = pool.scratch(n);
      const vs = settings.vocals.reverbSend;
      for (let i = 0; i < n; i++) vocalSend[i] = dry[i]! * vs;
      env = pool.scratch(n);
      vocalEnv.next(dry, env);
    }
    // The pre-master mix: stem chains and their sum, a chunk at a time so every stem's samples
    // are still in cache when the next processor reads them (the processors keep their state
    // across calls, so this gives the same samples as whole-section passes). The last section
    // has room for the limiter's look-ahead flush.
    const mixL = pool.take(last ? n + limiter.latency : n);
    const mixR = pool.take(mixL.length);
    const sendSum = pool.take(n);
    for (let from = 0; from < n; from += CHUNK) {
      const to = Math.min(n, from + CHUNK);
      for (const s of INSTRUMENT_STEMS) {
        const b = stems[s];
        if (s === "lead" && env) {
          // Duck the lead under the voice (the melody is sung, the instrument steps back).
          const { left: L, right: R, send: S } = b;
          for (let i = from; i < to; i++) {
            const e = Math.min(1, env[i]! / 0.03);
            const g = 1 - duckDepth * e;
            L[i] = L[i]! * g;
            R[i] = R[i]! * g;
            S[i] = S[i]! * g;
          }
        }
        chains[s].process(b, from, to);
        addInto(mixL, mixR, sendSum, b.left, b.right, b.send, from, to);
      }
      if (vocalL && vocalR && vocalSend && vocalChain) {
        vocalChain.process({ left: vocalL, right: vocalR, send: vocalSend }, from, to);
        addInto(mixL, mixR, sendSum, vocalL, vocalR, vocalSend, from, to);
      }
    }

    // One reverb on the summed sends, then the section steered to its planned loudness.
    mixReverb.process(sendSum, mixL, mixR, n);
    pool.give(sendSum);
    const measured = blockLoudness(mixL, mixR, 0, n);
    const wantDb = Number.isFinite(measured) ? targets[k]! - measured : 0;
    const newGain = Math.max(-30, Math.min(30, wantDb));
    const g0 = k === 0 ? dbToGain(newGain) : dbToGain(gain);
    const g1 = dbToGain(newGain);
    gain = newGain;
    const gainAt = (i: number): number => (i < RAMP ? g0 + ((g1 - g0) * i) / RAMP : g1);
    let stemOut: SectionChunk["stems"];
    if (options.withStems) {
      stemOut = {};
      for (const s of INSTRUMENT_STEMS) {
        const b = stems[s];
        const l = b.left.slice(0, n);
        const r = b.right.slice(0, n);
        stemReverbs![s].process(b.send, l, r, n);
        for (let i = 0; i < n; i++) {
          const g = gainAt(i);
          l[i] = l[i]! * g;
          r[i] = r[i]! * g;
        }
        stemOut[s] = { left: l, right: r };
      }
      if (vocalL && vocalR && vocalSend) {
        const l = vocalL.slice(0, n);
        const r = vocalR.slice(0, n);
        stemReverbs!.vocals.process(vocalSend, l, r, n);
        for (let i = 0; i < n; i++) {
          const g = gainAt(i);
          l[i] = l[i]! * g;
          r[i] = r[i]! * g;
        }
        stemOut.vocals = { left: l, right: r };
      }
    }

    // Master bus, in two passes over the section: the section gain, EQ and glue compressor;
    // then a make-up gain and the limiter. The glue and the limiter squeeze a loud chorus more
    // than the quieter verse before it: without the make-up a Jazz chorus came out +1.6 LU over
    // its verse (+3.5 LU before the master); a make-up for the glue alone gave +2.6 of +4.4;
    // paying back the limiter's share too, +3.9. On the last section the limiter's look-ahead
    // is flushed with the silence after the mix.
    for (let from = 0; from < n; from += CHUNK) {
      const to = Math.min(n, from + CHUNK);
      if (from < RAMP) {
        for (let i = from; i < to; i++) {
          const g = gainAt(i);
          mixL[i] = mixL[i]! * g;
          mixR[i] = mixR[i]! * g;
        }
      } else {
        for (let i = from; i < to; i++) {
          mixL[i] = mixL[i]! * g1;
          mixR[i] = mixR[i]! * g1;
        }
      }
      masterEq.process(mixL, mixR, from, to);
      glue.process(mixL, mixR, from, to);
    }
    // The make-up gain: first a trial of the section through a copy of the limiter, to learn
    // what the limiter will take from it (a chorus loses more to it than a verse), then the
    // section made up by that much more.
    const glued = blockLoudness(mixL, mixR, 0, n);
    const clampMakeup = (db: number): number =>
      Math.max(-MAKEUP_MAX_DB, Math.min(MAKEUP_MAX_DB, db));
    let makeupDb = 0;
    if (Number.isFinite(glued)) {
      const trialDb = clampMakeup(targets[k]! - glued);
      const trialL = pool.copy(mixL.subarray(0, n));
      const trialR = pool.copy(mixR.subarray(0, n));
      applyMakeup(trialL, trialR, k === 0 ? trialDb : makeup, trialDb);
      const trialLimiter = limiter.clone();
      trialLimiter.process(trialL, trialR, 0, n);
      const limited = blockLoudness(trialL, trialR, 0, n);
      pool.give(trialL, trialR);
      const loss = Number.isFinite(limited) ? Math.max(0, targets[k]! - limited) : 0;
      makeupDb = clampMakeup(trialDb + Math.min(LIMITER_LOSS_MAX_DB, loss));
    }
    applyMakeup(mixL, mixR, k === 0 ? makeupDb : makeup, makeupDb, n);
    makeup = makeupDb;
    for (let from = 0; from < mixL.length; from += CHUNK) {
      limiter.process(mixL, mixR, from, Math.min(mixL.length, from + CHUNK));
    }
    const dropped = Math.min(skip, mixL.length);
    skip -= dropped;
    const outL = mixL.subarray(dropped, last ? dropped + (total - emitted) : mixL.length);
    const outR = mixR.subarray(dropped, last ? dropped + (total - emitted) : mixR.length);
    // Fade the very end so the last chord's release never stops abruptly.
    const fadeStart = total - Math.round(FADE_SEC * SAMPLE_RATE);
    for (let i = Math.max(0, fadeStart - emitted); i < outL.length; i++) {
      const at = emitted + i;
      const f = Math.max(0, (total - at) / (total - fadeStart));
      outL[i] = outL[i]! * f;
      outR[i] = outR[i]! * f;
    }
    const pcm = pcm16(outL, outR, dither);
    emitted += outL.length;
    pool.give(mixL, mixR);
    if (vocalL && vocalR && vocalSend && env) pool.give(vocalL, vocalR, vocalSend, env);
    const bytes = k === 0 ? concat(wavHeader(total), pcm) : pcm;
    yield { section: k, bytes, ...(stemOut ? { stems: stemOut } : {}) };
  }
}

/** Scales [0, n) by the make-up gain, ramped from the previous section's over the first RAMP samples. */
function applyMakeup(
  l: Float32Array,
  r: Float32Array,
  fromDb: number,
  toDb: number,
  n = l.length,
): void {
  const m0 = dbToGain(fromDb);
  const m1 = dbToGain(toDb);
  for (let i = 0; i < n; i++) {
    const m = i < RAMP ? m0 + ((m1 - m0) * i) / RAMP : m1;
    l[i] = l[i]! * m;
    r[i] = r[i]! * m;
  }
}

/** Adds [from, to) of a stem (or the voice) into the mix and the summed reverb send. */
function addInto(
  mixL: Float32Array,
  mixR: Float32Array,
  sendSum: Float32Array,
  l: Float32Array,
  r: Float32Array,
  send: Float32Array,
  from: number,
  to: number,
): void {
  for (let i = from; i < to; i++) {
    mixL[i] = mixL[i]! + l[i]!;
    mixR[i] = mixR[i]! + r[i]!;
    sendSum[i] = sendSum[i]! + send[i]!;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

export interface RenderedSong {
  wav: Uint8Array;
}

/** The whole song as a 16-bit stereo WAV. */
export async function renderSongWav(
  c: Engine2Composition,
  options: RenderSongOptions = {},
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of renderSongStream(c, options)) parts.push(chunk.bytes);
  const size = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export { gainToDb };
