/** The deterministic composer: request → Composition (a compact JSON score). */
import { describeImage } from "../image";
import type { ImageAnalysis } from "../image";
import {
  genreFromText,
  defaultGenreFor,
  moodFromLyrics,
  moodFromText,
  steeringFrom,
} from "../infer";
import {
  DEFAULT_STRUCTURE,
  parseLyrics,
  suggestTitle,
  titleFromLyrics,
  writeLyrics,
} from "../lyrics";
import type { LyricSection, LyricSectionKind } from "../lyrics";
import { createRng, hashString } from "../prng";
import type { Rng } from "../prng";
import { GENRE_PROFILES, MOOD_PROFILES } from "../profiles";
import type { Genre, Mood } from "../profiles";
import { lineSyllables } from "../syllables";
import {
  MODES,
  diatonicChord,
  modeQuality,
  noteName,
  placePc,
  scalePitches,
  mod12,
} from "../theory";
import type { ModeName } from "../theory";
import type {
  ChordEvent,
  Engine1Composition as Composition,
  CompositionRequest,
  DrumHit,
  FormSection,
  InferenceSource,
  LyricLine,
  NoteTuple,
  FormSectionKind,
} from "../types";
import { validateRequest } from "../validate";

/** Bumped whenever the same request would give different composition JSON or audio bytes. */
export const ENGINE1_VERSION = "harmoniq-engine-1.1.0";

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const clamp = (x: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, x));

type Progression = readonly number[];
const PROGRESSIONS: Record<
  ModeName,
  { verse: Progression[]; chorus: Progression[]; bridge: Progression[] }
> = {
  ionian: {
    verse: [
      [0, 5, 3, 4],
      [0, 3, 0, 4],
      [0, 4, 5, 3],
      [0, 3, 4, 4],
    ],
    chorus: [
      [0, 4, 5, 3],
      [0, 3, 5, 4],
      [3, 4, 0, 0],
      [0, 5, 3, 4],
    ],
    bridge: [
      [3, 4, 5, 4],
      [5, 3, 4, 4],
      [1, 4, 0, 0],
    ],
  },
  mixolydian: {
    verse: [
      [0, 6, 3, 0],
      [0, 3, 6, 0],
      [0, 6, 0, 3],
    ],
    chorus: [
      [0, 6, 3, 3],
      [3, 6, 0, 0],
      [0, 3, 6, 0],
    ],
    bridge: [
      [3, 6, 4, 0],
      [5, 6, 0, 0],
    ],
  },
  lydian: {
    verse: [
      [0, 1, 0, 1],
      [0, 1, 4, 0],
      [0, 1, 5, 1],
    ],
    chorus: [
      [0, 1, 4, 0],
      [0, 5, 1, 0],
      [0, 1, 2, 1],
    ],
    bridge: [
      [5, 1, 4, 4],
      [2, 1, 0, 0],
    ],
  },
  aeolian: {
    verse: [
      [0, 5, 2, 6],
      [0, 3, 0, 6],
      [0, 6, 5, 6],
      [0, 3, 6, 0],
    ],
    chorus: [
      [0, 5, 2, 6],
      [0, 3, 5, 6],
      [5, 6, 0, 0],
      [0, 6, 5, 4],
    ],
    bridge: [
      [5, 6, 0, 0],
      [3, 4, 5, 6],
      [2, 6, 3, 4],
    ],
  },
  dorian: {
    verse: [
      [0, 3, 0, 3],
      [0, 1, 0, 3],
      [0, 3, 6, 0],
    ],
    chorus: [
      [0, 3, 6, 0],
      [0, 6, 3, 0],
      [0, 3, 4, 0],
    ],
    bridge: [
      [2, 3, 6, 6],
      [6, 3, 0, 0],
    ],
  },
  phrygian: {
    verse: [
      [0, 1, 0, 6],
      [0, 1, 6, 0],
      [0, 5, 1, 0],
    ],
    chorus: [
      [0, 5, 6, 0],
      [0, 1, 5, 6],
      [0, 6, 1, 0],
    ],
    bridge: [
      [5, 6, 1, 1],
      [3, 1, 0, 0],
    ],
  },
};

const SECTION_INTENSITY: Record<FormSectionKind, number> = {
  intro: 0.3,
  verse: 0.6,
  "pre-chorus": 0.75,
  chorus: 1,
  bridge: 0.5,
  solo: 0.85,
  outro: 0.4,
};

/** 16-step patterns: x=loud, o=medium, .=ghost, - = rest. */
interface DrumPattern {
  kick: string;
  snare: string;
  hat: string;
  open?: string;
  clap?: string;
  ride?: string;
  rim?: string;
}
const DRUM_PATTERNS: Record<string, DrumPattern> = {
  pop: {
    kick: "x-----o-x-o-----",
    snare: "----x-------x---",
    hat: "o-o-o-o-o-o-o-o-",
    clap: "------------x---",
  },
  rock: { kick: "x-------x-x-----", snare: "----x-------x---", hat: "x-o-x-o-x-o-x-o-" },
  "boom-bap": {
    kick: "x-----o---x-----",
    snare: "----x-------x---",
    hat: "o-o-o-o-o-o-o-o.",
    open: "--------------o-",
  },
  "jazz-swing": {
    kick: ".-------.-------",
    snare: "------.-------.-",
    hat: "----o-------o---",
    ride: "x---o-o-x---o-o-",
  },
  "four-on-floor": {
    kick: "x---x---x---x---",
    snare: "----------------",
    hat: "..o...o...o...o.",
    open: "--o---o---o---o-",
    clap: "----x-------x---",
  },
  train: { kick: "x-------x-------", snare: ".-o-.-o-.-o-.-o-", hat: "o-o-o-o-o-o-o-o-" },
  rnb: {
    kick: "x------o--x-----",
    snare: "----x-------x---",
    hat: "o-o-o-o.o-o-o-o.",
    rim: "-------.------.-",
  },
  metal: { kick: "xoxoxoxoxoxoxoxo", snare: "----x-------x---", hat: "x-x-x-x-x-x-x-x-" },
  trap: { kick: "x-------x--o----", snare: "--------x-------", hat: "o-o-o-o-o.o.o-o-" },
  none: { kick: "----------------", snare: "----------------", hat: "----------------" },
};

const VEL: Record<string, number> = { x: 112, o: 88, ".": 55 };

interface PlannedSection {
  kind: FormSectionKind;
  label: string;
  bars: number;
  lyricIndex: number | null;
  lines: string[];
  barsPerLine: number;
}

interface Ctx {
  rng: Rng;
  tonicPc: number;
  mode: ModeName;
  chordAtBar: ChordEvent[];
}

export function composeEngine1(request: CompositionRequest): Composition {
  validateRequest(request);
  const seed = request.seed >>> 0;
  const description = (request.description ?? "").trim();
  const root = createRng(
    seed ^ hashString(`${request.creationMode}|${description}|${request.lyrics ?? ""}`),
  );

  // ---- mood, genre, steering ----------------------------------------------------------------
  const image: ImageAnalysis | null =
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

  // ---- key ----------------------------------------------------------------------------------
  const keyRng = root.fork("key");
  let candidates: ModeName[] = mp.modes.filter(
    (m) =>
      (gp.modes as readonly ModeName[]).length === 0 ||
      (gp.modes as readonly ModeName[]).includes(m),
  );
  if (candidates.length === 0) {
    const q = modeQuality(mp.modes[0] ?? "ionian");
    const same = (gp.modes as readonly ModeName[]).filter((m) => modeQuality(m) === q);
    candidates = same.length > 0 ? same : [...(gp.modes as readonly ModeName[])];
  }
  const wantQuality: "major" | "minor" | null = image
    ? image.mode
    : steering.minor > 0.25
      ? "minor"
      : steering.minor < -0.25
        ? "major"
        : null;
  if (wantQuality && !request.mood) {
    const filtered = candidates.filter((m) => modeQuality(m) === wantQuality);
    if (filtered.length > 0) candidates = filtered;
  }
  const mode = keyRng.weighted(
    candidates,
    candidates.map((_, i) => [5, 2, 1][i] ?? 1),
  );
  const preferredTonics: Partial<Record<Genre, number[]>> = {
    Metal: [4, 2, 1, 9],
    Country: [7, 2, 9, 4, 0],
    Jazz: [5, 10, 3, 0, 7],
    Rock: [4, 9, 2, 7, 0],
  };
  const tonicPc = keyRng.pick(preferredTonics[genre] ?? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  const quality = modeQuality(mode);

  // ---- tempo and length ---------------------------------------------------------------------
  const tRng = root.fork("tempo");
  let lo = Math.max(mp.tempo[0], gp.tempo[0]);
  let hi = Math.min(mp.tempo[1], gp.tempo[1]);
  if (lo > hi) {
    const centre = (mp.tempo[0] + mp.tempo[1] + gp.tempo[0] + gp.tempo[1]) / 4;
    lo = centre - 5;
    hi = centre + 5;
  }
  let tempo = tRng.range(lo, hi) + steering.tempo;
  if (image) tempo = clamp((tempo + image.tempo) / 2, lo - 8, hi + 8);
  tempo = clamp(tempo, 50, 190);
  const durationSec = request.durationSec;
  const tailSec = Math.min(2, durationSec * 0.12);
  const playBeats = Math.max(4, Math.round(((durationSec - tailSec) * tempo) / 60));
  tempo = Math.round(((playBeats * 60) / (durationSec - tailSec)) * 100) / 100;
  const bars = Math.max(1, Math.floor(playBeats / 4));
  const extraBeats = playBeats - bars * 4;
  const energy = clamp(mp.energy + steering.energy, 0, 1);
  let brightness = clamp(mp.brightness + gp.brightness + steering.brightness, 0.05, 0.98);
  if (image) brightness = clamp((brightness + image.brightness) / 2, 0.05, 0.98);
  const reverb = clamp(mp.reverb + gp.reverb + steering.reverb, 0.05, 0.9);

  // ---- form and lyrics ----------------------------------------------------------------------
  const introBars = bars >= 24 ? 4 : bars >= 10 ? 2 : bars >= 6 ? 1 : 0;
  const outroBars = bars >= 24 ? 4 : bars >= 10 ? 2 : bars >= 4 ? 1 : 0;
  const avail = bars - introBars - outroBars;
  const preferBpl = tempo < 84 ? 1 : 2;

  let lyricText: string | null = null;
  let lyricSource: "user" | "generated" = "user";
  let lyricSections: LyricSection[] = [];
  let title = request.title?.trim() ?? "";
  const userLyrics =
    request.lyrics && /[A-Za-z0-9\p{L}]/u.test(request.lyrics) ? request.lyrics : null;
  if (userLyrics) {
    lyricText = userLyrics;
    lyricSections = parseLyrics(userLyrics);
    if (!title) title = titleFromLyrics(userLyrics);
  } else if (avail >= 1) {
    const source =
      request.creationMode === "image" && image
        ? `${image.imagery.join(" ")} ${description}`
        : description;
    const lineBudget = Math.floor(avail / preferBpl);
    const structure: { kind: LyricSectionKind; label: string; lines: number }[] = [];
    let left = lineBudget;
    for (const part of DEFAULT_STRUCTURE) {
      if (left <= 0) break;
      const n = Math.min(part.lines, left);
      if (n < 2 && structure.length > 0) break;
      structure.push({ ...part, lines: n });
      left -= n;
    }
    const written = writeLyrics({
      description: source || mood.toLowerCase(),
      mood,
      genre,
      seed,
      structure,
    });
    lyricText = written.text;
    lyricSource = "generated";
    lyricSections = written.sections;
    if (!title) title = written.title;
  }
  if (!title)
    title = suggestTitle({
      description: description || (image ? image.imagery.join(" ") : mood),
      mood,
      seed,
    });

  const planned: PlannedSection[] = [];
  if (introBars > 0)
    planned.push({
      kind: "intro",
      label: "Intro",
      bars: introBars,
      lyricIndex: null,
      lines: [],
      barsPerLine: 0,
    });
  let remaining = avail;
  const totalLines = lyricSections.reduce((n, s) => n + s.lines.length, 0);
  const bpl = totalLines * preferBpl <= avail ? preferBpl : 1;
  let unsung = 0;
  lyricSections.forEach((s, i) => {
    const fit = Math.min(s.lines.length, Math.floor(remaining / bpl));
    unsung += s.lines.length - Math.max(0, fit);
    if (fit <= 0) return;
    planned.push({
      kind: s.kind,
      label: s.label,
      bars: fit * bpl,
      lyricIndex: i,
      lines: s.lines.slice(0, fit),
      barsPerLine: bpl,
    });
    remaining -= fit * bpl;
  });
  let soloCount = 0;
  while (remaining >= 4) {
    const n = Math.min(8, remaining);
    soloCount++;
    planned.push({
      kind: "solo",
      label: soloCount === 1 ? "Instrumental" : `Instrumental ${soloCount}`,
      bars: n,
      lyricIndex: null,
      lines: [],
      barsPerLine: 0,
    });
    remaining -= n;
  }
  if (outroBars + remaining > 0) {
    planned.push({
      kind: "outro",
      label: "Outro",
      bars: outroBars + remaining,
      lyricIndex: null,
      lines: [],
      barsPerLine: 0,
    });
  } else if (planned.length === 0) {
    planned.push({
      kind: "solo",
      label: "Instrumental",
      bars,
      lyricIndex: null,
      lines: [],
      barsPerLine: 0,
    });
  }

  const form: FormSection[] = [];
  let barCursor = 0;
  for (const p of planned) {
    form.push({
      kind: p.kind,
      label: p.label,
      startBar: barCursor,
      bars: p.bars,
      intensity: SECTION_INTENSITY[p.kind],
    });
    barCursor += p.bars;
  }

  // ---- harmony ------------------------------------------------------------------------------
  const hRng = root.fork("harmony");
  const progs = PROGRESSIONS[mode];
  const verseProg = hRng.pick(progs.verse);
  const chorusProg = hRng.pick(progs.chorus);
  const bridgeProg = hRng.pick(progs.bridge);
  const chordStyle = gp.chordStyle;
  const degrees: number[] = [];
  for (const s of form) {
    const prog =
      s.kind === "chorus" || s.kind === "solo"
        ? chorusProg
        : s.kind === "bridge"
          ? bridgeProg
          : verseProg;
    for (let b = 0; b < s.bars; b++) degrees.push(prog[b % prog.length] ?? 0);
    // Choruses and instrumentals of 4+ bars close with the mode's cadence onto the tonic, so each
    // section lands "home" instead of hanging on whatever chord the loop happened to reach.
    if ((s.kind === "chorus" || s.kind === "solo") && s.bars >= 4)
      cadence(degrees, s.startBar, s.startBar + s.bars, mode);
    if (s.kind === "outro") degrees[s.startBar + s.bars - 1] = 0;
  }
  // The song always ends with its cadence and the tonic chord.
  cadence(degrees, 0, bars, mode);
  const chordAtBar: ChordEvent[] = [];
  for (const s of form) {
    for (let b = 0; b < s.bars; b++) {
      const bar = s.startBar + b;
      const isLast = bar === bars - 1;
      const c = diatonicChord(tonicPc, mode, degrees[bar] ?? 0, chordStyle);
      chordAtBar.push({
        startBeat: bar * 4,
        beats: isLast ? 4 + extraBeats : 4,
        symbol: c.symbol,
        degree: c.degree,
        rootPc: c.rootPc,
        pcs: c.pcs,
        quality: c.quality,
      });
    }
  }
  const ctx: Ctx = { rng: root.fork("melody"), tonicPc, mode, chordAtBar };

  // ---- melody + lyric alignment -------------------------------------------------------------
  const melody: NoteTuple[] = [];
  const lines: LyricLine[] = [];
  const center = placePc(tonicPc, 57 + gp.register);
  const scale = scalePitches(tonicPc, mode, center - 7, center + 16);
  const baseVel = Math.round(72 + energy * 30);
  const phraseCache = new Map<string, { rel: number[]; notes: NoteTuple[] }>();
  for (let si = 0; si < planned.length; si++) {
    const p = planned[si] as PlannedSection;
    const fs = form[si] as FormSection;
    const startBeat = fs.startBar * 4;
    if (p.lyricIndex !== null) {
      for (let li = 0; li < p.lines.length; li++) {
        const text = p.lines[li] ?? "";
        const syl = lineSyllables(text);
        const lineStart = startBeat + li * p.barsPerLine * 4;
        const slot = p.barsPerLine * 4;
        const firstIndex = melody.length;
        const cacheKey = `${p.kind}|${p.barsPerLine}|${text.toLowerCase()}`;
        const cached = phraseCache.get(cacheKey);
        if (syl.length > 0) {
          if (cached) {
            for (const n of cached.notes) melody.push([round3(n[0] + lineStart), n[1], n[2], n[3]]);
          } else {
            const endOnTonic =
              (p.kind === "chorus" || p.kind === "verse") && li === p.lines.length - 1;
            const notes = makePhrase(ctx, scale, lineStart, slot, syl.length, {
              lift: p.kind === "chorus" ? 3 : p.kind === "bridge" ? 2 : 0,
              endOnTonic,
              vel: baseVel + (p.kind === "chorus" ? 8 : 0),
              vocal: true,
            });
            phraseCache.set(cacheKey, {
              rel: [],
              notes: notes.map((n) => [round3(n[0] - lineStart), n[1], n[2], n[3]] as NoteTuple),
            });
            melody.push(...notes);
          }
        }
        lines.push({
          section: p.lyricIndex,
          text,
          startBeat: lineStart,
          syllables: syl,
          notes: syl.map((_, k) => firstIndex + k),
        });
      }
    } else {
      // Instrumental melody: sparse in intro/outro, busier in solos.
      const sparse = p.kind === "intro" || p.kind === "outro";
      for (let b = 0; b < p.bars; b += 2) {
        const span = Math.min(2, p.bars - b);
        const beats = span * 4 + (fs.startBar + b + span === bars ? extraBeats : 0);
        const n = sparse ? ctx.rng.int(2, 3) * span : ctx.rng.int(5, 7) * span;
        const isEnd = fs.startBar + b + span === bars;
        const notes = makePhrase(ctx, scale, startBeat + b * 4, beats, n, {
          lift: p.kind === "solo" ? 2 : 0,
          endOnTonic: isEnd,
          vel: baseVel - (sparse ? 14 : 0),
          vocal: false,
        });
        melody.push(...notes);
      }
    }
  }

  // ---- accompaniment ------------------------------------------------------------------------
  const chordsTrack = makeComp(
    root.fork("comp"),
    gp.comp,
    chordAtBar,
    form,
    energy,
    tonicPc,
    mode,
    genre,
  );
  const bassTrack = makeBass(
    root.fork("bass"),
    gp.bassStyle,
    gp.bass,
    chordAtBar,
    form,
    energy,
    tonicPc,
    mode,
    gp.drums,
  );
  const drums = makeDrums(root.fork("drums"), gp.drums, form, energy, bars, extraBeats);

  // ---- swing --------------------------------------------------------------------------------
  const swing = gp.swing;
  const sw = (beat: number): number => {
    if (swing <= 0) return beat;
    const frac = beat - Math.floor(beat);
    if (Math.abs(frac - 0.5) < 1e-6) return round3(beat + swing * 0.5);
    if (Math.abs(frac - 0.75) < 1e-6) return round3(beat + swing * 0.25);
    return beat;
  };
  const swingNotes = (ns: NoteTuple[]): NoteTuple[] => ns.map((n) => [sw(n[0]), n[1], n[2], n[3]]);
  const swungDrums: DrumHit[] = drums.map((d) => [sw(d[0]), d[1], d[2]]);

  const lyrics: Composition["lyrics"] =
    lyricText === null
      ? null
      : {
          text: lyricText,
          source: lyricSource,
          sections: lyricSections.map((s) => ({ kind: s.kind, label: s.label, lines: s.lines })),
          lines,
          unsungLines: unsung,
        };

  return {
    engineVersion: ENGINE1_VERSION,
    seed,
    creationMode: request.creationMode,
    title,
    mood,
    genre,
    inferred: {
      mood: moodSource,
      genre: genreSource,
      keywords: steering.keywords,
      image: image ? (({ features: _f, ...rest }) => rest)(image) : null,
    },
    tempo,
    timeSignature: [4, 4],
    key: {
      tonic: noteName(tonicPc),
      tonicPc,
      mode,
      quality,
      name: `${noteName(tonicPc)} ${mode === "ionian" ? "major" : mode === "aeolian" ? "minor" : mode}`,
    },
    durationSec,
    totalBeats: playBeats,
    swing,
    arrangement: {
      lead: gp.lead,
      chords: gp.chords,
      bass: gp.bass,
      kit: gp.kit,
      drumPattern: gp.drums,
      bassStyle: gp.bassStyle,
      comp: gp.comp,
      brightness: round3(brightness),
      reverb: round3(reverb),
      energy: round3(energy),
      sidechain: gp.sidechain,
    },
    form,
    chords: chordAtBar,
    tracks: {
      melody: swingNotes(melody),
      chords: swingNotes(chordsTrack),
      bass: swingNotes(bassTrack),
      drums: swungDrums,
    },
    lyrics,
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * The chord (scale degree, 0-based) each mode uses to approach its tonic at a cadence: V–I in major,
 * the modes' own cadences elsewhere — bVII–i (aeolian), IV–i with dorian's major IV, bVII–I
 * (mixolydian), II–I with lydian's raised fourth, bII–i (phrygian).
 */
const CADENCE_APPROACH: Record<ModeName, number> = {
  ionian: 4,
  mixolydian: 6,
  lydian: 1,
  aeolian: 6,
  dorian: 3,
  phrygian: 1,
};

/**
 * End the bars before `endBar` on a cadence: the last bar becomes the tonic and, when the bar before
 * it is neither the tonic nor the section's first bar, the mode's approach chord.
 */
function cadence(degrees: number[], firstBar: number, endBar: number, mode: ModeName): void {
  if (endBar - 1 < firstBar) return;
  degrees[endBar - 1] = 0;
  const before = endBar - 2;
  if (before > firstBar && degrees[before] !== 0) degrees[before] = CADENCE_APPROACH[mode];
}

function chordAt(ctx: Ctx, beat: number): ChordEvent {
  const bar = Math.min(ctx.chordAtBar.length - 1, Math.max(0, Math.floor(beat / 4)));
  return ctx.chordAtBar[bar] as ChordEvent;
}

/** Durations (in beats) for n syllables inside `slot` beats, leaving a breath at the end. */
function rhythm(rng: Rng, slot: number, n: number, vocal: boolean): number[] {
  const breath = vocal ? (slot >= 8 ? 1.5 : 0.5) : 0;
  const avail = slot - breath;
  let grid = 0.5;
  if (n * grid > avail) grid = 0.25;
  if (n * grid > avail) {
    const d = round3(avail / n);
    return new Array<number>(n).fill(d);
  }
  const units = Math.round(avail / grid);
  const durs = new Array<number>(n).fill(1);
  let extra = units - n;
  // Long last note, then lengthen random notes (prefer ones that start on a beat).
  const lastExtra = Math.min(extra, Math.round((vocal ? 2 : 1.5) / grid));
  durs[n - 1] = (durs[n - 1] ?? 1) + lastExtra;
  extra -= lastExtra;
  let guard = 0;
  while (extra > 0 && guard++ < 1000) {
    const i = rng.int(0, n - 1);
    durs[i] = (durs[i] ?? 1) + 1;
    extra--;
  }
  return durs.map((u) => u * grid);
}

function makePhrase(
  ctx: Ctx,
  scale: number[],
  start: number,
  slot: number,
  n: number,
  opt: { lift: number; endOnTonic: boolean; vel: number; vocal: boolean },
): NoteTuple[] {
  const rng = ctx.rng;
  const durs = rhythm(rng, slot, n, opt.vocal);
  const tonicIdx = scale.findIndex((p) => mod12(p) === ctx.tonicPc);
  const base = Math.max(0, tonicIdx < 0 ? Math.floor(scale.length / 3) : tonicIdx);
  let cur = clamp(base + opt.lift + rng.int(-1, 2), 0, scale.length - 1);
  const arc = rng.int(2, 4) * (rng.chance(0.25) ? -1 : 1);
  const out: NoteTuple[] = [];
  let t = start;
  for (let j = 0; j < n; j++) {
    const d = durs[j] ?? 0.5;
    const chord = chordAt(ctx, t);
    const strong = Math.abs(t - Math.round(t)) < 1e-6;
    const isLast = j === n - 1;
    const target = base + opt.lift + arc * Math.sin((Math.PI * j) / Math.max(1, n - 1));
    let best = cur;
    let bestScore = -Infinity;
    for (let k = Math.max(0, cur - 3); k <= Math.min(scale.length - 1, cur + 3); k++) {
      const pc = mod12(scale[k] ?? 60);
      const chordTone = chord.pcs.includes(pc);
      let score = -Math.abs(k - target) * 0.6 - Math.abs(k - cur) * 0.45 + rng.next() * 1.2;
      if (chordTone) score += strong ? 2 : 0.5;
      if (k === cur) score -= 1.3;
      if (isLast) score += opt.endOnTonic ? (pc === ctx.tonicPc ? 6 : 0) : chordTone ? 3 : 0;
      if (score > bestScore) {
        bestScore = score;
        best = k;
      }
    }
    cur = best;
    const accent = strong ? 8 : 0;
    const vel = clamp(Math.round(opt.vel + accent + rng.int(-5, 5)), 30, 127);
    out.push([
      round3(t),
      round3(Math.max(0.2, d * (opt.vocal ? 0.92 : 0.85))),
      scale[cur] ?? 60,
      vel,
    ]);
    t += d;
  }
  return out;
}

/** Root-position voicing: the root at or above `lo`, the other tones stacked above it. */
function voicing(pcs: number[], lo: number): number[] {
  const root = placePc(pcs[0] ?? 0, lo);
  return [root, ...pcs.slice(1).map((pc) => placePc(pc, root + 1))].sort((a, b) => a - b);
}

function sectionOf(form: FormSection[], bar: number): FormSection {
  for (const s of form) if (bar >= s.startBar && bar < s.startBar + s.bars) return s;
  return form[form.length - 1] as FormSection;
}

function makeComp(
  rng: Rng,
  style: string,
  chords: ChordEvent[],
  form: FormSection[],
  energy: number,
  tonicPc: number,
  _mode: ModeName,
  genre: Genre,
): NoteTuple[] {
  const out: NoteTuple[] = [];
  const vBase = Math.round(58 + energy * 22);
  const stabRhythms = [
    [0, 1.5, 3],
    [0, 0.75, 2.5],
    [0, 2, 2.75],
  ];
  const compRhythms = [
    [0, 1.5, 2.5],
    [0.5, 2, 3.5],
    [0, 2.5],
  ];
  const stab = rng.pick(stabRhythms);
  const comp = rng.pick(compRhythms);
  chords.forEach((c, bar) => {
    const s = sectionOf(form, bar);
    const v = clamp(Math.round(vBase * (0.75 + 0.3 * s.intensity)), 20, 120);
    const len = c.beats;
    const t0 = c.startBeat;
    const quiet = s.kind === "intro" || s.kind === "outro";
    const st = quiet && style !== "arp" && style !== "pad" ? "pad" : style;
    switch (st) {
      case "pad": {
        for (const p of voicing(c.pcs, 53)) out.push([t0, len, p, v - 6]);
        break;
      }
      case "block": {
        const vs = voicing(c.pcs, 53);
        for (const p of vs) out.push([t0, 1.9, p, v]);
        for (const p of vs) out.push([t0 + 2, len - 2.1, p, v - 8]);
        break;
      }
      case "stabs": {
        const vs = voicing(c.pcs, 55);
        for (const at of stab) if (at < len) for (const p of vs) out.push([t0 + at, 0.6, p, v]);
        break;
      }
      case "comp": {
        const vs = voicing(c.pcs, 53);
        for (const at of comp) if (at < len) for (const p of vs) out.push([t0 + at, 1.2, p, v - 4]);
        break;
      }
      case "strum": {
        const vs = voicing(c.pcs, 52);
        const hits = [0, 1, 1.5, 2, 3, 3.5];
        for (const at of hits) {
          if (at >= len) continue;
          vs.forEach((p, i) =>
            out.push([
              round3(t0 + at + i * 0.012),
              at % 1 === 0 ? 0.9 : 0.45,
              p,
              v - (at % 1 === 0 ? 0 : 12),
            ]),
          );
        }
        break;
      }
      case "power8": {
        const rootP = placePc(c.rootPc, 40);
        const fifthPc = c.quality === "power" ? c.pcs[1] : c.pcs[2];
        const vs = [rootP, placePc(fifthPc ?? c.rootPc + 7, rootP + 1), rootP + 12];
        // Metal riffs chug the low tonic between chord hits (a pedal point); rock plays straight eighths.
        const pedal = genre === "Metal" ? placePc(tonicPc, 40) : null;
        const steps = Math.floor(len * 2);
        for (let i = 0; i < steps; i++) {
          if (pedal !== null && i % 2 === 1) out.push([t0 + i * 0.5, 0.4, pedal, v - 6]);
          else for (const p of vs) out.push([t0 + i * 0.5, 0.45, p, v - (i % 2 ? 10 : 0)]);
        }
        break;
      }
      case "arp": {
        const tones = voicing(c.pcs, 48);
        const seq = [...tones, ...tones.map((p) => p + 12)];
        const up = [...seq, ...seq.slice(1, -1).reverse()];
        const steps = Math.floor(len * 2);
        for (let i = 0; i < steps; i++)
          out.push([t0 + i * 0.5, 0.9, up[i % up.length] ?? 60, v - (i % 2 ? 10 : 0)]);
        // Sustained strings underneath.
        for (const p of voicing(c.pcs, 55)) out.push([t0, len, p, v - 20]);
        break;
      }
      default:
        for (const p of voicing(c.pcs, 53)) out.push([t0, len, p, v]);
    }
  });
  return out.map((n) => [round3(n[0]), round3(n[1]), n[2], n[3]]);
}

function makeBass(
  rng: Rng,
  style: string,
  instrument: string,
  chords: ChordEvent[],
  form: FormSection[],
  energy: number,
  tonicPc: number,
  mode: ModeName,
  drumPattern: string,
): NoteTuple[] {
  const out: NoteTuple[] = [];
  const lo = instrument === "bass-808" || instrument === "bass-sub" ? 28 : 31;
  const v = Math.round(84 + energy * 24);
  const scaleSet = new Set(MODES[mode].map((s) => mod12(tonicPc + s)));
  chords.forEach((c, bar) => {
    const s = sectionOf(form, bar);
    const r = placePc(c.rootPc, lo);
    const fifth = placePc(c.pcs[c.pcs.length > 2 ? 2 : 1] ?? c.rootPc + 7, r);
    const t0 = c.startBeat;
    const len = c.beats;
    const next = chords[bar + 1];
    if (s.kind === "intro" && s.intensity < 0.35 && style !== "sustain") {
      out.push([t0, len, r, v - 20]);
      return;
    }
    // The final bar: one held tonic under the closing chord, whatever the groove was.
    if (bar === chords.length - 1) {
      out.push([t0, Math.max(0.5, len - 0.05), r, v]);
      return;
    }
    switch (style) {
      case "root8":
        for (let i = 0; i < Math.floor(len * 2); i++)
          out.push([t0 + i * 0.5, 0.45, r, v - (i % 2 ? 12 : 0)]);
        break;
      case "gallop":
        for (let b = 0; b < Math.floor(len); b++) {
          out.push([t0 + b, 0.45, r, v]);
          out.push([t0 + b + 0.5, 0.22, r, v - 10]);
          out.push([t0 + b + 0.75, 0.22, r, v - 10]);
        }
        break;
      case "walking": {
        const third = placePc(c.pcs[1] ?? c.rootPc + 4, r);
        const target = next ? placePc(next.rootPc, lo) : r;
        let approach = target - 1;
        if (!scaleSet.has(mod12(approach))) approach = target + 1;
        const line = [
          r,
          rng.chance(0.5) ? third : fifth,
          rng.chance(0.5) ? fifth : third + 12 > 50 ? third : third + 12,
          approach,
        ];
        line.forEach((p, i) => {
          if (i < len) out.push([t0 + i, 0.9, p, v - (i === 0 ? 0 : 10)]);
        });
        for (let i = 4; i < len; i++) out.push([t0 + i, 0.9, r, v - 10]);
        break;
      }
      case "sustain":
        out.push([t0, Math.min(2, len) - 0.05, r, v - 14]);
        if (len > 2) out.push([t0 + 2, len - 2 - 0.05, rng.chance(0.5) ? fifth : r, v - 18]);
        break;
      case "boom-chick":
        for (let b = 0; b < Math.floor(len); b += 2) {
          out.push([t0 + b, 0.9, r, v]);
          if (b + 2 <= len) out.push([t0 + b + 2, 0.9, fifth - (fifth - r > 7 ? 12 : 0), v - 8]);
        }
        break;
      case "offbeat":
        out.push([t0, 0.4, r, v - 10]);
        for (let i = 0; i < Math.floor(len); i++) out.push([t0 + i + 0.5, 0.4, r, v]);
        break;
      case "long808": {
        const kicks = (DRUM_PATTERNS[drumPattern]?.kick ?? "x-------x-------")
          .split("")
          .map((ch, i) => (ch !== "-" ? i / 4 : -1))
          .filter((x) => x >= 0 && x < len);
        if (kicks[0] !== 0) kicks.unshift(0);
        kicks.forEach((k, i) => {
          const end = kicks[i + 1] ?? len;
          out.push([t0 + k, Math.max(0.25, end - k - 0.05), r, v]);
        });
        break;
      }
      default: {
        // syncopated pop / r&b
        const pat: [number, number][] = [
          [0, 1.4],
          [1.5, 0.45],
          [2.5, 0.9],
          [3.5, 0.45],
        ];
        for (const [at, d] of pat)
          if (at < len)
            out.push([
              t0 + at,
              d,
              at === 3.5 ? (rng.chance(0.4) ? fifth : r) : r,
              v - (at === 0 ? 0 : 8),
            ]);
        for (let i = 4; i < len; i++) out.push([t0 + i, 0.9, r, v - 10]);
      }
    }
  });
  return out.map((n) => [round3(n[0]), round3(n[1]), n[2], clamp(n[3], 1, 127)]);
}

function makeDrums(
  rng: Rng,
  patternId: string,
  form: FormSection[],
  energy: number,
  bars: number,
  extraBeats: number,
): DrumHit[] {
  const pat = DRUM_PATTERNS[patternId] ?? DRUM_PATTERNS.none!;
  if (patternId === "none") return [];
  const out: DrumHit[] = [];
  const scale = 0.7 + energy * 0.3;
  const add = (beat: number, drum: number, vel: number): void => {
    out.push([round3(beat), drum, clamp(Math.round(vel * scale + rng.int(-4, 4)), 1, 127)]);
  };
  const lanes: [string | undefined, number][] = [
    [pat.kick, 0],
    [pat.snare, 1],
    [pat.hat, 2],
    [pat.open, 3],
    [pat.clap, 4],
    [pat.ride, 6],
    [pat.rim, 7],
  ];
  for (let bar = 0; bar < bars; bar++) {
    const s = sectionOf(form, bar);
    const inSection = bar - s.startBar;
    const lastBarOfSection = inSection === s.bars - 1;
    const nextSection = form[form.indexOf(s) + 1];
    const t0 = bar * 4;
    if (s.kind === "intro" && s.intensity < 0.35) {
      // Just a pulse of hats (or ride) in the intro's second half.
      if (inSection >= s.bars / 2) for (let i = 0; i < 4; i++) add(t0 + i, pat.ride ? 6 : 2, 60);
      continue;
    }
    if (s.kind === "outro" && inSection === s.bars - 1) {
      add(t0, 5, 100);
      add(t0, 0, 110);
      continue;
    }
    if (
      inSection === 0 &&
      (s.kind === "chorus" || s.kind === "solo" || (s.kind === "verse" && s.startBar > 0))
    )
      add(t0, 5, s.kind === "verse" ? 80 : 105);
    const sparse = s.kind === "bridge" || s.kind === "outro" || energy < 0.3;
    const fill =
      lastBarOfSection &&
      nextSection &&
      (nextSection.kind === "chorus" || nextSection.kind === "solo");
    for (const [lane, drum] of lanes) {
      if (!lane) continue;
      if (sparse && (drum === 3 || drum === 4 || drum === 7)) continue;
      for (let step = 0; step < 16; step++) {
        const ch = lane[step] ?? "-";
        if (ch === "-") continue;
        if (fill && step >= 12 && drum !== 2) continue;
        if (sparse && drum === 2 && step % 4 !== 0) continue;
        if (sparse && drum === 0 && step % 8 !== 0) continue;
        add(t0 + step / 4, drum, (VEL[ch] ?? 80) * (0.8 + 0.2 * s.intensity));
      }
    }
    if (fill) for (let step = 12; step < 16; step++) add(t0 + step / 4, 1, 70 + (step - 12) * 10);
  }
  if (extraBeats > 0) add(bars * 4, 5, 70);
  out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return out;
}
