/** Phase 2 — key and tempo: a mode both the mood and the genre allow, a tonic, a tempo in range. */
import type { Rng } from "../prng";
import { GENRE_PROFILES, MOOD_PROFILES } from "../profiles";
import type { Genre } from "../profiles";
import { modeQuality, noteName } from "../theory";
import type { ModeName, NoteName } from "../theory";
import type { StylePlan } from "./style";

export interface KeyTempo {
  tonicPc: number;
  mode: ModeName;
  quality: "major" | "minor";
  key: {
    tonic: NoteName;
    tonicPc: number;
    mode: ModeName;
    quality: "major" | "minor";
    name: string;
  };
  /** Tempo before it is fitted to whole bars (the form phase fits it). */
  tempo: number;
}

const clamp = (x: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, x));

/** Tonics players of a genre like (open strings for guitars, flat keys for horns). */
const PREFERRED_TONICS: Partial<Record<Genre, number[]>> = {
  Metal: [4, 2, 1, 9, 7],
  Country: [7, 2, 9, 4, 0],
  Jazz: [5, 10, 3, 0, 7, 8],
  Rock: [4, 9, 2, 7, 0],
};

export function planKeyTempo(style: StylePlan, explicitMood: boolean, rng: Rng): KeyTempo {
  const mp = MOOD_PROFILES[style.mood];
  const gp = GENRE_PROFILES[style.genre];
  const keyRng = rng.fork("key");
  const genreModes = gp.modes as readonly ModeName[];
  let candidates: ModeName[] = mp.modes.filter(
    (m) => genreModes.length === 0 || genreModes.includes(m),
  );
  if (candidates.length === 0) {
    const q = modeQuality(mp.modes[0] ?? "ionian");
    const same = genreModes.filter((m) => modeQuality(m) === q);
    candidates = same.length > 0 ? same : [...genreModes];
  }
  const steering = style.steering;
  const wantQuality: "major" | "minor" | null = style.image
    ? style.image.mode
    : steering.minor > 0.25
      ? "minor"
      : steering.minor < -0.25
        ? "major"
        : null;
  if (wantQuality && !explicitMood) {
    const filtered = candidates.filter((m) => modeQuality(m) === wantQuality);
    if (filtered.length > 0) candidates = filtered;
  }
  const mode = keyRng.weighted(
    candidates,
    candidates.map((_, i) => [5, 2, 1][i] ?? 1),
  );
  const tonicPc = keyRng.pick(
    PREFERRED_TONICS[style.genre] ?? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
  );
  const quality = modeQuality(mode);

  const tRng = rng.fork("tempo");
  let lo = Math.max(mp.tempo[0], gp.tempo[0]);
  let hi = Math.min(mp.tempo[1], gp.tempo[1]);
  if (lo > hi) {
    const centre = (mp.tempo[0] + mp.tempo[1] + gp.tempo[0] + gp.tempo[1]) / 4;
    lo = centre - 5;
    hi = centre + 5;
  }
  let tempo = tRng.range(lo, hi) + steering.tempo;
  if (style.image) tempo = clamp((tempo + style.image.tempo) / 2, lo - 8, hi + 8);
  tempo = clamp(tempo, 56, 184);
  const name = `${noteName(tonicPc)} ${mode === "ionian" ? "major" : mode === "aeolian" ? "minor" : mode}`;
  return {
    tonicPc,
    mode,
    quality,
    key: { tonic: noteName(tonicPc), tonicPc, mode, quality, name },
    tempo,
  };
}
