/**
 * Covers: a song played again in another mood, genre or voice.
 *
 * keep "melody" — the same tune and words (every sung syllable on the same note of the tune),
 *   re-voiced: the new mood's mode (each note moved to the same scale degree of the new mode),
 *   a key that suits the new voice, the new genre's band, groove, tempo and feel, a new
 *   arrangement over the same chord degrees and form;
 * keep "words" — the same words with new music (the composer sets them afresh);
 * keep "nothing" — a fresh song in the mood and genre, from the original's title and theme.
 */
import { MusicInputError } from "../errors";
import { createRng, hashString } from "../prng";
import { GENRES, GENRE_PROFILES, MOODS, isGenre, isMood } from "../profiles";
import type { Genre, Mood } from "../profiles";
import { MODES, mod12, noteName } from "../theory";
import type { ModeName } from "../theory";
import type { ChordEvent, Engine2Composition, NoteTuple, SongSection } from "../types";
import { MAX_DURATION_SEC } from "../validate";
import { VOICE_IDS, isVoiceId, voiceInfo } from "../voice/voices";
import type { VoiceId } from "../voice/voices";
import { planArrangement } from "./arrangement";
import { degreeChord } from "./harmony";
import { composeEngine2 } from "./index";
import { planKeyTempo } from "./key-tempo";
import { planPerformance } from "./performance";
import { plannedSections } from "./recompose";
import { requireEngine2, requireSeed } from "./studio-input";
import { planStyle } from "./style";

export type CoverKeep = "melody" | "words" | "nothing";
export const COVER_KEEPS = ["melody", "words", "nothing"] as const satisfies readonly CoverKeep[];

export interface CoverOptions {
  mood: Mood;
  genre: Genre;
  /** The singing voice (default: the original's, or the genre's choice for a song newly sung). */
  voice?: VoiceId | null;
  seed: number;
  keep: CoverKeep;
  /** What the song is about, for "nothing" (default: the original's title and keywords). */
  description?: string | null;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

function requireCoverOptions(o: CoverOptions): void {
  if (o === null || typeof o !== "object")
    throw new MusicInputError("cover", "The cover's options are missing.");
  if (!isMood(o.mood)) {
    throw new MusicInputError(
      "mood",
      `Unknown mood "${String(o.mood)}". Choose one of: ${MOODS.join(", ")}.`,
    );
  }
  if (!isGenre(o.genre)) {
    throw new MusicInputError(
      "genre",
      `Unknown genre "${String(o.genre)}". Choose one of: ${GENRES.join(", ")}.`,
    );
  }
  if (o.voice != null && !isVoiceId(o.voice)) {
    throw new MusicInputError(
      "voice",
      `Unknown voice "${String(o.voice)}". Choose one of: ${VOICE_IDS.join(", ")}.`,
    );
  }
  if (!COVER_KEEPS.includes(o.keep)) {
    throw new MusicInputError(
      "keep",
      `Choose what the cover keeps: ${COVER_KEEPS.map((k) => `"${k}"`).join(", ")}.`,
    );
  }
}

/** The pitch moved to the same scale degree of another mode (chromatic notes keep their offset). */
function moveToMode(
  pitch: number,
  from: { tonicPc: number; mode: ModeName },
  to: ModeName,
): number {
  const rel = mod12(pitch - from.tonicPc);
  const degree = (MODES[from.mode] as readonly number[]).indexOf(rel);
  if (degree < 0) return pitch;
  return pitch - rel + (MODES[to] as readonly number[])[degree]!;
}

/** The transposition (semitones, −6..5) that keeps most of the tune inside the range. */
function bestTransposition(pitches: number[], range: readonly [number, number]): number {
  let best = 0;
  let bestScore = -Infinity;
  const mid = (range[0] + range[1]) / 2;
  const mean = pitches.reduce((a, b) => a + b, 0) / Math.max(1, pitches.length);
  for (let t = -18; t <= 17; t++) {
    const inside = pitches.filter((p) => p + t >= range[0] && p + t <= range[1]).length;
    const score = inside - Math.abs(mean + t - mid) * 0.01;
    if (score > bestScore) {
      bestScore = score;
      best = t;
    }
  }
  return best;
}

/** The tune and words in another mood, genre and voice. */
function coverMelody(c: Engine2Composition, o: CoverOptions, seed: number): Engine2Composition {
  const rng = createRng((seed ^ hashString(`studio|cover|${c.seed}|${o.mood}|${o.genre}`)) >>> 0);
  const request = {
    creationMode: "description" as const,
    description: [c.title, ...c.inferred.keywords].join(" "),
    mood: o.mood,
    genre: o.genre,
    seed,
    durationSec: c.durationSec,
  };
  const style = planStyle(request, rng.fork("style"));
  const keyTempo = planKeyTempo(style, true, rng.fork("key-tempo"));
  const voice: VoiceId | null = c.lyrics ? (o.voice ?? c.vocals?.voice ?? null) : null;
  const lead = c.parts.find((p) => p.id === c.melodyPart);
  if (!lead) throw new MusicInputError("composition", "This song's score has no melody to keep.");

  // The tune in the new mode, moved into the new voice's (or the new band's lead) range.
  const gp = GENRE_PROFILES[o.genre];
  const range = voice ? voiceInfo(voice).range : ([55 + gp.register, 79 + gp.register] as const);
  const moved = lead.notes.map((n) => moveToMode(n[2], c.key, keyTempo.mode));
  const sung = c.lyrics
    ? c.lyrics.lines.flatMap((l) =>
        l.notes.flatMap((k, i) => Array.from({ length: l.spans[i] ?? 1 }, (_, j) => k + j)),
      )
    : [];
  const fitTo = sung.length > 0 ? sung.map((k) => moved[k]!).filter((p) => p !== undefined) : moved;
  const t = bestTransposition(fitTo, range);
  const tonicPc = mod12(c.key.tonicPc + t);
  const melody: NoteTuple[] = lead.notes.map((n, k) => [n[0], n[1], moved[k]! + t, n[3]]);

  // The same form and chord degrees, voiced in the new key, mode and genre's chord style.
  const chordStyle = gp.chordStyle;
  const chords: ChordEvent[] = c.chords.map((ch) => {
    const x = degreeChord(tonicPc, keyTempo.mode, ch.degree, chordStyle);
    return {
      startBeat: ch.startBeat,
      beats: ch.beats,
      symbol: x.symbol,
      degree: x.degree,
      rootPc: x.rootPc,
      quality: x.quality,
      pcs: x.pcs,
    };
  });
  // The new genre's tempo, kept fast enough for the length limit.
  const tail = Math.min(2.5, c.durationSec * 0.08);
  const minTempo = (c.totalBeats * 60) / (MAX_DURATION_SEC - tail);
  const tempo = Math.round(Math.max(keyTempo.tempo, minTempo) * 100) / 100;
  const secPerBeat = 60 / tempo;
  const durationSec = Math.min(MAX_DURATION_SEC, round3(c.totalBeats * secPerBeat + tail));

  const planned = plannedSections(c);
  const arrangement = planArrangement(
    planned,
    chords,
    melody,
    style,
    tonicPc,
    keyTempo.mode,
    rng.fork("arrangement"),
  );
  const parts = planPerformance(
    arrangement,
    planned,
    style,
    tempo,
    c.totalBeats,
    rng.fork("performance"),
  ).map(
    // The tune as it was played (its timing and dynamics), not played again.
    (p) => (p.id === "lead" ? { ...p, notes: melody } : p),
  );
  const sections: SongSection[] = c.sections.map((s, i) => ({
    ...s,
    startSec: round3(s.startBeat * secPerBeat),
    endSec:
      i === c.sections.length - 1 ? durationSec : round3((s.startBeat + s.beats) * secPerBeat),
    parts: arrangement.playing[i] ?? [],
  }));
  return {
    ...c,
    seed,
    mood: o.mood,
    genre: o.genre,
    inferred: { ...c.inferred, mood: "request", genre: "request" },
    tempo,
    key: {
      tonic: noteName(tonicPc),
      tonicPc,
      mode: keyTempo.mode,
      quality: keyTempo.quality,
      name: `${noteName(tonicPc)} ${keyTempo.mode === "ionian" ? "major" : keyTempo.mode === "aeolian" ? "minor" : keyTempo.mode}`,
    },
    durationSec,
    humanize: { swing: style.swing, timingMs: style.timingMs, velocity: style.velocitySd },
    style: {
      groove: style.groove.name,
      bassStyle: style.bassStyle,
      comp: style.comp,
      palette: style.palette.name,
      energy: round3(style.energy),
      brightness: round3(style.brightness),
      reverb: round3(style.reverb),
    },
    sections,
    chords,
    parts,
    melodyPart: "lead",
    vocals: voice ? { voice } : null,
    // A cover is a score of its own: it is not the original's audio with a stretch spliced in
    // (an extended original's origin must not follow it, or the cover would render as a splice).
    origin: null,
    cover: { keep: "melody" },
  };
}

/**
 * A cover of the song in `mood` and `genre` (and `voice`), keeping its melody and words, only its
 * words, or nothing but its theme. Bad options are a MusicInputError; the original is untouched.
 */
export function coverComposition(
  original: Engine2Composition,
  options: CoverOptions,
): Engine2Composition {
  const c = requireEngine2(original);
  requireCoverOptions(options);
  const seed = requireSeed(options.seed);
  const sung = c.vocals !== null;
  if (options.voice != null && !c.lyrics && options.keep !== "nothing") {
    throw new MusicInputError(
      "voice",
      "This song has no words, so a voice would have nothing to sing.",
    );
  }
  if (options.keep === "melody") return coverMelody(c, options, seed);
  const common = {
    mood: options.mood,
    genre: options.genre,
    seed,
    durationSec: c.durationSec,
    voice: options.voice ?? (sung ? c.vocals!.voice : null),
    vocals: sung || options.voice ? ("sung" as const) : ("instrumental" as const),
  };
  if (options.keep === "words") {
    if (!c.lyrics) {
      throw new MusicInputError(
        "keep",
        "This song has no words to keep: keep its melody, or nothing.",
      );
    }
    return composeEngine2({
      ...common,
      creationMode: "lyrics",
      lyrics: c.lyrics.text,
      title: c.title,
    });
  }
  const description = options.description?.trim() || [c.title, ...c.inferred.keywords].join(" ");
  return composeEngine2({ ...common, creationMode: "description", description });
}
