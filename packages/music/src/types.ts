import type { ImageAnalysis, ImageFeatures } from "./image";
import type { LyricSectionKind } from "./lyrics";
import type {
  BassStyle,
  CompStyle,
  DrumPatternId,
  Genre,
  InstrumentId,
  KitId,
  Mood,
} from "./profiles";
import type { ChordQuality, ModeName, NoteName } from "./theory";
import type { VoiceId } from "./voice/voices";

import type { CreationMode, SectionKind } from "@harmoniq/vocabulary";

export type { CreationMode };

export interface CompositionRequest {
  creationMode: CreationMode;
  description?: string | null;
  /** User lyrics (lyrics mode) or lyrics written by a provider (description mode); kept verbatim. */
  lyrics?: string | null;
  /** Features from `analyzeImage` (image mode). */
  image?: ImageFeatures | null;
  title?: string | null;
  mood?: Mood | null;
  genre?: Genre | null;
  seed: number;
  durationSec: number;
  /** Engine 2: sing the lyrics ("sung", the default when there are lyrics) or play them as an instrumental. */
  vocals?: "sung" | "instrumental" | null;
  /** Engine 2: the singing voice (default: picked by the seed, suited to the genre). */
  voice?: VoiceId | null;
}

/** [startBeat, durationBeats, midiPitch, velocity 1..127] */
export type NoteTuple = [number, number, number, number];
/** [startBeat, drum, velocity]; drum: 0 kick, 1 snare, 2 closed hat, 3 open hat, 4 clap, 5 crash, 6 ride, 7 rim. */
export type DrumHit = [number, number, number];

/** Section kinds of engine 1's form (frozen: engine-1 scores store them). */
export type FormSectionKind = LyricSectionKind | "solo";
/** Section kinds of engine 2's form. */
export type SongSectionKind = SectionKind;

export interface FormSection {
  kind: FormSectionKind;
  label: string;
  startBar: number;
  bars: number;
  /** 0..1: how full the arrangement is. */
  intensity: number;
}

export interface ChordEvent {
  startBeat: number;
  beats: number;
  symbol: string;
  /** Scale degree, 0-based. */
  degree: number;
  rootPc: number;
  quality: ChordQuality;
  pcs: number[];
}

export interface LyricLine {
  /** Index into `lyrics.sections`. */
  section: number;
  text: string;
  startBeat: number;
  /** Sung syllables; `notes[i]` is the index of the melody note that sings `syllables[i]`. */
  syllables: string[];
  notes: number[];
}

export type InferenceSource = "request" | "description" | "lyrics" | "image" | "default";

/** Engine 1's score (harmoniq-engine-1.x): stored songs keep it and render through engine 1. */
export interface Engine1Composition {
  engineVersion: string;
  seed: number;
  creationMode: CreationMode;
  title: string;
  mood: Mood;
  genre: Genre;
  inferred: {
    mood: InferenceSource;
    genre: InferenceSource;
    /** Description keywords that steered tempo, brightness, reverb or mode. */
    keywords: string[];
    image: Omit<ImageAnalysis, "features"> | null;
  };
  tempo: number;
  timeSignature: [number, number];
  key: {
    tonic: NoteName;
    tonicPc: number;
    mode: ModeName;
    quality: "major" | "minor";
    name: string;
  };
  durationSec: number;
  totalBeats: number;
  swing: number;
  arrangement: {
    lead: InstrumentId;
    chords: InstrumentId;
    bass: InstrumentId;
    kit: KitId;
    drumPattern: DrumPatternId;
    bassStyle: BassStyle;
    comp: CompStyle;
    /** 0..1 */
    brightness: number;
    /** 0..1 */
    reverb: number;
    /** 0..1 */
    energy: number;
    sidechain: boolean;
  };
  form: FormSection[];
  chords: ChordEvent[];
  tracks: { melody: NoteTuple[]; chords: NoteTuple[]; bass: NoteTuple[]; drums: DrumHit[] };
  lyrics: null | {
    /** Exactly the lyrics used (the user's string, verbatim, in lyrics mode). */
    text: string;
    source: "user" | "generated";
    sections: { kind: LyricSectionKind; label: string; lines: string[] }[];
    lines: LyricLine[];
    /** Lines that did not fit in the requested duration. */
    unsungLines: number;
  };
}

// ---- engine 2 -------------------------------------------------------------------------------

export const ENGINE2_VERSION = "harmoniq-engine-2.0.0";

/** One section of engine 2's form; self-contained: it renders from a clean synth state. */
export interface SongSection {
  kind: SongSectionKind;
  label: string;
  startBar: number;
  bars: number;
  startBeat: number;
  beats: number;
  startSec: number;
  endSec: number;
  /** 0..1: how full the arrangement is (instrument count, density). */
  energy: number;
  /** Planned short-term loudness relative to the song's loudest section, LU (≤ 0). */
  loudnessLu: number;
  /** Index into `lyrics.sections` when the section is sung. */
  lyricSection: number | null;
  /** Parts that play in this section (ids of `parts`). */
  parts: string[];
}

/** The stems a song renders to, in the order they are listed and zipped. */
export const STEM_NAMES = ["drums", "bass", "harmony", "lead", "vocals"] as const;
export type StemName = (typeof STEM_NAMES)[number];

/** [beat, controller number, value 0..127] — CC11 expression, CC1 modulation (vibrato), CC64 sustain. */
export type ControllerEvent = [number, number, number];
/** [beat, bend −8192..8191] with the part's bend range (±2 semitones). */
export type BendEvent = [number, number];

export interface Part {
  /** Unique id, e.g. "drums", "bass", "keys", "pad", "gtr-l", "gtr-r", "lead", "counter". */
  id: string;
  /** What the part is, for people (e.g. "Distortion Guitar (left)"). */
  name: string;
  stem: Exclude<StemName, "vocals">;
  /** MIDI channel (9 = drums). */
  channel: number;
  /** General MIDI program and bank (bank select MSB; drum kits use program numbers on channel 9). */
  program: number;
  bank: number;
  drums: boolean;
  /** CC7 volume, 0..127 (the per-genre balance). */
  volume: number;
  /** −1 (left) … 1 (right). */
  pan: number;
  /** Reverb send 0..1 (engine 2's own stereo reverb, per stem). */
  reverb: number;
  /** Notes after humanization, in beats: [startBeat, durationBeats, midi, velocity]. */
  notes: NoteTuple[];
  controllers: ControllerEvent[];
  bends: BendEvent[];
}

/** A syllable may span several melody notes (a melisma). */
export interface LyricLine2 extends LyricLine {
  /** `spans[i]` = how many melody notes syllable i is sung on (from `notes[i]` on). */
  spans: number[];
  /** Stress (0, 1, 2) of each syllable, from the pronouncing dictionary. */
  stresses: number[];
}

export interface Engine2Composition {
  engineVersion: typeof ENGINE2_VERSION;
  seed: number;
  creationMode: CreationMode;
  title: string;
  mood: Mood;
  genre: Genre;
  inferred: Engine1Composition["inferred"];
  tempo: number;
  timeSignature: [number, number];
  key: Engine1Composition["key"];
  durationSec: number;
  totalBeats: number;
  /** The feel the performance phase applied. */
  humanize: {
    /** Fraction of an eighth the off-beat is delayed (0 straight). */
    swing: number;
    /** Standard deviation of note timing, milliseconds (0 on EDM's grid). */
    timingMs: number;
    /** Standard deviation of velocity. */
    velocity: number;
  };
  /** What the seed chose beyond the key: groove and arrangement variants. */
  style: {
    groove: string;
    bassStyle: string;
    comp: string;
    palette: string;
    /** 0..1 */
    energy: number;
    /** 0..1 */
    brightness: number;
    /** 0..1 */
    reverb: number;
  };
  sections: SongSection[];
  chords: ChordEvent[];
  parts: Part[];
  /** Index into `parts` of the part that plays the melody (the voice sings it when present). */
  melodyPart: string;
  vocals: { voice: VoiceId } | null;
  lyrics: null | {
    text: string;
    source: "user" | "generated";
    sections: { kind: LyricSectionKind; label: string; lines: string[] }[];
    /** Lines with their syllable → melody note alignment (`notes` index the melody part's notes). */
    lines: LyricLine2[];
    unsungLines: number;
  };
  /** Set when a studio pass (extend, replace a section) made this score from another. */
  origin?: StudioOrigin | null;
  /**
   * Set on a cover: the same tune and words as another song's score, in another mood, genre or
   * voice (song versions call it a "cover"; a later studio pass's `origin` says more).
   */
  cover?: { keep: "melody" } | null;
}

/**
 * How a studio pass made a score from another, and what to put back to get that original score
 * (so the pass's audio — the original's, with the new stretch spliced in — can always be rendered
 * again from this score alone). Events are listed with their index in the original's arrays.
 */
export interface StudioOrigin {
  pass: "replace-section" | "extend";
  /** The replaced section (replace-section), or the first new section (extend). */
  section: number;
  /** The beats the pass rewrote: [from, to); `to` null = to the end. */
  window: { from: number; to: number | null };
  /** Every part of the original, in order, with its events inside the window. */
  parts: {
    id: string;
    notes: [number, NoteTuple][];
    controllers: [number, ControllerEvent][];
    bends: [number, BendEvent][];
  }[];
  /** The original's chords inside the window. */
  chords: ChordEvent[];
  /** The original's sections from index `sectionsFrom` on (the rest are unchanged). */
  sectionsFrom: number;
  sections: SongSection[];
  durationSec: number;
  totalBeats: number;
  vocals: Engine2Composition["vocals"];
  lyrics: Engine2Composition["lyrics"];
  /** The original's own origin (passes chain). */
  origin: StudioOrigin | null;
}

/** Any stored score: engine 1 (old songs) or engine 2. */
export type Composition = Engine1Composition | Engine2Composition;

export function isEngine2(c: Composition): c is Engine2Composition {
  return c.engineVersion.startsWith("harmoniq-engine-2.");
}
export function isEngine1(c: Composition): c is Engine1Composition {
  return !isEngine2(c);
}
