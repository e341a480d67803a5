/**
 * The singing voice's input: the melody's notes in seconds, each with the syllable it starts
 * (null for the further notes of a melisma), and a breath mark at the end of every line.
 */
import { sungSyllables } from "../phonetics";
import type { Engine2Composition } from "../types";
import type { VocalNote } from "../voice/types";

export function vocalNotes(c: Engine2Composition): VocalNote[] {
  if (!c.lyrics || !c.vocals) return [];
  const melody = c.parts.find((p) => p.id === c.melodyPart);
  if (!melody) return [];
  const secPerBeat = 60 / c.tempo;
  const out: VocalNote[] = [];
  for (const line of c.lyrics.lines) {
    const phones = sungSyllables(line.text);
    line.notes.forEach((first, i) => {
      const span = line.spans[i] ?? 1;
      for (let k = 0; k < span; k++) {
        const n = melody.notes[first + k];
        if (!n) continue;
        const syl = phones[i];
        out.push({
          startSec: Math.round(n[0] * secPerBeat * 10000) / 10000,
          durSec: Math.round(n[1] * secPerBeat * 10000) / 10000,
          midi: n[2],
          velocity: n[3],
          syllable:
            k === 0 && syl ? { text: line.syllables[i] ?? syl.text, phones: syl.phones } : null,
          phraseEnd: false,
        });
      }
    });
    const last = out[out.length - 1];
    if (last) last.phraseEnd = true;
  }
  return out;
}
