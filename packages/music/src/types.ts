import type { ImageAnalysis, ImageFeatures } from "./image";
import type { LyricSectionKind } from "./lyrics";
import type { BassStyle, CompStyle, DrumPatternId, Genre, InstrumentId, KitId, Mood } from "./profiles";
import type { ChordQuality, ModeName, NoteName } from "./theory";

export type CreationMode = "description" | "lyrics" | "image";

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
}

/** [startBeat, durationBeats, midiPitch, velocity 1..127] */
export type NoteTuple = [number, number, number, number];
/** [startBeat, drum, velocity]; drum: 0 kick, 1 snare, 2 closed hat, 3 open hat, 4 clap, 5 crash, 6 ride, 7 rim. */
export type DrumHit = [number, number, number];

export type SectionKind = LyricSectionKind | "solo";

export interface FormSection {
  kind: SectionKind;
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

export interface Composition {
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
  key: { tonic: NoteName; tonicPc: number; mode: ModeName; quality: "major" | "minor"; name: string };
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
