/**
 * The sung pitch over time, in MIDI units at a 200 Hz control rate: each note's pitch, short
 * glides between legato notes, and vibrato that sets in after the note has started (5–6 Hz,
 * ±20–35 cents, different on every note). No scoops into notes: vowels are short (layout.ts), and
 * a 50 ms scoop into a 0.2–0.3 s vowel is heard as off pitch (within-50-cents share of the lower
 * voice's 10 bench songs 87.6 % with scoops, 88.5 % without).
 */
import type { Rng } from "../prng";
import type { SungNote } from "./notes";

export const CONTROL_RATE = 200;

export interface PitchContour {
  /** MIDI pitch per control frame (frame k at k / CONTROL_RATE s). */
  midi: Float32Array;
}

const smooth = (x: number) => (x <= 0 ? 0 : x >= 1 ? 1 : x * x * (3 - 2 * x));

export function pitchContour(notes: readonly SungNote[], totalSec: number, rng: Rng): PitchContour {
  const frames = Math.ceil(totalSec * CONTROL_RATE) + 1;
  const midi = new Float32Array(frames);
  if (notes.length === 0) return { midi };
  // Base: each note's pitch from its start; a rest takes the next note's pitch late, so onset
  // consonants sung in the rest are already on it.
  const at = (k: number) => k / CONTROL_RATE;
  let n = 0;
  for (let k = 0; k < frames; k++) {
    const t = at(k);
    while (n + 1 < notes.length && notes[n + 1]!.start <= t) n++;
    const note = notes[n]!;
    const next = notes[n + 1];
    let m = note.midi;
    if (t < note.start) m = note.midi;
    else if (next && t >= note.end && next.start - t < 0.25) m = next.midi;
    midi[k] = m;
  }
  // Transitions and ornaments, note by note.
  notes.forEach((note, i) => {
    const previous = notes[i - 1];
    const dur = note.end - note.start;
    const legato = previous !== undefined && note.start - previous.end < 0.03;
    if (legato && previous.midi !== note.midi) {
      // Glide before the vowel (over the consonants between the notes), so the short vowels are
      // on pitch from their start (88.5 % → 89.2 % within 50 cents, lower voice; 91.0 → 92.0 %,
      // higher); a little longer between long notes.
      const len = Math.min(
        0.06,
        Math.max(0.025, 0.1 * Math.min(dur, previous.end - previous.start)),
      );
      const a = note.start - len;
      const b = note.start;
      for (let k = Math.max(0, Math.floor(a * CONTROL_RATE)); at(k) < b && k < frames; k++) {
        const x = smooth((at(k) - a) / (b - a));
        midi[k] = previous.midi + (note.midi - previous.midi) * x;
      }
    }
    if (dur >= 0.3) {
      const rate = rng.range(5.0, 6.0);
      const depth = rng.range(0.2, 0.3);
      const delay = rng.range(0.16, 0.28);
      const ramp = rng.range(0.2, 0.35);
      const phase = rng.range(0, 0.25) * 2 * Math.PI;
      const until = note.end - 0.03;
      for (let k = Math.ceil((note.start + delay) * CONTROL_RATE); at(k) < until; k++) {
        if (k >= frames) break;
        const since = at(k) - note.start - delay;
        const envelope = smooth(since / ramp) * smooth((until - at(k)) / 0.06);
        midi[k] =
          (midi[k] as number) + depth * envelope * Math.sin(phase + 2 * Math.PI * rate * since);
      }
    }
  });
  // A slow wander of a few cents, as no singer holds a pitch dead still.
  const f1 = rng.range(0.3, 0.6);
  const f2 = rng.range(0.8, 1.3);
  const p1 = rng.range(0, 2 * Math.PI);
  const p2 = rng.range(0, 2 * Math.PI);
  for (let k = 0; k < frames; k++) {
    const t = at(k);
    midi[k] =
      (midi[k] as number) +
      0.035 * Math.sin(p1 + 2 * Math.PI * f1 * t) +
      0.02 * Math.sin(p2 + 2 * Math.PI * f2 * t);
  }
  return { midi };
}

/** Pitch at `t` seconds (linear between control frames). */
export function midiAt(contour: PitchContour, t: number): number {
  const x = Math.max(0, t * CONTROL_RATE);
  const k = Math.floor(x);
  const a = contour.midi[Math.min(k, contour.midi.length - 1)] as number;
  const b = contour.midi[Math.min(k + 1, contour.midi.length - 1)] as number;
  return a + (b - a) * (x - k);
}
