/**
 * Hand-written sung phrases for the voice's tests and benchmark: a lyric line and a melody in a
 * small notation ("E4:1" a note of one beat, "~D4:0.5" a melisma note continuing the syllable,
 * "r:1" a rest), turned into VocalNotes with the phonetics module's syllables.
 */
import { sungSyllables } from "../phonetics";
import type { VocalNote } from "./types";
import type { VoiceId } from "./voices";

const NAMES: Record<string, number> = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };

export function noteNumber(name: string): number {
  const m = /^([A-G])(#|b)?(-?\d)$/.exec(name);
  if (!m) throw new Error(`bad note name ${name}`);
  const accidental = m[2] === "#" ? 1 : m[2] === "b" ? -1 : 0;
  return 12 * (Number(m[3]) + 1) + (NAMES[m[1] as string] as number) + accidental;
}

/** A line of lyrics on a melody, from `startSec`; the last note ends the phrase. */
export function singLine(
  text: string,
  melody: string,
  { bpm = 90, startSec = 0.5, velocity = 96, transpose = 0 } = {},
): VocalNote[] {
  const syllables = sungSyllables(text);
  const beat = 60 / bpm;
  const notes: VocalNote[] = [];
  let t = startSec;
  let next = 0;
  for (const token of melody.trim().split(/\s+/)) {
    const [pitch, beats] = token.split(":") as [string, string];
    const dur = Number(beats) * beat;
    if (pitch === "r") {
      t += dur;
      continue;
    }
    const melisma = pitch.startsWith("~");
    const syllable = melisma ? null : syllables[next++];
    if (!melisma && !syllable) throw new Error(`more notes than syllables in "${text}"`);
    notes.push({
      startSec: t,
      durSec: dur * 0.95,
      midi: noteNumber(pitch.replace("~", "")) + transpose,
      velocity,
      syllable: syllable ? { text: syllable.text, phones: syllable.phones } : null,
      phraseEnd: false,
    });
    t += dur;
  }
  if (next !== syllables.length)
    throw new Error(`"${text}": ${syllables.length} syllables, ${next} notes`);
  (notes.at(-1) as VocalNote).phraseEnd = true;
  return notes;
}

export interface TestSong {
  name: string;
  voice: VoiceId;
  lines: string[];
  notes: VocalNote[];
}

/** Lines sung one after another, each starting `gapBeats` after the previous one ends. */
export function singLines(
  lines: readonly [string, string][],
  options: { bpm?: number; transpose?: number; gapBeats?: number } = {},
): VocalNote[] {
  const bpm = options.bpm ?? 90;
  const out: VocalNote[] = [];
  let start = 0.5;
  for (const [text, melody] of lines) {
    const notes = singLine(text, melody, {
      bpm,
      startSec: start,
      transpose: options.transpose ?? 0,
    });
    out.push(...notes);
    const last = notes.at(-1) as VocalNote;
    start = last.startSec + last.durSec / 0.95 + (options.gapBeats ?? 1) * (60 / bpm);
  }
  return out;
}

/** Four lines in the higher voice's range (transpose −12 for the lower voice). */
export const TEST_LINES: [string, string][] = [
  [
    "the city lights are calling me tonight",
    "E4:0.5 G4:0.5 G4:0.5 A4:1 G4:0.5 E4:0.5 D4:0.5 E4:0.5 G4:0.5 A4:2",
  ],
  [
    "I walk alone beneath the silver moon",
    "C5:1 B4:0.5 A4:1 G4:0.5 A4:0.5 B4:1 A4:0.5 G4:0.5 E4:0.5 ~D4:0.5 E4:2",
  ],
  ["my heart is beating like a drum", "A4:0.5 C5:1 B4:0.5 A4:1 G4:0.5 E4:0.5 F4:0.5 ~E4:0.5 D4:2"],
  [
    "we run together till the morning comes",
    "D4:0.5 E4:1 G4:0.5 A4:1 G4:0.5 E4:0.5 G4:1 E4:0.5 D4:0.5 ~C4:1 D4:1",
  ],
];
