import type { Genre, Mood } from "@harmoniq/vocabulary";
import type { ModeName } from "./theory";

/** Melodic / harmonic instrument stand-ins the synth knows how to play. */
export type InstrumentId =
  | "pad-warm"
  | "pad-supersaw"
  | "strings"
  | "piano"
  | "epiano"
  | "pluck"
  | "guitar-clean"
  | "guitar-drive"
  | "lead-saw"
  | "lead-square"
  | "bell"
  | "organ"
  | "flute"
  | "bass-sub"
  | "bass-synth"
  | "bass-pick"
  | "bass-upright"
  | "bass-808"
  | "cello";

export type KitId = "acoustic" | "electronic" | "trap" | "brush" | "heavy" | "none";
export type DrumPatternId =
  | "pop"
  | "rock"
  | "boom-bap"
  | "jazz-swing"
  | "none"
  | "four-on-floor"
  | "train"
  | "rnb"
  | "metal"
  | "trap";
export type BassStyle =
  "root8" | "walking" | "sustain" | "boom-chick" | "offbeat" | "syncopated" | "gallop" | "long808";
export type CompStyle = "pad" | "stabs" | "arp" | "strum" | "comp" | "power8" | "block";

export interface MoodProfile {
  /** Tempo range in BPM. */
  tempo: readonly [number, number];
  /** Modes the mood prefers, most likely first. */
  modes: readonly ModeName[];
  /** 0..1: density of drums/notes, velocity. */
  energy: number;
  /** 0..1: filter cut-off / timbre brightness. */
  brightness: number;
  /** -1..1: positive or negative feeling (used for lyric word choice). */
  valence: number;
  /** 0..1: reverb send. */
  reverb: number;
  /** Words that make us infer this mood. */
  keywords: readonly string[];
  /** Adjectives the lyric writer uses. */
  adjectives: readonly string[];
}

export interface GenreProfile {
  tempo: readonly [number, number];
  /** 0 = straight, 0.33 = hard triplet swing (fraction of an eighth the off-beat is delayed). */
  swing: number;
  /** Modes the genre allows; intersected with the mood's modes. Empty = any. */
  modes: readonly ModeName[];
  lead: InstrumentId;
  chords: InstrumentId;
  bass: InstrumentId;
  kit: KitId;
  drums: DrumPatternId;
  bassStyle: BassStyle;
  comp: CompStyle;
  chordStyle: "triad" | "seventh" | "power";
  /** Added to the mood's brightness. */
  brightness: number;
  /** Added to the mood's reverb. */
  reverb: number;
  /** Pump pads and bass against the kick (EDM side-chain). */
  sidechain: boolean;
  /** Melody register offset in semitones around middle C. */
  register: number;
  keywords: readonly string[];
}

export const MOOD_PROFILES = {
  Happy: {
    tempo: [108, 128],
    modes: ["ionian", "mixolydian", "lydian"],
    energy: 0.7,
    brightness: 0.75,
    valence: 0.9,
    reverb: 0.25,
    keywords: [
      "happy",
      "joy",
      "sun",
      "sunny",
      "summer",
      "smile",
      "bright",
      "celebrate",
      "fun",
      "birthday",
      "beach",
      "friends",
      "laugh",
      "golden",
    ],
    adjectives: ["golden", "bright", "sunny", "easy", "shining", "sweet"],
  },
  Confident: {
    tempo: [92, 112],
    modes: ["mixolydian", "ionian", "dorian"],
    energy: 0.7,
    brightness: 0.6,
    valence: 0.6,
    reverb: 0.2,
    keywords: [
      "confident",
      "boss",
      "swagger",
      "crown",
      "king",
      "queen",
      "own",
      "bold",
      "proud",
      "fearless",
      "strut",
    ],
    adjectives: ["bold", "steady", "fearless", "proud", "untouchable", "sharp"],
  },
  Motivational: {
    tempo: [112, 128],
    modes: ["ionian", "mixolydian"],
    energy: 0.85,
    brightness: 0.7,
    valence: 0.8,
    reverb: 0.3,
    keywords: [
      "rise",
      "win",
      "goal",
      "climb",
      "strong",
      "run",
      "victory",
      "never",
      "dream big",
      "workout",
      "champion",
      "mountain",
      "fight",
      "grow",
    ],
    adjectives: ["unbroken", "rising", "stronger", "endless", "burning", "brave"],
  },
  Melancholic: {
    tempo: [60, 78],
    modes: ["aeolian", "dorian", "phrygian"],
    energy: 0.25,
    brightness: 0.3,
    valence: -0.8,
    reverb: 0.5,
    keywords: [
      "sad",
      "rain",
      "lonely",
      "alone",
      "goodbye",
      "tears",
      "lost",
      "grey",
      "gray",
      "memory",
      "miss",
      "cry",
      "broken",
      "autumn",
      "winter",
      "cold",
    ],
    adjectives: ["fading", "empty", "grey", "quiet", "broken", "distant"],
  },
  Dreamy: {
    tempo: [70, 92],
    modes: ["lydian", "ionian", "dorian"],
    energy: 0.35,
    brightness: 0.55,
    valence: 0.4,
    reverb: 0.7,
    keywords: [
      "dream",
      "dreamy",
      "float",
      "cloud",
      "clouds",
      "stars",
      "space",
      "moon",
      "galaxy",
      "haze",
      "sleep",
      "wonder",
      "ocean",
      "sky",
    ],
    adjectives: ["floating", "silver", "endless", "hazy", "velvet", "weightless"],
  },
  Chill: {
    tempo: [78, 96],
    modes: ["dorian", "ionian", "mixolydian"],
    energy: 0.35,
    brightness: 0.45,
    valence: 0.3,
    reverb: 0.4,
    keywords: [
      "chill",
      "relax",
      "lazy",
      "coffee",
      "sunday",
      "calm",
      "easy",
      "lofi",
      "study",
      "breeze",
      "slow",
      "cozy",
    ],
    adjectives: ["slow", "mellow", "warm", "easy", "soft", "lazy"],
  },
  Romantic: {
    tempo: [66, 88],
    modes: ["ionian", "lydian", "aeolian"],
    energy: 0.4,
    brightness: 0.5,
    valence: 0.7,
    reverb: 0.45,
    keywords: [
      "love",
      "kiss",
      "heart",
      "darling",
      "romance",
      "romantic",
      "together",
      "forever",
      "wedding",
      "baby",
      "hold",
      "candle",
      "rose",
    ],
    adjectives: ["tender", "warm", "gentle", "sweet", "golden", "close"],
  },
  Hype: {
    tempo: [128, 152],
    modes: ["aeolian", "phrygian", "dorian"],
    energy: 1,
    brightness: 0.85,
    valence: 0.5,
    reverb: 0.25,
    keywords: [
      "party",
      "hype",
      "club",
      "rave",
      "jump",
      "loud",
      "wild",
      "energy",
      "fire",
      "festival",
      "dance",
      "bass drop",
      "crowd",
      "turn up",
    ],
    adjectives: ["electric", "wild", "loud", "burning", "unstoppable", "neon"],
  },
} as const satisfies Record<Mood, MoodProfile>;

export const GENRE_PROFILES = {
  Pop: {
    tempo: [92, 126],
    swing: 0,
    modes: [],
    lead: "pluck",
    chords: "pad-warm",
    bass: "bass-synth",
    kit: "electronic",
    drums: "pop",
    bassStyle: "syncopated",
    comp: "pad",
    chordStyle: "triad",
    brightness: 0.05,
    reverb: 0,
    sidechain: false,
    register: 0,
    keywords: ["pop", "radio", "catchy", "chart"],
  },
  Rock: {
    tempo: [100, 142],
    swing: 0,
    modes: ["ionian", "mixolydian", "aeolian", "dorian"],
    lead: "lead-saw",
    chords: "guitar-drive",
    bass: "bass-pick",
    kit: "acoustic",
    drums: "rock",
    bassStyle: "root8",
    comp: "power8",
    chordStyle: "triad",
    brightness: 0.1,
    reverb: -0.05,
    sidechain: false,
    register: 0,
    keywords: ["rock", "guitar", "band", "garage", "stadium", "amp", "riff"],
  },
  "Hip-Hop": {
    tempo: [80, 98],
    swing: 0.12,
    modes: ["aeolian", "dorian", "phrygian", "mixolydian", "ionian"],
    lead: "bell",
    chords: "epiano",
    bass: "bass-808",
    kit: "trap",
    drums: "boom-bap",
    bassStyle: "long808",
    comp: "stabs",
    chordStyle: "seventh",
    brightness: -0.05,
    reverb: -0.05,
    sidechain: false,
    register: -2,
    keywords: [
      "hip hop",
      "hip-hop",
      "rap",
      "street",
      "city",
      "beat",
      "bars",
      "block",
      "hood",
      "flow",
    ],
  },
  Jazz: {
    tempo: [88, 150],
    swing: 0.3,
    modes: ["dorian", "ionian", "mixolydian", "lydian", "aeolian"],
    lead: "flute",
    chords: "epiano",
    bass: "bass-upright",
    kit: "brush",
    drums: "jazz-swing",
    bassStyle: "walking",
    comp: "comp",
    chordStyle: "seventh",
    brightness: -0.05,
    reverb: 0.05,
    sidechain: false,
    register: 0,
    keywords: ["jazz", "saxophone", "sax", "smoky", "bar", "swing", "bebop", "lounge", "speakeasy"],
  },
  Classical: {
    tempo: [60, 112],
    swing: 0,
    modes: ["ionian", "aeolian", "lydian", "dorian"],
    lead: "flute",
    chords: "strings",
    bass: "cello",
    kit: "none",
    drums: "none",
    bassStyle: "sustain",
    comp: "arp",
    chordStyle: "triad",
    brightness: -0.1,
    reverb: 0.2,
    sidechain: false,
    register: 0,
    keywords: [
      "classical",
      "orchestra",
      "piano",
      "violin",
      "symphony",
      "cello",
      "sonata",
      "baroque",
      "strings",
    ],
  },
  EDM: {
    tempo: [120, 150],
    swing: 0,
    modes: [],
    lead: "lead-square",
    chords: "pad-supersaw",
    bass: "bass-sub",
    kit: "electronic",
    drums: "four-on-floor",
    bassStyle: "offbeat",
    comp: "pad",
    chordStyle: "triad",
    brightness: 0.15,
    reverb: 0.1,
    sidechain: true,
    register: 2,
    keywords: [
      "edm",
      "electronic",
      "techno",
      "house",
      "synth",
      "drop",
      "rave",
      "club",
      "dj",
      "trance",
    ],
  },
  Country: {
    tempo: [88, 124],
    swing: 0.05,
    modes: ["ionian", "mixolydian"],
    lead: "guitar-clean",
    chords: "guitar-clean",
    bass: "bass-pick",
    kit: "acoustic",
    drums: "train",
    bassStyle: "boom-chick",
    comp: "strum",
    chordStyle: "triad",
    brightness: 0,
    reverb: 0,
    sidechain: false,
    register: -2,
    keywords: [
      "country",
      "truck",
      "farm",
      "whiskey",
      "dirt road",
      "cowboy",
      "ranch",
      "porch",
      "nashville",
      "banjo",
    ],
  },
  "R&B": {
    tempo: [64, 96],
    swing: 0.14,
    modes: ["dorian", "ionian", "aeolian", "mixolydian"],
    lead: "lead-square",
    chords: "epiano",
    bass: "bass-synth",
    kit: "electronic",
    drums: "rnb",
    bassStyle: "syncopated",
    comp: "block",
    chordStyle: "seventh",
    brightness: -0.05,
    reverb: 0.1,
    sidechain: false,
    register: 0,
    keywords: ["r&b", "rnb", "soul", "smooth", "groove", "slow jam", "velvet", "silk"],
  },
  Metal: {
    tempo: [140, 180],
    swing: 0,
    modes: ["phrygian", "aeolian", "dorian"],
    lead: "lead-saw",
    chords: "guitar-drive",
    bass: "bass-pick",
    kit: "heavy",
    drums: "metal",
    bassStyle: "gallop",
    comp: "power8",
    chordStyle: "triad",
    brightness: 0.05,
    reverb: -0.1,
    sidechain: false,
    register: -2,
    keywords: [
      "metal",
      "heavy",
      "scream",
      "doom",
      "thrash",
      "riff",
      "iron",
      "steel",
      "inferno",
      "brutal",
    ],
  },
} as const satisfies Record<Genre, GenreProfile>;

// Moods and genres are the vocabulary's; a profile per value is enforced by the `satisfies` above.
export { GENRES, MOODS, isGenre, isMood } from "@harmoniq/vocabulary";
export type { Genre, Mood };

/** The genre a mood suggests when nothing else does. */
export const DEFAULT_GENRE_FOR_MOOD: Record<Mood, Genre> = {
  Happy: "Pop",
  Confident: "Hip-Hop",
  Motivational: "Rock",
  Melancholic: "Classical",
  Dreamy: "EDM",
  Chill: "Jazz",
  Romantic: "R&B",
  Hype: "EDM",
};
