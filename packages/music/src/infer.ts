/** Deterministic inference of mood, genre and arrangement nudges from words. */
import { DEFAULT_GENRE_FOR_MOOD, GENRE_PROFILES, MOOD_PROFILES, MOODS, GENRES } from "./profiles";
import type { Genre, Mood } from "./profiles";
import { lyricSentiment } from "./lyrics";

export interface KeywordEffect {
  /** BPM added. */
  tempo?: number;
  brightness?: number;
  reverb?: number;
  energy?: number;
  /** >0 pushes towards minor modes, <0 towards major. */
  minor?: number;
}

/** Description keywords that steer the arrangement, independent of mood and genre. */
export const KEYWORD_EFFECTS: Record<string, KeywordEffect> = {
  ocean: { tempo: -6, reverb: 0.25, brightness: -0.05 },
  sea: { tempo: -6, reverb: 0.25, brightness: -0.05 },
  waves: { tempo: -4, reverb: 0.2 },
  night: { brightness: -0.15, reverb: 0.1, minor: 0.3 },
  midnight: { brightness: -0.2, reverb: 0.1, minor: 0.4 },
  dark: { brightness: -0.2, minor: 0.5 },
  party: { tempo: 8, energy: 0.2, brightness: 0.1 },
  club: { tempo: 6, energy: 0.15 },
  dance: { tempo: 6, energy: 0.15 },
  rain: { tempo: -8, brightness: -0.15, reverb: 0.15, minor: 0.4 },
  storm: { energy: 0.2, minor: 0.3 },
  sun: { brightness: 0.15, minor: -0.4 },
  sunny: { brightness: 0.15, minor: -0.4 },
  summer: { brightness: 0.15, minor: -0.4, tempo: 4 },
  morning: { brightness: 0.1, minor: -0.2 },
  space: { reverb: 0.25, brightness: -0.05 },
  stars: { reverb: 0.2 },
  dream: { reverb: 0.2, tempo: -4 },
  fire: { energy: 0.15, brightness: 0.05 },
  slow: { tempo: -10, energy: -0.1 },
  calm: { tempo: -8, energy: -0.15 },
  fast: { tempo: 10, energy: 0.1 },
  run: { tempo: 8, energy: 0.1 },
  winter: { brightness: -0.1, minor: 0.2, reverb: 0.1 },
  snow: { brightness: 0.05, reverb: 0.15, tempo: -4 },
  church: { reverb: 0.3 },
  cave: { reverb: 0.35, brightness: -0.1 },
};

export interface Steering {
  keywords: string[];
  tempo: number;
  brightness: number;
  reverb: number;
  energy: number;
  minor: number;
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z&'-]+/)
    .filter(Boolean);
}

function hasPhrase(text: string, phrase: string): boolean {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^a-z])${escaped}([^a-z]|$)`, "i").test(text);
}

export function steeringFrom(text: string): Steering {
  const st: Steering = { keywords: [], tempo: 0, brightness: 0, reverb: 0, energy: 0, minor: 0 };
  const seen = new Set(words(text));
  for (const [k, e] of Object.entries(KEYWORD_EFFECTS)) {
    if (!seen.has(k)) continue;
    st.keywords.push(k);
    st.tempo += e.tempo ?? 0;
    st.brightness += e.brightness ?? 0;
    st.reverb += e.reverb ?? 0;
    st.energy += e.energy ?? 0;
    st.minor += e.minor ?? 0;
  }
  st.tempo = Math.max(-16, Math.min(16, st.tempo));
  return st;
}

/** Mood named or implied by text keywords, or null. Ties resolve in MOODS order. */
export function moodFromText(text: string): Mood | null {
  let best: Mood | null = null;
  let bestScore = 0;
  for (const mood of MOODS) {
    if (hasPhrase(text, mood)) return mood;
    let score = 0;
    for (const k of MOOD_PROFILES[mood].keywords) if (hasPhrase(text, k)) score++;
    if (score > bestScore) {
      best = mood;
      bestScore = score;
    }
  }
  return best;
}

export function genreFromText(text: string): Genre | null {
  let best: Genre | null = null;
  let bestScore = 0;
  for (const genre of GENRES) {
    if (hasPhrase(text, genre)) return genre;
    let score = 0;
    for (const k of GENRE_PROFILES[genre].keywords) if (hasPhrase(text, k)) score++;
    if (score > bestScore) {
      best = genre;
      bestScore = score;
    }
  }
  return best;
}

/** Mood from lyric sentiment when no keyword decides. */
export function moodFromLyrics(text: string): Mood {
  const byWords = moodFromText(text);
  if (byWords) return byWords;
  const { valence, energy } = lyricSentiment(text);
  if (energy > 0.6) return valence >= 0 ? "Hype" : "Confident";
  if (valence <= -0.3) return "Melancholic";
  if (valence >= 0.5) return energy > 0.3 ? "Happy" : "Romantic";
  if (valence > 0) return "Chill";
  return "Dreamy";
}

export function defaultGenreFor(mood: Mood): Genre {
  return DEFAULT_GENRE_FOR_MOOD[mood];
}
