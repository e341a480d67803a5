/**
 * The MIDI events of an engine-2 score, section by section. Audio (the SoundFont synth) and the
 * MIDI export are both made from these events, so they can never disagree. Each section's list is
 * self-contained: it starts with the set-up of every part (bank, program, volume, pan and the
 * controllers in force), so the section renders the same from a fresh synthesizer whatever came
 * before it.
 */
import type { Engine2Composition, Part } from "../types";

export type MidiEvent =
  | { beat: number; order: number; channel: number; type: "program"; program: number; bank: number }
  | { beat: number; order: number; channel: number; type: "cc"; cc: number; value: number }
  | { beat: number; order: number; channel: number; type: "bend"; value: number }
  | { beat: number; order: number; channel: number; type: "on"; note: number; velocity: number }
  | { beat: number; order: number; channel: number; type: "off"; note: number };

/** Order of events that share a time: set-up, controllers, note-offs, then note-ons. */
const ORDER = { program: 0, cc: 1, bend: 2, off: 3, on: 4 } as const;

export const CC = {
  bank: 0,
  modulation: 1,
  volume: 7,
  pan: 10,
  expression: 11,
  sustain: 64,
} as const;

/** Beat a value in [−1, 1] pan maps to CC10 (0 left, 64 centre, 127 right). */
export const panToCc = (pan: number): number =>
  Math.max(0, Math.min(127, Math.round(64 + pan * 63.5)));

/** Set-up events of a part at `beat`, with the controller values in force there. */
function setup(part: Part, beat: number): MidiEvent[] {
  const ch = part.channel;
  const evs: MidiEvent[] = [];
  if (!part.drums)
    evs.push({ beat, order: 0, channel: ch, type: "cc", cc: CC.bank, value: part.bank });
  evs.push({
    beat,
    order: 0,
    channel: ch,
    type: "program",
    program: part.program,
    bank: part.bank,
  });
  evs.push({ beat, order: 0, channel: ch, type: "cc", cc: CC.volume, value: part.volume });
  evs.push({ beat, order: 0, channel: ch, type: "cc", cc: CC.pan, value: panToCc(part.pan) });
  // Controllers in force at `beat` (their last value before it), or their defaults.
  const last = new Map<number, number>([
    [CC.expression, 127],
    [CC.modulation, 0],
    [CC.sustain, 0],
  ]);
  for (const [b, cc, v] of part.controllers) if (b < beat - 1e-9) last.set(cc, v);
  for (const [cc, v] of last) evs.push({ beat, order: 0, channel: ch, type: "cc", cc, value: v });
  let bend = 0;
  for (const [b, v] of part.bends) if (b < beat - 1e-9) bend = v;
  evs.push({ beat, order: 0, channel: ch, type: "bend", value: bend });
  return evs;
}

/**
 * Events of section `index`: set-up at its first beat, then the notes that start in it (their
 * note-offs may fall after its end: they ring into the next section) and the controllers and
 * bends inside it. Parts that do not play in the section are set up all the same (silent).
 */
export function sectionEvents(c: Engine2Composition, index: number): MidiEvent[] {
  const s = c.sections[index];
  if (!s) return [];
  const from = s.startBeat;
  const to = index === c.sections.length - 1 ? Number.POSITIVE_INFINITY : s.startBeat + s.beats;
  const inside = (b: number): boolean => b >= from - 1e-9 && b < to - 1e-9;
  const evs: MidiEvent[] = [];
  for (const part of c.parts) {
    evs.push(...setup(part, from));
    const ch = part.channel;
    for (const [b, cc, v] of part.controllers)
      if (inside(b)) evs.push({ beat: b, order: ORDER.cc, channel: ch, type: "cc", cc, value: v });
    for (const [b, v] of part.bends)
      if (inside(b)) evs.push({ beat: b, order: ORDER.bend, channel: ch, type: "bend", value: v });
    for (const [b, d, note, vel] of part.notes) {
      if (!inside(b)) continue;
      evs.push({ beat: b, order: ORDER.on, channel: ch, type: "on", note, velocity: vel });
      evs.push({ beat: b + d, order: ORDER.off, channel: ch, type: "off", note });
    }
  }
  return sortEvents(evs);
}

export function sortEvents(evs: MidiEvent[]): MidiEvent[] {
  return evs.sort(
    (a, b) =>
      a.beat - b.beat || a.order - b.order || a.channel - b.channel || eventKey(a) - eventKey(b),
  );
}

function eventKey(e: MidiEvent): number {
  switch (e.type) {
    case "on":
    case "off":
      return e.note;
    case "cc":
      return e.cc;
    default:
      return 0;
  }
}

/** The last beat at which any note of a section is still held. */
export function sectionLastNoteOff(c: Engine2Composition, index: number): number {
  let last = 0;
  for (const e of sectionEvents(c, index)) if (e.type === "off" && e.beat > last) last = e.beat;
  return last;
}
