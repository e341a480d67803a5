/**
 * Renders one section of an engine-2 score through the SoundFont synthesizer, from a fresh synth
 * (a clean state: nothing of the previous section can leak in), into per-stem stereo buffers plus
 * a mono reverb send per stem. Events are applied at their exact sample (blocks are split there).
 */
import type { Engine2Composition, Part, StemName } from "../types";
import { SAMPLE_RATE } from "../wav";
import { BLOCK, createSynth } from "./bank";
import { sectionEvents } from "./events";
import type { MidiEvent } from "./events";

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

export async function renderSectionAudio(
  c: Engine2Composition,
  index: number,
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
    left: new Float32Array(frames),
    right: new Float32Array(frames),
    send: new Float32Array(frames),
  });
  const stems: Record<InstrumentStem, StemBuffers> = {
    drums: make(),
    bass: make(),
    harmony: make(),
    lead: make(),
  };
  if (frames <= 0) return { start, length: Math.max(0, end - start), stems };

  const synth = await createSynth(CHANNELS);
  const partOf: (Part | null)[] = new Array<Part | null>(CHANNELS).fill(null);
  for (const p of c.parts) partOf[p.channel] = p;
  const used = c.parts.map((p) => p.channel);
  const outs = Array.from({ length: CHANNELS }, () => [
    new Float32Array(BLOCK),
    new Float32Array(BLOCK),
  ]);
  const fx = new Float32Array(BLOCK);

  let ei = 0;
  // Events land on a 32-sample grid (0.7 ms): finer splits cost the synth more than they are heard.
  const eventSample = (e: MidiEvent): number =>
    Math.round((beatToSample(c, e.beat) - start) / GRID) * GRID;
  for (let pos = 0; pos < frames; pos += BLOCK) {
    const n = Math.min(BLOCK, frames - pos);
    for (const ch of used) {
      outs[ch]![0]!.fill(0);
      outs[ch]![1]!.fill(0);
    }
    let at = 0;
    while (at < n) {
      while (ei < events.length && eventSample(events[ei]!) <= pos + at)
        apply(synth, events[ei++]!);
      const next = ei < events.length ? eventSample(events[ei]!) - pos : n;
      const len = Math.max(1, Math.min(n, next) - at);
      synth.processSplit(outs, fx, fx, at, len);
      at += len;
    }
    for (const ch of used) {
      const part = partOf[ch]!;
      const stem = stems[part.stem];
      const [ol, or] = outs[ch] as [Float32Array, Float32Array];
      const send = part.reverb * 0.5;
      const L = stem.left;
      const R = stem.right;
      const S = stem.send;
      for (let i = 0, at = pos; i < n; i++, at++) {
        const l = ol[i]!;
        const r = or[i]!;
        L[at] = L[at]! + l;
        R[at] = R[at]! + r;
        S[at] = S[at]! + (l + r) * send;
      }
    }
  }
  // Not destroySynthProcessor(): it would free the shared bank the next section needs.
  return { start, length: end - start, stems };
}
