/**
 * Studio passes on an engine-2 score: replace a section, extend the song, cover it.
 *
 * Each takes a stored composition and returns a new one; the original is never modified. The
 * composer being symbolic and deterministic, each pass is exact where it promises to keep
 * something (the score outside a replaced section, the whole original in an extension) and new
 * where it promises new music. The audio side (splicing the new render into the original's WAV so
 * the kept part is sample-identical) is in render/splice.ts.
 */
import { MusicInputError } from "../errors";
import { formatLyrics, knownKind, writeLyrics } from "../lyrics";
import type { LyricSection } from "../lyrics";
import { createRng, hashString } from "../prng";
import type { Rng } from "../prng";
import type { Engine2Composition, SongSection, SongSectionKind } from "../types";
import { MAX_DURATION_SEC, MIN_DURATION_SEC } from "../validate";
import { requireEngine2, requireLyrics, requireSeed } from "./studio-input";
import type { VoiceId } from "../voice/voices";
import { VOICE_WEIGHTS } from "./index";
import { ENERGY, LOUDNESS_LU, barsPerLine, label, lyricStructure, templateForm } from "./form";
import type { PlannedSection } from "./form";
import { GROOVES } from "./grooves";
import {
  inWindow,
  melodyRange,
  mergeLines,
  mergeParts,
  plannedSections,
  recompose,
  sectionWindow,
  styleOf,
  windowMaterial,
} from "./recompose";
import type { BeatWindow } from "./recompose";
import { recordOrigin } from "./origin";
import { BASS_STYLES, COMP_STYLES, swingFor } from "./style";
import type { StylePlan } from "./style";
import { sectionTargets } from "../render/song";

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** A voice for a song that had none, suited to its genre (as the composer picks it). */
function pickVoice(c: Engine2Composition, rng: Rng): VoiceId {
  const w = VOICE_WEIGHTS[c.genre];
  return rng.weighted(
    w.map((x) => x[0]),
    w.map((x) => x[1]),
  );
}

// ---- replace a section ------------------------------------------------------------------------

export interface ReplaceSectionOptions {
  /** 0-based index into `original.sections`. */
  section: number;
  seed: number;
  /** Words to sing in the section (tags allowed); default: the section keeps its words, if any. */
  lyrics?: string | null;
}

/** Another of the genre's grooves, bass and comping styles for the new section (when there is one). */
function variantStyle(base: StylePlan, rng: Rng): StylePlan {
  const other = <T>(xs: readonly T[], cur: T, same: (a: T, b: T) => boolean): T => {
    const rest = xs.filter((x) => !same(x, cur));
    return rest.length > 0 ? rng.pick(rest) : cur;
  };
  const groove = other(GROOVES[base.genre], base.groove, (a, b) => a.name === b.name);
  return {
    ...base,
    groove,
    bassStyle: other(BASS_STYLES[base.genre], base.bassStyle, (a, b) => a === b),
    comp: other(COMP_STYLES[base.genre], base.comp, (a, b) => a === b),
    swing: swingFor(groove, base.swing),
  };
}

/** The chord degrees a window plays (to tell a new progression from the old one). */
const degreesIn = (chords: Engine2Composition["chords"], w: BeatWindow): string =>
  chords
    .filter((ch) => inWindow(w, ch.startBeat))
    .map((ch) => ch.symbol)
    .join(" ");

/**
 * The song with section `section` recomposed — new harmony, melody, voicing and groove (the same
 * band, key, tempo and voice) — and everything outside it exactly the original's: the parts'
 * events the renderer assigns to other sections, the other sections, the chords and the sung
 * lines elsewhere. With `lyrics`, those words are sung in the section (a voice is chosen when the
 * song had none); without, the section keeps its words with a new tune.
 */
export function replaceSectionComposition(
  original: Engine2Composition,
  options: ReplaceSectionOptions,
): Engine2Composition {
  const c = requireEngine2(original);
  const k = options?.section;
  if (typeof k !== "number" || !Number.isInteger(k) || k < 0 || k >= c.sections.length) {
    throw new MusicInputError(
      "section",
      `Unknown section ${String(k)}: this song's sections are numbered 0 to ${c.sections.length - 1}.`,
    );
  }
  const seed = requireSeed(options.seed);
  const target = c.sections[k]!;
  const bpl = barsPerLine(c.tempo);
  let words: string[] | null = null;
  if (options.lyrics != null) {
    words = requireLyrics(options.lyrics).flatMap((s) => s.lines);
    const room = Math.max(1, Math.floor(target.bars / bpl));
    if (words.length > room) {
      throw new MusicInputError(
        "lyrics",
        `${target.label} has room for ${room} line${room === 1 ? "" : "s"} of words; got ${words.length}.`,
      );
    }
  }
  const rng = createRng((seed ^ hashString(`studio|replace|${k}|${c.seed}`)) >>> 0);
  const voice: VoiceId | null = c.vocals?.voice ?? (words ? pickVoice(c, rng.fork("voice")) : null);
  const w = sectionWindow(c, k);

  // The form as planned, with the new words in the section.
  const lyricSections = c.lyrics
    ? c.lyrics.sections.map((s) => ({ ...s, lines: [...s.lines] }))
    : [];
  const sections = plannedSections(c);
  let lyricIndex = target.lyricSection;
  if (words) {
    lyricIndex = lyricSections.length;
    lyricSections.push({ kind: knownKind(target.kind), label: target.label, lines: words });
    sections[k] = { ...sections[k]!, lyric: { index: lyricIndex, lines: words } };
  }
  // Solos and breakdowns have composed lines of their own; sung, the melody plans them as verses.
  const melodySections: PlannedSection[] = sections.map((s, i) =>
    i === k && s.lyric && (s.kind === "solo" || s.kind === "breakdown")
      ? { ...s, kind: "verse" }
      : s,
  );

  const style = variantStyle(styleOf(c), rng.fork("style"));
  const before = degreesIn(c.chords, w);
  let recomposed = null as ReturnType<typeof recompose> | null;
  // A new progression when the pool has one (a handful of tries; the cadences pin some chords).
  for (let attempt = 0; attempt < 6; attempt++) {
    recomposed = recompose({
      c,
      sections,
      melodySections,
      style,
      range: melodyRange(c, voice),
      totalBeats: c.totalBeats,
      keepChord: (ch) => !inWindow(w, ch.startBeat),
      rng: rng.fork(`take:${attempt}`),
    });
    if (degreesIn(recomposed.chords, w) !== before) break;
  }
  const material = windowMaterial(recomposed!, w, c.melodyPart);
  const merged = mergeParts(c, w, material);

  const newSections: SongSection[] = c.sections.map((s, i) =>
    i === k ? { ...s, lyricSection: lyricIndex, parts: material.playing[k] ?? s.parts } : s,
  );
  const chords = [...c.chords.filter((ch) => !inWindow(w, ch.startBeat)), ...material.chords].sort(
    (a, b) => a.startBeat - b.startBeat,
  );
  // A song that was instrumental gets a voice for these words only: the other lines stay unsung.
  const lyrics: Engine2Composition["lyrics"] =
    c.lyrics || words
      ? {
          text: words ? formatLyrics(lyricSections) : c.lyrics!.text,
          source: words ? "user" : c.lyrics!.source,
          sections: lyricSections,
          lines: mergeLines(
            words && !c.vocals ? [] : (c.lyrics?.lines ?? []),
            lyricIndex !== null ? material.lead.lines : [],
            merged,
          ),
          unsungLines: c.lyrics?.unsungLines ?? 0,
        }
      : null;
  return {
    ...c,
    sections: newSections,
    chords,
    parts: merged.parts,
    vocals: voice ? { voice } : null,
    lyrics,
    origin: recordOrigin(c, "replace-section", { section: k, sectionsFrom: k, window: w }),
  };
}

// ---- extend -----------------------------------------------------------------------------------

export interface ExtendOptions {
  /** Seconds to add after the original. */
  durationSec: number;
  seed: number;
  /** Words for the continuation (tags allowed); default: the lyric writer continues the song. */
  lyrics?: string | null;
}

/** Shortest continuation worth composing (a few bars at any tempo). */
export const MIN_EXTENSION_SEC = MIN_DURATION_SEC;
/** Ring-out after the last bar (as the composer leaves it). */
const ringOut = (durationSec: number): number => Math.min(2.5, durationSec * 0.08);

interface Slot {
  kind: SongSectionKind;
  bars: number;
  lyric: { index: number; lines: string[] } | null;
}

/** The continuation's form: the composer's template without an intro (an interlude bridges the ending). */
function extensionSlots(bars: number, unit: number, c: Engine2Composition, rng: Rng): Slot[] {
  const slots = templateForm(bars, unit, c.genre, rng).map((s) => ({ ...s, lyric: null }) as Slot);
  if (slots.length > 1 && slots[0]!.kind === "intro") slots[0]!.kind = "interlude";
  return slots;
}

/** The continuation's form from the user's words: their sections in order, then an outro. */
function extensionSlotsFromWords(
  bars: number,
  bpl: number,
  words: LyricSection[],
  firstIndex: number,
): Slot[] {
  const slots: Slot[] = [];
  const lines = words.reduce((n, s) => n + s.lines.length, 0);
  const fits = Math.floor(Math.max(0, bars - 1) / bpl);
  if (lines > fits) {
    throw new MusicInputError(
      "lyrics",
      `The continuation has room for ${fits} line${fits === 1 ? "" : "s"} of words; got ${lines}. Extend it further or give fewer lines.`,
    );
  }
  let room = bars - 1;
  words.forEach((s, i) => {
    const fit = Math.min(s.lines.length, Math.floor(room / bpl));
    if (fit <= 0) return;
    const kind: SongSectionKind = s.kind === "intro" || s.kind === "outro" ? "verse" : s.kind;
    slots.push({
      kind,
      bars: fit * bpl,
      lyric: { index: firstIndex + i, lines: s.lines.slice(0, fit) },
    });
    room -= fit * bpl;
  });
  slots.push({ kind: "outro", bars: room + 1, lyric: null });
  return slots;
}

/**
 * Planned levels of the new sections, offset together so the song's planned integrated loudness
 * is the original's: the master bus then treats the original's sections exactly as before, and
 * the extension's first part renders as the original does.
 */
function levelNewSections(c: Engine2Composition, next: Engine2Composition, from: number): void {
  const want = sectionTargets(c)[0]!;
  const base = next.sections.slice(from).map((s) => s.loudnessLu);
  const at = (offset: number): number => {
    next.sections.forEach((s, i) => {
      if (i >= from) s.loudnessLu = Math.min(0, base[i - from]! + offset);
    });
    return sectionTargets(next)[0]!;
  };
  // The first section's target falls as the new sections get louder: bisect for the original's.
  let lo = -12;
  let hi = 6;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (at(mid) > want) lo = mid;
    else hi = mid;
  }
  at(Math.abs(at(lo) - want) <= Math.abs(at(hi) - want) ? lo : hi);
}

/**
 * The song, then `durationSec` more of it: new sections in the same key, tempo, band and voice.
 * The original's sections, notes and words are kept as they are (its last section stops at its
 * last bar instead of ringing out); the continuation is composed in context (it knows the form
 * before it) and its words are written by the lyric writer, continuing the original's (no line
 * repeated), or are the given `lyrics`. Instrumental songs continue instrumentally.
 */
export function extendComposition(
  original: Engine2Composition,
  options: ExtendOptions,
): Engine2Composition {
  const c = requireEngine2(original);
  const add = options?.durationSec;
  if (typeof add !== "number" || !Number.isFinite(add)) {
    throw new MusicInputError("durationSec", "The extension's length must be a number of seconds.");
  }
  if (add < MIN_EXTENSION_SEC) {
    throw new MusicInputError(
      "durationSec",
      `An extension is at least ${MIN_EXTENSION_SEC} seconds long (got ${add}).`,
    );
  }
  const total = round3(c.durationSec + add);
  if (total > MAX_DURATION_SEC) {
    throw new MusicInputError(
      "durationSec",
      `Songs can be at most ${MAX_DURATION_SEC} seconds long: this one is ${c.durationSec} s, so it can grow by ${Math.max(0, round3(MAX_DURATION_SEC - c.durationSec))} s at most (asked for ${add}).`,
    );
  }
  const seed = requireSeed(options.seed);
  const sung = c.vocals !== null && c.lyrics !== null;
  let given: LyricSection[] | null = null;
  if (options.lyrics != null) {
    given = requireLyrics(options.lyrics);
    if (!sung) {
      throw new MusicInputError(
        "lyrics",
        "This song is instrumental, so its continuation is too: there is no voice to sing the words.",
      );
    }
  }
  const rng = createRng((seed ^ hashString(`studio|extend|${c.seed}`)) >>> 0);
  const secPerBeat = 60 / c.tempo;
  const joinBeat = c.totalBeats;
  const joinSec = joinBeat * secPerBeat;
  let bars = Math.round(((total - ringOut(total) - joinSec) * c.tempo) / 240);
  while (bars > 1 && total - (joinSec + bars * 4 * secPerBeat) < 1.2) bars--;
  const bpl = barsPerLine(c.tempo);
  const unit = 4 * bpl;

  // The continuation's form and words.
  const lyricSections = c.lyrics
    ? c.lyrics.sections.map((s) => ({ ...s, lines: [...s.lines] }))
    : [];
  const firstLyric = lyricSections.length;
  let slots: Slot[];
  if (given) {
    slots = extensionSlotsFromWords(bars, bpl, given, firstLyric);
    lyricSections.push(...given);
  } else {
    slots = extensionSlots(bars, unit, c, rng.fork("form"));
    const wanted = sung ? lyricStructure(slots, bpl) : [];
    if (wanted.length > 0) {
      const counts = new Map<string, number>();
      for (const s of c.sections) counts.set(s.kind, (counts.get(s.kind) ?? 0) + 1);
      const written = writeLyrics({
        description: [c.title, ...c.inferred.keywords].join(" "),
        mood: c.mood,
        genre: c.genre,
        seed,
        structure: wanted.map((p) => {
          const n = (counts.get(p.kind) ?? 0) + 1;
          counts.set(p.kind, n);
          return { ...p, label: label(c.genre, p.kind, n - 1, false) };
        }),
        avoid: c.lyrics?.sections.flatMap((s) => s.lines) ?? [],
      });
      let next = 0;
      for (const slot of slots) {
        const singable = wanted.length > next && slot.kind === wanted[next]!.kind;
        if (!singable) continue;
        const src = written.sections[next]!;
        const fit = Math.floor(slot.bars / bpl);
        const lines = Array.from({ length: fit }, (_, i) => src.lines[i % src.lines.length]!);
        slot.lyric = { index: firstLyric + next, lines };
        lyricSections.push({ kind: src.kind, label: src.label, lines: src.lines });
        next++;
      }
    }
  }

  // The whole form: the original's sections as planned, then the continuation's.
  const planned = plannedSections(c);
  const counts = new Map<SongSectionKind, number>();
  for (const p of planned) counts.set(p.kind, (counts.get(p.kind) ?? 0) + 1);
  const lastNewChorus = slots.map((s) => s.kind).lastIndexOf("chorus");
  planned.forEach((p) => (p.final = false));
  const added: PlannedSection[] = slots.map((s, i) => {
    const occurrence = counts.get(s.kind) ?? 0;
    counts.set(s.kind, occurrence + 1);
    const final = s.kind === "chorus" && i === lastNewChorus && occurrence > 0;
    return {
      kind: s.kind,
      label: label(c.genre, s.kind, occurrence, final),
      bars: s.bars,
      lyric: s.lyric,
      occurrence,
      final,
    };
  });
  const all = [...planned, ...added];
  const totalBeats = joinBeat + bars * 4;
  const w: BeatWindow = { from: joinBeat, to: Number.POSITIVE_INFINITY };
  const recomposed = recompose({
    c: { ...c, totalBeats },
    sections: all,
    style: styleOf(c),
    range: melodyRange(c, c.vocals?.voice ?? null),
    totalBeats,
    keepChord: (ch) => ch.startBeat < joinBeat,
    rng,
  });
  const material = windowMaterial(recomposed, w, c.melodyPart);
  const merged = mergeParts(c, w, material);

  let beat = joinBeat;
  const n = c.sections.length;
  const sections: SongSection[] = [
    ...c.sections.map((s, i) => (i === n - 1 ? { ...s, endSec: round3(joinSec) } : s)),
    ...added.map((s, i) => {
      const startBeat = beat;
      beat += s.bars * 4;
      const last = i === added.length - 1;
      return {
        kind: s.kind,
        label: s.label,
        startBar: startBeat / 4,
        bars: s.bars,
        startBeat,
        beats: s.bars * 4,
        startSec: round3(startBeat * secPerBeat),
        endSec: last ? total : round3(beat * secPerBeat),
        energy: round3(Math.min(1, ENERGY[s.kind] + (s.final ? 0.1 : 0))),
        loudnessLu: s.final ? 0 : LOUDNESS_LU[s.kind],
        lyricSection: s.lyric ? s.lyric.index : null,
        parts: material.playing[n + i] ?? [],
      };
    }),
  ];
  const next: Engine2Composition = {
    ...c,
    durationSec: total,
    totalBeats,
    sections,
    chords: [...c.chords, ...material.chords],
    parts: merged.parts,
    lyrics: c.lyrics
      ? {
          text:
            lyricSections.length > firstLyric
              ? `${c.lyrics.text}\n\n${formatLyrics(lyricSections.slice(firstLyric))}`
              : c.lyrics.text,
          source: given ? "user" : c.lyrics.source,
          sections: lyricSections,
          lines: mergeLines(c.lyrics.lines, sung ? material.lead.lines : [], merged),
          unsungLines: c.lyrics.unsungLines,
        }
      : null,
  };
  levelNewSections(c, next, n);
  next.origin = recordOrigin(c, "extend", { section: n, sectionsFrom: n - 1, window: w });
  return next;
}
