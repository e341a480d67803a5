/** Small music-theory kernel: modes, diatonic chords, note names. */
export const MODES = {
  ionian: [0, 2, 4, 5, 7, 9, 11],
  dorian: [0, 2, 3, 5, 7, 9, 10],
  phrygian: [0, 1, 3, 5, 7, 8, 10],
  lydian: [0, 2, 4, 6, 7, 9, 11],
  mixolydian: [0, 2, 4, 5, 7, 9, 10],
  aeolian: [0, 2, 3, 5, 7, 8, 10],
} as const satisfies Record<string, readonly number[]>;

export type ModeName = keyof typeof MODES;
export const MODE_NAMES = Object.keys(MODES) as ModeName[];

export const NOTE_NAMES = [
  "C",
  "C#",
  "D",
  "Eb",
  "E",
  "F",
  "F#",
  "G",
  "Ab",
  "A",
  "Bb",
  "B",
] as const;
export type NoteName = (typeof NOTE_NAMES)[number];

export function mod12(n: number): number {
  return ((n % 12) + 12) % 12;
}

export function noteName(pc: number): NoteName {
  return NOTE_NAMES[mod12(pc)] as NoteName;
}

/** Major-family or minor-family (by the mode's third). */
export function modeQuality(mode: ModeName): "major" | "minor" {
  return MODES[mode][2] === 4 ? "major" : "minor";
}

/** The pitch class a degree (0-based, may exceed 6) lands on. */
export function degreePc(tonicPc: number, mode: ModeName, degree: number): number {
  const steps = MODES[mode];
  const octave = Math.floor(degree / 7);
  const d = ((degree % 7) + 7) % 7;
  return mod12(tonicPc + (steps[d] ?? 0) + octave * 12);
}

export type ChordQuality =
  "maj" | "min" | "dim" | "aug" | "maj7" | "min7" | "dom7" | "min7b5" | "power";

export interface ChordInfo {
  /** Scale degree, 0-based. */
  degree: number;
  rootPc: number;
  quality: ChordQuality;
  /** Pitch classes, root first. */
  pcs: number[];
  symbol: string;
}

const SUFFIX: Record<ChordQuality, string> = {
  maj: "",
  min: "m",
  dim: "dim",
  aug: "aug",
  maj7: "maj7",
  min7: "m7",
  dom7: "7",
  min7b5: "m7b5",
  power: "5",
};

export function diatonicChord(
  tonicPc: number,
  mode: ModeName,
  degree: number,
  style: "triad" | "seventh" | "power" = "triad",
): ChordInfo {
  const root = degreePc(tonicPc, mode, degree);
  const third = degreePc(tonicPc, mode, degree + 2);
  const fifth = degreePc(tonicPc, mode, degree + 4);
  const seventh = degreePc(tonicPc, mode, degree + 6);
  const i3 = mod12(third - root);
  const i5 = mod12(fifth - root);
  const i7 = mod12(seventh - root);
  let quality: ChordQuality;
  let pcs: number[];
  if (style === "power") {
    quality = "power";
    pcs = [root, fifth];
  } else if (style === "seventh") {
    if (i3 === 4 && i7 === 11) quality = "maj7";
    else if (i3 === 4) quality = "dom7";
    else if (i5 === 6) quality = "min7b5";
    else quality = "min7";
    pcs = [root, third, fifth, seventh];
  } else {
    quality = i3 === 4 ? (i5 === 8 ? "aug" : "maj") : i5 === 6 ? "dim" : "min";
    pcs = [root, third, fifth];
  }
  return {
    degree: ((degree % 7) + 7) % 7,
    rootPc: root,
    quality,
    pcs,
    symbol: noteName(root) + SUFFIX[quality],
  };
}

/** All MIDI pitches of the scale within [lo, hi]. */
export function scalePitches(tonicPc: number, mode: ModeName, lo: number, hi: number): number[] {
  const set = new Set(MODES[mode].map((s) => mod12(tonicPc + s)));
  const out: number[] = [];
  for (let p = lo; p <= hi; p++) if (set.has(mod12(p))) out.push(p);
  return out;
}

/** Place a pitch class at the first MIDI pitch >= lo. */
export function placePc(pc: number, lo: number): number {
  return lo + mod12(pc - lo);
}

export function midiToFreq(midi: number): number {
  return 440 * Math.pow(2, (midi - 69) / 12);
}
