/**
 * Renders one section of an engine-2 score through the SoundFont synthesizer, from a fresh synth
 * (a clean state: nothing of the previous section can leak in), into per-stem stereo buffers plus
 * a mono reverb send per stem. Events are applied at their exact sample (blocks are split there).
 */
import type { Engine2Composition, StemName } from "../types";
import { SAMPLE_RATE } from "../wav";
import { BLOCK, createSynth } from "./bank";
import { BufferPool } from "./buffer-pool";
import { sectionEvents } from "./events";
import type { MidiEvent } from "./events";
import { endFadedVoices, voicePool } from "./release-cull";

export type InstrumentStem = Exclude<StemName, "vocals">;
export const INSTRUMENT_STEMS: readonly InstrumentStem[] = ["drums", "bass", "harmony", "lead"];

export interface StemBuffers {
  left: Float32Array;
  right: Float32Array;
  /** Mono reverb send. */
  send: Float32Array;
}

export interface SectionAudio {
  /** First sample (song timeline). */
  start: number;
  /** Samples up to the next section's start. */
  length: number;
  /** Buffers are `length + tail` long: the tail rings into the following section. */
  stems: Record<InstrumentStem, StemBuffers>;
}

/** Release time rendered after a section's last note-off. */
export const TAIL_SEC = 1.2;
const CHANNELS = 16;
const GRID = 32;

export const beatToSample = (c: Engine2Composition, beat: number): number =>
  Math.round(((beat * 60) / c.tempo) * SAMPLE_RATE);

export function songSamples(c: Engine2Composition): number {
  return Math.round(c.durationSec * SAMPLE_RATE);
}

/** First sample of each section, and the song's end. */
export function sectionBounds(c: Engine2Composition): number[] {
  const bounds = c.sections.map((s) => beatToSample(c, s.startBeat));
  bounds.push(songSamples(c));
  return bounds;
}

function apply(synth: Awaited<ReturnType<typeof createSynth>>, e: MidiEvent): void {
  switch (e.type) {
    case "program":
      synth.programChange(e.channel, e.program);
      break;
    case "cc":
      synth.controllerChange(e.channel, e.cc as never, e.value);
      break;
    case "bend":
      synth.pitchWheel(e.channel, e.value + 8192);
      break;
    case "on":
      synth.noteOn(e.channel, e.note, e.velocity);
      break;
    case "off":
      synth.noteOff(e.channel, e.note);
      break;
  }
}

/**
 * Renders section `index`. Its buffers come from `pool` (zeroed); buffers of its own that it does
 * not return go back there.
 */
export async function renderSectionAudio(
  c: Engine2Composition,
  index: number,
  pool: BufferPool = new BufferPool(0),
): Promise<SectionAudio> {
  const bounds = sectionBounds(c);
  const start = bounds[index]!;
  const end = bounds[index + 1]!;
  const total = songSamples(c);
  const events = sectionEvents(c, index);
  let lastOff = end;
  for (const e of events)
    if (e.type === "off") lastOff = Math.max(lastOff, beatToSample(c, e.beat));
  const stop = Math.min(total, Math.max(end, lastOff + Math.round(TAIL_SEC * SAMPLE_RATE)));
  const frames = stop - start;
  const make = (): StemBuffers => ({
    left: pool.take(frames),
    right: pool.take(frames),
    send: pool.take(frames),
  });
  const stems: Record<InstrumentStem, StemBuffers> = {
    drums: make(),
    bass: make(),
    harmony: make(),
    lead: make(),
  };
  if (frames <= 0) return { start, length: Math.max(0, end - start), stems };

  const synth = await createSynth(CHANNELS);
  const voices = voicePool(synth);
  // The synth adds each channel's voices straight into its output pair. Channels of one stem
  // with the same reverb send share a pair: the stem's first such group plays into the stem's
  // own buffers, any other group into buffers of its own that are added (with their send) after.
  const groups: { stem: InstrumentStem; send: number; left: Float32Array; right: Float32Array }[] =
    [];
  const outs: Float32Array[][] = new Array<Float32Array[]>(CHANNELS);
  for (const p of c.parts) {
    const send = p.reverb * 0.5;
    let g = groups.find((x) => x.stem === p.stem && x.send === send);
    if (!g) {
      const first = !groups.some((x) => x.stem === p.stem);
      g = {
        stem: p.stem,
        send,
        left: first ? stems[p.stem].left : pool.take(frames),
        right: first ? stems[p.stem].right : pool.take(frames),
      };
      groups.push(g);
    }
    outs[p.channel] = [g.left, g.right];
  }
  // Channels without a part get no notes; they point at a real pair only because the synth
  // indexes its outputs by channel.
  const spare = [new Float32Array(BLOCK), new Float32Array(BLOCK)];
  for (let ch = 0; ch < CHANNELS; ch++) outs[ch] ??= spare;
  const fx = new Float32Array(BLOCK);

  let ei = 0;
  // Events land on a 32-sample grid (0.7 ms): finer splits cost the synth more than they are heard.
  // Computed once: the loop below asks twice per block.
  const eventAt = events.map((e) => Math.round((beatToSample(c, e.beat) - start) / GRID) * GRID);
  for (let pos = 0; pos < frames; pos += BLOCK) {
    const n = Math.min(BLOCK, frames - pos);
    let at = 0;
    while (at < n) {
      while (ei < events.length && eventAt[ei]! <= pos + at) apply(synth, events[ei++]!);
      const next = ei < events.length ? eventAt[ei]! - pos : n;
      const len = Math.max(1, Math.min(n, next) - at);
      synth.processSplit(outs, fx, fx, pos + at, len);
      at += len;
    }
    endFadedVoices(voices);
  }
  // Reverb sends: each group's dry sound times its send, summed per stem.
  for (const g of groups) {
    const stem = stems[g.stem];
    const { left: L, right: R, send: S } = stem;
    const { left: gl, right: gr, send } = g;
    if (gl === L) {
      for (let i = 0; i < frames; i++) S[i] = (gl[i]! + gr[i]!) * send;
    } else {
      for (let i = 0; i < frames; i++) {
        const l = gl[i]!;
        const r = gr[i]!;
        L[i] = L[i]! + l;
        R[i] = R[i]! + r;
        S[i] = S[i]! + (l + r) * send;
      }
      pool.give(gl, gr);
    }
  }
  // Not destroySynthProcessor(): it would free the shared bank the next section needs.
  return { start, length: end - start, stems };
}
