/**
 * Recomposing part of an existing engine-2 score (the studio passes: extend, replace a section).
 *
 * The composer's phases (harmony → melody → arrangement → performance) run over the whole form
 * with a new random stream, and only the material of the target window is kept and merged into
 * the original score. Material is assigned to a window by the renderer's own rule (the performed
 * start beat, as in `sectionEvents`), so everything outside the window stays exactly what the
 * original renders.
 */
import type { Rng } from "../prng";
import { GENRE_PROFILES } from "../profiles";
import type {
  BendEvent,
  ChordEvent,
  ControllerEvent,
  Engine2Composition,
  LyricLine2,
  NoteTuple,
  Part,
} from "../types";
import { voiceInfo } from "../voice/voices";
import type { VoiceId } from "../voice/voices";
import { MusicInputError } from "../errors";
import { planArrangement } from "./arrangement";
import type { ArrangementPlan } from "./arrangement";
import { barsPerLine } from "./form";
import type { PlannedSection } from "./form";
import { GROOVES } from "./grooves";
import { planHarmony } from "./harmony";
import { planMelody, steadyLine } from "./melody";
import type { MelodyPlan } from "./melody";
import { PALETTES } from "./palettes";
import { planPerformance } from "./performance";
import type { BassStyle2, CompStyle2, StylePlan } from "./style";

const EPS = 1e-9;

/** A stretch of beats [from, to): `to` is infinite for a song's last section (it takes every later event). */
export interface BeatWindow {
  from: number;
  to: number;
}

/** The renderer's rule (see `sectionEvents`): does an event at `beat` belong to the window? */
export const inWindow = (w: BeatWindow, beat: number): boolean =>
  beat >= w.from - EPS && beat < w.to - EPS;

/** The beat window of section `index` as the renderer cuts it. */
export function sectionWindow(c: Engine2Composition, index: number): BeatWindow {
  const s = c.sections[index]!;
  const last = index === c.sections.length - 1;
  return { from: s.startBeat, to: last ? Number.POSITIVE_INFINITY : s.startBeat + s.beats };
}

/** The style plan a stored score was made with (what later phases read from it). */
export function styleOf(c: Engine2Composition): StylePlan {
  const palette = PALETTES[c.genre].find((p) => p.name === c.style.palette);
  const groove = GROOVES[c.genre].find((g) => g.name === c.style.groove);
  if (!palette || !groove) {
    throw new MusicInputError(
      "composition",
      `This score's band ("${c.style.palette}", "${c.style.groove}") is not one this engine knows.`,
    );
  }
  return {
    mood: c.mood,
    genre: c.genre,
    moodSource: c.inferred.mood,
    genreSource: c.inferred.genre,
    description: "",
    image: null,
    steering: {
      keywords: c.inferred.keywords,
      tempo: 0,
      brightness: 0,
      reverb: 0,
      energy: 0,
      minor: 0,
    },
    energy: c.style.energy,
    brightness: c.style.brightness,
    reverb: c.style.reverb,
    palette,
    groove,
    bassStyle: c.style.bassStyle as BassStyle2,
    comp: c.style.comp as CompStyle2,
    swing: c.humanize.swing,
    timingMs: c.humanize.timingMs,
    velocitySd: c.humanize.velocity,
  };
}

/** The lyric lines sung in a section (from the score's alignment), in order. */
function sungLines(c: Engine2Composition, index: number): string[] {
  const s = c.sections[index]!;
  if (!c.lyrics || s.lyricSection === null) return [];
  return c.lyrics.lines
    .filter((l) => l.startBeat >= s.startBeat - EPS && l.startBeat < s.startBeat + s.beats - EPS)
    .map((l) => l.text);
}

/** The form a stored score was planned from (the input of the later phases). */
export function plannedSections(c: Engine2Composition): PlannedSection[] {
  const counts = new Map<string, number>();
  const lastChorus = c.sections.map((s) => s.kind).lastIndexOf("chorus");
  return c.sections.map((s, i) => {
    const occurrence = counts.get(s.kind) ?? 0;
    counts.set(s.kind, occurrence + 1);
    const lines = sungLines(c, i);
    return {
      kind: s.kind,
      label: s.label,
      bars: s.bars,
      lyric: s.lyricSection !== null && lines.length > 0 ? { index: s.lyricSection, lines } : null,
      occurrence,
      final: s.kind === "chorus" && i === lastChorus && occurrence > 0,
    };
  });
}

/** The melody's range: the voice's when sung, the genre's lead register otherwise. */
export function melodyRange(c: Engine2Composition, voice: VoiceId | null): [number, number] {
  if (voice) return [...voiceInfo(voice).range];
  const gp = GENRE_PROFILES[c.genre];
  return [55 + gp.register, 79 + gp.register];
}

/** Everything the phases composed, with the composed (grid) beat of every performed note. */
export interface Recomposition {
  chords: ChordEvent[];
  melody: MelodyPlan;
  arrangement: ArrangementPlan;
  parts: Part[];
}

export interface RecomposeInput {
  c: Engine2Composition;
  sections: PlannedSection[];
  /** Sections as the melody phase sees them (a sung solo is planned as a verse), default `sections`. */
  melodySections?: PlannedSection[];
  style: StylePlan;
  range: [number, number];
  totalBeats: number;
  /** Chords to keep from the original (the rest come from the new harmony). */
  keepChord: (chord: ChordEvent) => boolean;
  rng: Rng;
}

/** Runs harmony → melody → arrangement → performance over the whole form with a new stream. */
export function recompose(input: RecomposeInput): Recomposition {
  const { c, sections, style, rng } = input;
  const { tonicPc, mode } = c.key;
  const harmony = planHarmony(sections, tonicPc, mode, style.genre, rng.fork("harmony"));
  // Original chords where the original plays, new ones where the new material goes.
  const byStart = new Map(c.chords.filter(input.keepChord).map((ch) => [ch.startBeat, ch]));
  const chords = harmony.chords.map((ch) => byStart.get(ch.startBeat) ?? ch);
  const melody = planMelody(
    input.melodySections ?? sections,
    barsPerLine(c.tempo),
    {
      tonicPc,
      mode,
      chords,
      genre: style.genre,
      range: input.range,
      steady: steadyLine(style, c.tempo),
    },
    rng.fork("melody"),
  );
  const arrangement = planArrangement(
    sections,
    chords,
    melody.notes,
    style,
    tonicPc,
    mode,
    rng.fork("arrangement"),
  );
  const parts = planPerformance(
    arrangement,
    sections,
    style,
    c.tempo,
    input.totalBeats,
    rng.fork("performance"),
  );
  return { chords, melody, arrangement, parts };
}

/** New material for one window: per part, the notes composed in it and its controllers and bends. */
export interface WindowMaterial {
  parts: Map<
    string,
    { template: Part; notes: NoteTuple[]; controllers: ControllerEvent[]; bends: BendEvent[] }
  >;
  /** Lead notes (melody order) and the lyric lines they sing, with indices into these notes. */
  lead: { notes: NoteTuple[]; lines: LyricLine2[] };
  chords: ChordEvent[];
  playing: string[][];
}

const clampBeat = (w: BeatWindow, beat: number): number =>
  Math.round(Math.min(Math.max(beat, w.from), Math.min(w.to, 1e9) - 0.001) * 1000) / 1000;

/**
 * The material of `r` whose composed beat lies in [from, to), with performed beats kept inside
 * the window (a note humanized a few milliseconds before its section still belongs to it).
 */
export function windowMaterial(r: Recomposition, w: BeatWindow, leadId: string): WindowMaterial {
  const inside = (beat: number): boolean => inWindow(w, beat);
  const parts: WindowMaterial["parts"] = new Map();
  r.parts.forEach((p, i) => {
    if (p.id === leadId) return;
    const composed = r.arrangement.parts[i]!.notes;
    const notes: NoteTuple[] = [];
    p.notes.forEach((n, k) => {
      if (inside(composed[k]![0])) notes.push([clampBeat(w, n[0]), n[1], n[2], n[3]]);
    });
    parts.set(p.id, {
      template: p,
      notes,
      controllers: p.controllers.filter((e) => inside(e[0])),
      bends: p.bends.filter((e) => inside(e[0])),
    });
  });
  const leadPart = r.parts.find((p) => p.id === leadId);
  const leadNotes: NoteTuple[] = [];
  const remap = new Map<number, number>();
  r.melody.notes.forEach((n, k) => {
    if (!inside(n[0])) return;
    remap.set(k, leadNotes.length);
    const performed = leadPart?.notes[k] ?? n;
    leadNotes.push([clampBeat(w, performed[0]), performed[1], performed[2], performed[3]]);
  });
  const lines = r.melody.lines
    .filter((l) => l.notes.length > 0 && remap.has(l.notes[0]!))
    .map((l) => ({ ...l, notes: l.notes.map((k) => remap.get(k)!) }));
  if (leadPart) {
    parts.set(leadId, {
      template: leadPart,
      notes: [],
      controllers: leadPart.controllers.filter((e) => inside(e[0])),
      bends: leadPart.bends.filter((e) => inside(e[0])),
    });
  }
  return {
    parts,
    lead: { notes: leadNotes, lines },
    chords: r.chords.filter((ch) => inside(ch.startBeat)),
    playing: r.arrangement.playing,
  };
}

/** Controller values a part has in force at `beat` (the last before it), as events at `beat`. */
function controllersInForce(p: Part, beat: number): ControllerEvent[] {
  const last = new Map<number, number>();
  for (const [b, cc, v] of p.controllers) if (b < beat - EPS) last.set(cc, v);
  return [...last].map(([cc, v]) => [beat, cc, v]);
}

/** Defaults of the controllers the composer uses (expression, modulation, sustain, release). */
const CC_DEFAULTS: Record<number, number> = { 11: 127, 1: 0, 64: 0, 72: 64 };

/** The controller values and bend a part has in force at `beat`. */
function stateAt(
  controllers: ControllerEvent[],
  bends: BendEvent[],
  beat: number,
): Map<number, number> {
  const state = new Map<number, number>();
  for (const [b, cc, v] of controllers) if (b < beat - EPS) state.set(cc, v);
  let bend = 0;
  for (const [b, v] of bends) if (b < beat - EPS) bend = v;
  state.set(-1, bend);
  return state;
}

/**
 * Puts back, just before the window's end, the controller values and bend the original has in
 * force there, so the next section starts exactly as it did (its set-up reads them).
 */
function restoreAtEnd(
  p: Part,
  controllers: ControllerEvent[],
  bends: BendEvent[],
  w: BeatWindow,
): void {
  if (!Number.isFinite(w.to)) return;
  const want = stateAt(p.controllers, p.bends, w.to);
  const have = stateAt(controllers, bends, w.to);
  // Controllers only the new material set go back to their defaults (as a fresh channel has them).
  for (const cc of have.keys())
    if (!want.has(cc) && cc in CC_DEFAULTS) want.set(cc, CC_DEFAULTS[cc]!);
  const at = Math.round((w.to - 0.002) * 1000) / 1000;
  for (const [cc, v] of want) {
    if (have.get(cc) === v) continue;
    if (cc === -1) {
      insertAt(bends, [at, v]);
    } else insertAt(controllers, [at, cc, v]);
  }
}

/** Inserts one event into a beat-sorted list, after the events at or before its beat. */
function insertAt<T extends [number, ...number[]]>(list: T[], e: T): void {
  const i = list.findIndex((x) => x[0] > e[0]);
  list.splice(i < 0 ? list.length : i, 0, e);
}

/** Inserts `add` into the events of `keep` (both sorted by beat) at the beat they belong. */
function insertSorted<T extends [number, ...number[]]>(keep: T[], add: T[]): T[] {
  if (add.length === 0) return keep;
  const at = keep.findIndex((e) => e[0] > add[0]![0]);
  const i = at < 0 ? keep.length : at;
  return [...keep.slice(0, i), ...add, ...keep.slice(i)];
}

/**
 * The parts of `c` with the window's events replaced by `m`'s: everything outside the window is
 * the original's, untouched (same values, same order). The lead keeps melody order: the window's
 * lead notes go where the removed ones were. `leadIndex` maps the original lead's kept note
 * indices to their new ones and `leadOffset` is the new index of the window's first lead note
 * (for re-indexing lyric lines).
 */
export function mergeParts(
  c: Engine2Composition,
  w: BeatWindow,
  m: WindowMaterial,
): { parts: Part[]; leadIndex: Map<number, number>; leadOffset: number } {
  const outside = (beat: number): boolean => !inWindow(w, beat);
  const leadIndex = new Map<number, number>();
  let leadOffset = 0;
  const parts: Part[] = c.parts.map((p) => {
    const fresh = m.parts.get(p.id);
    const controllers = insertSorted(
      p.controllers.filter((e) => outside(e[0])),
      fresh?.controllers ?? [],
    );
    const bends = insertSorted(
      p.bends.filter((e) => outside(e[0])),
      fresh?.bends ?? [],
    );
    restoreAtEnd(p, controllers, bends, w);
    if (p.id !== c.melodyPart) {
      const notes = insertSorted(
        p.notes.filter((n) => outside(n[0])),
        fresh?.notes ?? [],
      );
      return { ...p, notes, controllers, bends };
    }
    const kept: number[] = [];
    p.notes.forEach((n, k) => {
      if (outside(n[0])) kept.push(k);
    });
    const before = kept.filter((k) => p.notes[k]![0] < w.from - EPS).length;
    leadOffset = before;
    kept.forEach((k, j) => leadIndex.set(k, j < before ? j : j + m.lead.notes.length));
    const keptNotes = kept.map((k) => p.notes[k]!);
    return {
      ...p,
      notes: [...keptNotes.slice(0, before), ...m.lead.notes, ...keptNotes.slice(before)],
      controllers,
      bends,
    };
  });
  // Parts of the band the original never needed (a counter-line only the new chorus has).
  for (const [id, fresh] of m.parts) {
    if (parts.some((p) => p.id === id) || fresh.notes.length === 0) continue;
    parts.push({
      ...fresh.template,
      notes: fresh.notes,
      controllers: [...controllersInForce(fresh.template, w.from), ...fresh.controllers],
      bends: fresh.bends,
    });
  }
  return { parts, leadIndex, leadOffset };
}

/**
 * Lyric lines after a merge: the original's lines whose notes were all kept (re-indexed), and the
 * window's new lines, in time order.
 */
export function mergeLines(
  original: LyricLine2[],
  fresh: LyricLine2[],
  merge: { leadIndex: Map<number, number>; leadOffset: number },
): LyricLine2[] {
  const kept = original
    .filter((l) => l.notes.every((k) => merge.leadIndex.has(k)))
    .map((l) => ({ ...l, notes: l.notes.map((k) => merge.leadIndex.get(k)!) }));
  const added = fresh.map((l) => ({ ...l, notes: l.notes.map((k) => k + merge.leadOffset) }));
  return [...kept, ...added].sort((a, b) => a.startBeat - b.startBeat);
}
