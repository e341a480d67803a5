/**
 * Phase 1 — style: mood and genre (asked for, or inferred from the description, lyrics or
 * picture), the description's steering, and what the seed chooses beyond the key: the band
 * (palette), the groove, the bass and comping styles, the feel.
 */
import { describeImage } from "../image";
import type { ImageAnalysis } from "../image";
import {
  defaultGenreFor,
  genreFromText,
  moodFromLyrics,
  moodFromText,
  steeringFrom,
} from "../infer";
import type { Steering } from "../infer";
import type { Rng } from "../prng";
import { GENRE_PROFILES, MOOD_PROFILES } from "../profiles";
import type { Genre, Mood } from "../profiles";
import type { CompositionRequest, InferenceSource } from "../types";
import { GROOVES } from "./grooves";
import type { Groove } from "./grooves";
import { PALETTES } from "./palettes";
import type { Palette } from "./palettes";

export type BassStyle2 =
  | "roots"
  | "eighths"
  | "syncopated"
  | "walking"
  | "boom-chick"
  | "gallop"
  | "long"
  | "octaves"
  | "offbeat"
  | "arpeggio";
export type CompStyle2 =
  "block" | "stabs" | "offbeat" | "arpeggio" | "strum" | "power" | "shell" | "sustain";

/**
 * A calm style (Melancholic, Dreamy, Chill, Romantic, by their energy): its arrangement keeps the
 * beat in front and, at slow tempi, its melody sings on the beat (see arrangement.ts, melody.ts).
 */
export const isCalm = (style: Pick<StylePlan, "energy">): boolean => style.energy < 0.5;

export interface StylePlan {
  mood: Mood;
  genre: Genre;
  moodSource: InferenceSource;
  genreSource: InferenceSource;
  description: string;
  image: ImageAnalysis | null;
  steering: Steering;
  energy: number;
  brightness: number;
  reverb: number;
  palette: Palette;
  groove: Groove;
  bassStyle: BassStyle2;
  comp: CompStyle2;
  swing: number;
  timingMs: number;
  velocitySd: number;
}

const clamp = (x: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, x));

export const BASS_STYLES: Record<Genre, BassStyle2[]> = {
  Pop: ["syncopated", "eighths", "octaves"],
  Rock: ["eighths", "roots", "syncopated"],
  Metal: ["gallop", "eighths"],
  "Hip-Hop": ["long", "syncopated"],
  Jazz: ["walking"],
  // Plucked on every beat: without drums, the basses' pizzicato is what carries the pulse.
  Classical: ["arpeggio"],
  EDM: ["offbeat", "long", "octaves"],
  Country: ["boom-chick", "walking"],
  "R&B": ["syncopated", "long"],
};

export const COMP_STYLES: Record<Genre, CompStyle2[]> = {
  Pop: ["block", "offbeat", "arpeggio"],
  Rock: ["power"],
  Metal: ["power"],
  "Hip-Hop": ["stabs", "sustain"],
  Jazz: ["shell", "stabs"],
  Classical: ["arpeggio"],
  EDM: ["offbeat", "stabs", "arpeggio"],
  Country: ["strum"],
  "R&B": ["sustain", "stabs", "block"],
};

/** Timing spread (ms, one standard deviation) and velocity spread players of each genre have. */
const FEEL: Record<Genre, { timingMs: number; velocity: number }> = {
  Pop: { timingMs: 5, velocity: 6 },
  Rock: { timingMs: 7, velocity: 8 },
  Metal: { timingMs: 4, velocity: 6 },
  "Hip-Hop": { timingMs: 9, velocity: 8 },
  Jazz: { timingMs: 12, velocity: 10 },
  Classical: { timingMs: 8, velocity: 9 },
  EDM: { timingMs: 0, velocity: 3 },
  Country: { timingMs: 7, velocity: 8 },
  "R&B": { timingMs: 10, velocity: 8 },
};

/**
 * Genres whose bands play some songs shuffled and some straight, and how often shuffled. Not
 * half: two shuffled seeds sound alike (the swung eighths outweigh their grooves' differences).
 */
const SHUFFLE_CHANCE: Partial<Record<Genre, number>> = { Rock: 0.3, Pop: 0.3, Country: 0.3 };

/**
 * A shuffled (or hard-swung) song: its off-beat eighths fall near the triplet, so its drummer's
 * hands play no sixteenths between the eighths (see `drumsFor`). Hip-hop's and R&B's lighter
 * sixteenth swing stays under this.
 */
export const isShuffled = (style: Pick<StylePlan, "swing">): boolean => style.swing >= 0.25;

/**
 * The snare, rim and clap play no sixteenths between the eighths. A drummer shuffles a groove by
 * playing its hats in swung eighths, but a groove built on sixteenth snares (the train beat)
 * would lose itself.
 */
const backbeatInEighths = (g: Groove): boolean =>
  [g.verse, g.chorus].every((lanes) =>
    (["snare", "rim", "clap"] as const).every(
      (drum) => ![...(lanes[drum] ?? "")].some((ch, step) => step % 2 === 1 && ch !== "-"),
    ),
  );

/**
 * The swing `groove` is played with when the band would swing by `swing`. 12-step grooves are
 * written in triplets already, and a groove built on sixteenth snares or rims (the train beat,
 * the bossa) plays straight: shuffled, its hands would drop those notes (see `drumsFor`).
 */
export function swingFor(groove: Groove, swing: number): number {
  if (groove.steps === 12) return 0;
  if (isShuffled({ swing }) && !backbeatInEighths(groove)) return 0;
  return swing;
}

/**
 * How late the song's off-beats fall (a fraction of the swing unit; see performance.ts). The
 * seed chooses the feel the way a band would, so two seeds of one request groove differently:
 * some rock, pop and country songs shuffle (off-beat eighths near the triplet), and jazz swings
 * lightly or not at all. 12-step grooves are written in triplets already.
 */
function songSwing(genre: Genre, groove: Groove, written: number, rng: Rng): number {
  if (groove.steps === 12) return 0;
  // Jazz's 16-step groove is the bossa: a hard swing would cost it its sixteenth rims, so it
  // plays straight or lightly swung.
  if (genre === "Jazz")
    return swingFor(groove, rng.chance(0.5) ? rng.range(0.16, 0.2) : rng.range(0.3, 0.33));
  if (backbeatInEighths(groove) && rng.chance(SHUFFLE_CHANCE[genre] ?? 0))
    return rng.range(0.3, 0.33);
  return written;
}

export function planStyle(request: CompositionRequest, rng: Rng): StylePlan {
  const description = (request.description ?? "").trim();
  const image =
    request.creationMode === "image" && request.image ? describeImage(request.image) : null;
  let mood: Mood;
  let moodSource: InferenceSource = "request";
  if (request.mood) mood = request.mood;
  else if (image) {
    mood = image.mood;
    moodSource = "image";
  } else {
    const fromDesc = description ? moodFromText(description) : null;
    if (fromDesc) {
      mood = fromDesc;
      moodSource = "description";
    } else if (request.lyrics && request.lyrics.trim()) {
      mood = moodFromLyrics(request.lyrics);
      moodSource = "lyrics";
    } else if (description) {
      mood = moodFromLyrics(description);
      moodSource = "description";
    } else {
      mood = "Chill";
      moodSource = "default";
    }
  }
  let genre: Genre;
  let genreSource: InferenceSource = "request";
  if (request.genre) genre = request.genre;
  else {
    const fromDesc = description ? genreFromText(description) : null;
    const fromLyrics = !fromDesc && request.lyrics ? genreFromText(request.lyrics) : null;
    if (fromDesc) {
      genre = fromDesc;
      genreSource = "description";
    } else if (fromLyrics) {
      genre = fromLyrics;
      genreSource = "lyrics";
    } else if (image && image.genreHints[0]) {
      genre = image.genreHints[0];
      genreSource = "image";
    } else {
      genre = defaultGenreFor(mood);
      genreSource = "default";
    }
  }
  const mp = MOOD_PROFILES[mood];
  const gp = GENRE_PROFILES[genre];
  const steering = steeringFrom(`${description} ${image ? image.imagery.join(" ") : ""}`);
  const energy = clamp(mp.energy + steering.energy, 0, 1);
  let brightness = clamp(mp.brightness + gp.brightness + steering.brightness, 0.05, 0.98);
  if (image) brightness = clamp((brightness + image.brightness) / 2, 0.05, 0.98);
  const reverb = clamp(mp.reverb + gp.reverb + steering.reverb, 0.05, 0.9);

  const palette = rng.fork("palette").pick(PALETTES[genre]);
  const grooves = GROOVES[genre];
  // Calm moods lean to the sparser grooves (the later ones are busier or half-time).
  const groove = rng.fork("groove").pick(grooves);
  const bassStyle = rng.fork("bass").pick(BASS_STYLES[genre]);
  const comp = rng.fork("comp").pick(COMP_STYLES[genre]);
  const feelRng = rng.fork("feel");
  const swing = songSwing(
    genre,
    groove,
    clamp(gp.swing + (gp.swing > 0 ? feelRng.range(-0.05, 0.06) : 0), 0, 0.33),
    rng.fork("shuffle"),
  );
  const feel = FEEL[genre];
  return {
    mood,
    genre,
    moodSource,
    genreSource,
    description,
    image,
    steering,
    energy,
    brightness,
    reverb,
    palette,
    groove,
    bassStyle,
    comp,
    swing: Math.round(swing * 1000) / 1000,
    timingMs: Math.round(feel.timingMs * feelRng.range(0.8, 1.2) * 10) / 10,
    velocitySd: feel.velocity,
  };
}
