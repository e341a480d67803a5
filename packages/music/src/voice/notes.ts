/** Checks a voice part and puts it in order: sorted, overlaps trimmed, every note with a syllable. */
import { isPhone, isVowel, type PhoneticSyllable } from "../phonetics";
import type { VocalNote } from "./types";

export class VoiceInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VoiceInputError";
  }
}

/** A note as the voice sings it: end trimmed so notes never overlap. */
export interface SungNote {
  start: number;
  end: number;
  midi: number;
  velocity: number;
}

/** One syllable and the notes it is sung on (more than one: a melisma). */
export interface SyllableOnNotes {
  phones: PhoneticSyllable;
  notes: SungNote[];
  /** The singer breathes after this syllable. */
  phraseEnd: boolean;
}

const NEUTRAL_SYLLABLE: PhoneticSyllable = { onset: [], nucleus: "AH", coda: [], stress: 0 };

function check(note: VocalNote, i: number): void {
  const bad = (what: string) => new VoiceInputError(`vocal note ${i}: ${what}`);
  if (typeof note !== "object" || note === null) throw bad("not an object");
  if (!Number.isFinite(note.startSec) || note.startSec < 0) throw bad("startSec must be ≥ 0");
  if (!Number.isFinite(note.durSec) || note.durSec <= 0) throw bad("durSec must be > 0");
  if (note.startSec + note.durSec > 3600) throw bad("notes must end within an hour");
  if (!Number.isFinite(note.midi) || note.midi < 24 || note.midi > 96) {
    throw bad("midi must be between 24 and 96");
  }
  if (!Number.isFinite(note.velocity) || note.velocity < 1 || note.velocity > 127) {
    throw bad("velocity must be 1..127");
  }
  if (note.syllable !== null) {
    const phones = note.syllable?.phones;
    if (!phones || !isVowel(phones.nucleus)) throw bad("syllable needs an ARPAbet vowel nucleus");
    for (const c of [...(phones.onset ?? []), ...(phones.coda ?? [])]) {
      if (!isPhone(c) || isVowel(c)) throw bad(`"${String(c)}" is not an ARPAbet consonant`);
    }
    if (!Array.isArray(phones.onset) || !Array.isArray(phones.coda)) throw bad("onset/coda");
  }
}

/** Validate and group `notes` into syllables (a leading continuation note sings "ah"). */
export function syllablesOnNotes(notes: readonly VocalNote[]): SyllableOnNotes[] {
  if (!Array.isArray(notes)) throw new VoiceInputError("notes must be an array");
  notes.forEach(check);
  const order = notes
    .map((note, index) => ({ note, index }))
    .sort((a, b) => a.note.startSec - b.note.startSec || a.index - b.index);
  const out: SyllableOnNotes[] = [];
  for (let k = 0; k < order.length; k++) {
    const { note } = order[k] as { note: VocalNote };
    const next = order[k + 1]?.note;
    const end = Math.min(note.startSec + note.durSec, next ? next.startSec : Infinity);
    const current = out.at(-1);
    if (end - note.startSec < 0.001) {
      // Two notes starting together: the later one is dropped, its syllable kept for the next.
      if (note.syllable && next && next.syllable === null) {
        order[k + 1] = { note: { ...next, syllable: note.syllable }, index: -1 };
      }
      continue;
    }
    const sung: SungNote = {
      start: note.startSec,
      end,
      midi: note.midi,
      velocity: note.velocity,
    };
    if (note.syllable === null && current) {
      current.notes.push(sung);
      current.phraseEnd = note.phraseEnd;
    } else {
      out.push({
        phones: note.syllable?.phones ?? NEUTRAL_SYLLABLE,
        notes: [sung],
        phraseEnd: note.phraseEnd,
      });
    }
  }
  return out;
}
