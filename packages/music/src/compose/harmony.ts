/**
 * Phase 4 — harmony: a progression per section kind (the seed picks from the mode's pool), one
 * chord per bar (two in a pre-chorus's last bar, pushing into the chorus), cadences that land
 * choruses and the song on the tonic. All chords are diatonic, so the key stays clear.
 */
import type { Rng } from "../prng";
import { GENRE_PROFILES } from "../profiles";
import type { Genre } from "../profiles";
import { MODES, diatonicChord } from "../theory";
import type { ChordInfo, ModeName } from "../theory";
import type { ChordEvent, SongSectionKind } from "../types";
import type { PlannedSection } from "./form";

type Progression = readonly number[];
interface Pool {
  verse: Progression[];
  chorus: Progression[];
  bridge: Progression[];
  pre: Progression[];
}

const POOLS: Record<ModeName, Pool> = {
  ionian: {
    verse: [
      [0, 5, 3, 4],
      [0, 3, 0, 4],
      [0, 4, 5, 3],
      [0, 3, 4, 4],
      [5, 3, 0, 4],
      [0, 2, 3, 4],
    ],
    chorus: [
      [0, 4, 5, 3],
      [0, 3, 5, 4],
      [3, 4, 0, 0],
      [0, 5, 3, 4],
      [3, 0, 4, 5],
    ],
    bridge: [
      [3, 4, 5, 4],
      [5, 3, 4, 4],
      [1, 4, 0, 0],
      [5, 2, 3, 4],
    ],
    pre: [
      [3, 4],
      [1, 4],
      [5, 3, 4, 4],
      [3, 3, 4, 4],
    ],
  },
  mixolydian: {
    verse: [
      [0, 6, 3, 0],
      [0, 3, 6, 0],
      [0, 6, 0, 3],
      [0, 4, 6, 3],
    ],
    chorus: [
      [0, 6, 3, 3],
      [3, 6, 0, 0],
      [0, 3, 6, 0],
      [6, 3, 0, 0],
    ],
    bridge: [
      [3, 6, 4, 0],
      [5, 6, 0, 0],
      [1, 3, 6, 6],
    ],
    pre: [
      [3, 6],
      [6, 3, 6, 6],
      [4, 6],
    ],
  },
  lydian: {
    verse: [
      [0, 1, 0, 1],
      [0, 1, 4, 0],
      [0, 1, 5, 1],
      [0, 4, 1, 0],
    ],
    chorus: [
      [0, 1, 4, 0],
      [0, 5, 1, 0],
      [0, 1, 2, 1],
      [4, 1, 0, 0],
    ],
    bridge: [
      [5, 1, 4, 4],
      [2, 1, 0, 0],
      [5, 4, 1, 1],
    ],
    pre: [
      [1, 4],
      [5, 1],
      [2, 1, 1, 1],
    ],
  },
  aeolian: {
    verse: [
      [0, 5, 2, 6],
      [0, 3, 0, 6],
      [0, 6, 5, 6],
      [0, 3, 6, 0],
      [0, 5, 3, 6],
      [0, 2, 5, 6],
    ],
    chorus: [
      [0, 5, 2, 6],
      [0, 3, 5, 6],
      [5, 6, 0, 0],
      [0, 6, 5, 4],
      [5, 2, 6, 0],
    ],
    bridge: [
      [5, 6, 0, 0],
      [3, 4, 5, 6],
      [2, 6, 3, 4],
      [3, 5, 6, 6],
    ],
    pre: [
      [5, 6],
      [3, 6],
      [3, 4, 5, 6],
      [5, 5, 6, 6],
    ],
  },
  dorian: {
    verse: [
      [0, 3, 0, 3],
      [0, 1, 0, 3],
      [0, 3, 6, 0],
      [0, 6, 3, 3],
      [0, 4, 3, 0],
    ],
    chorus: [
      [0, 3, 6, 0],
      [0, 6, 3, 0],
      [0, 3, 4, 0],
      [6, 3, 0, 0],
    ],
    bridge: [
      [2, 3, 6, 6],
      [6, 3, 0, 0],
      [1, 4, 3, 3],
    ],
    pre: [
      [3, 6],
      [2, 3],
      [6, 6, 3, 3],
    ],
  },
  phrygian: {
    verse: [
      [0, 1, 0, 6],
      [0, 1, 6, 0],
      [0, 5, 1, 0],
      [0, 6, 5, 1],
    ],
    chorus: [
      [0, 5, 6, 0],
      [0, 1, 5, 6],
      [0, 6, 1, 0],
      [5, 6, 0, 0],
    ],
    bridge: [
      [5, 6, 1, 1],
      [3, 1, 0, 0],
      [5, 1, 6, 6],
    ],
    pre: [
      [1, 6],
      [5, 6],
      [6, 1],
    ],
  },
};

/** Progressions of very short songs: mostly the tonic, with the chord that shows the mode. */
const SHORT: Record<ModeName, Progression> = {
  ionian: [0, 0, 3, 0],
  mixolydian: [0, 0, 6, 0],
  lydian: [0, 0, 1, 0],
  aeolian: [0, 0, 5, 0],
  dorian: [0, 0, 6, 0],
  phrygian: [0, 0, 1, 0],
};

/**
 * A very short song's progression. Dorian's colour is the major IV (it holds the raised sixth;
 * the bVII is aeolian's too), second, so even a three-bar song sounds it — except where guitars
 * play power chords: they leave the tonic's minor third out, and a IV then makes the key sound
 * major.
 */
function shortProgression(mode: ModeName, genre: Genre): Progression {
  return mode === "dorian" && GENRE_PROFILES[genre].comp !== "power8" ? [0, 3, 0, 0] : SHORT[mode];
}

/** The chord each mode uses to approach its tonic at a cadence. */
export const CADENCE_APPROACH: Record<ModeName, number> = {
  ionian: 4,
  mixolydian: 6,
  lydian: 1,
  aeolian: 6,
  dorian: 3,
  phrygian: 1,
};

export interface HarmonyPlan {
  chords: ChordEvent[];
  /** Per section: the progression it uses (degrees), for reports. */
  progressions: number[][];
}

function poolFor(kind: SongSectionKind): keyof Pool {
  switch (kind) {
    case "chorus":
    case "solo":
    case "outro":
    case "intro":
      return "chorus";
    case "bridge":
    case "breakdown":
      return "bridge";
    case "pre-chorus":
      return "pre";
    default:
      return "verse";
  }
}

export function planHarmony(
  sections: PlannedSection[],
  tonicPc: number,
  mode: ModeName,
  genre: Genre,
  rng: Rng,
): HarmonyPlan {
  const pool = POOLS[mode];
  const pick: Record<keyof Pool, Progression> = {
    verse: rng.pick(pool.verse),
    chorus: rng.pick(pool.chorus),
    bridge: rng.pick(pool.bridge),
    pre: rng.pick(pool.pre),
  };
  // Some seeds start the intro on the verse's chords instead of the chorus's.
  const introFromVerse = rng.chance(0.4);
  // The interlude re-harmonizes the verse or takes the bridge's colour.
  const interlude = rng.chance(0.5) ? pick.verse : pick.bridge;
  const style = GENRE_PROFILES[genre].chordStyle;
  const chords: ChordEvent[] = [];
  const progressions: number[][] = [];
  let bar = 0;
  const totalBars = sections.reduce((n, s) => n + s.bars, 0);
  // A song of eight bars or fewer cannot afford to wander: it states its key (tonic, the mode's
  // colour chord, tonic).
  const short = totalBars <= 8;
  sections.forEach((s) => {
    let prog: Progression = short
      ? shortProgression(mode, genre)
      : s.kind === "interlude"
        ? interlude
        : s.kind === "intro" && introFromVerse
          ? pick.verse
          : pick[poolFor(s.kind)];
    const degrees: number[] = [];
    // (A short song runs its progression across section boundaries: bar numbers are global.)
    for (let b = 0; b < s.bars; b++) degrees.push(prog[((short ? bar : 0) + b) % prog.length] ?? 0);
    // Choruses, solos and the outro land on the tonic; a pre-chorus ends on the approach chord.
    if (!short && (s.kind === "chorus" || s.kind === "solo") && s.bars >= 4) cadence(degrees, mode);
    if (!short && s.kind === "pre-chorus" && s.bars >= 2)
      degrees[degrees.length - 1] = CADENCE_APPROACH[mode];
    if (bar + s.bars === totalBars) {
      if (short) degrees[degrees.length - 1] = 0;
      else cadence(degrees, mode);
    }
    // The song opens on its tonic chord; short songs open every section on it, so the key is
    // established before anything else is heard.
    if (bar === 0 || (!short && totalBars <= 16 && s.kind !== "pre-chorus")) degrees[0] = 0;
    progressions.push(degrees);
    degrees.forEach((d, i) => {
      const c = degreeChord(tonicPc, mode, d, style);
      chords.push({
        startBeat: (bar + i) * 4,
        beats: 4,
        symbol: c.symbol,
        degree: c.degree,
        rootPc: c.rootPc,
        quality: c.quality,
        pcs: c.pcs,
      });
    });
    bar += s.bars;
    prog = [];
  });
  return { chords, progressions };
}

/**
 * The chord on a scale degree as the harmony voices it. A major tonic in seventh style is a sixth
 * chord, not a major seventh: Imaj7 holds the iii triad (3-5-7) and, with its root down in the
 * bass, sounds like the mediant minor. Players use I6. Likewise a dorian tonic is a minor sixth
 * chord (its raised sixth is the mode's colour), not a m7, which holds the relative major's triad.
 */
export function degreeChord(
  tonicPc: number,
  mode: ModeName,
  d: number,
  style: "triad" | "seventh" | "power",
): ChordInfo {
  const c = diatonicChord(tonicPc, mode, d, style);
  if (
    style === "seventh" &&
    d === 0 &&
    (c.quality === "maj7" || (c.quality === "min7" && mode === "dorian"))
  ) {
    const sixth = (tonicPc + MODES[mode][5]!) % 12;
    const minor = c.quality === "min7";
    return {
      ...c,
      quality: minor ? "min" : "maj",
      pcs: [c.pcs[0]!, c.pcs[1]!, c.pcs[2]!, sixth],
      symbol: `${c.symbol.replace(/m?maj7$|m7$/, "")}${minor ? "m6" : "6"}`,
    };
  }
  return c;
}

function cadence(degrees: number[], mode: ModeName): void {
  const n = degrees.length;
  if (n === 0) return;
  degrees[n - 1] = 0;
  if (n >= 3 && degrees[n - 2] !== 0) degrees[n - 2] = CADENCE_APPROACH[mode];
}
