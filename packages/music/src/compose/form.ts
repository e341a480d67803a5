/**
 * Phase 3 — form: the tempo fitted to whole bars, and the sections. Songs of 90 s and more get
 * intro, verse, pre-chorus, chorus, a middle section (bridge, breakdown or solo), a final chorus
 * and an outro; longer songs add a second verse and chorus, composed instrumentals and a longer
 * final chorus. User lyrics set the order of the sung sections.
 */
import type { LyricSection } from "../lyrics";
import type { Rng } from "../prng";
import type { Genre } from "../profiles";
import type { SongSectionKind } from "../types";

export interface PlannedSection {
  kind: SongSectionKind;
  label: string;
  bars: number;
  /** Lyric section sung here (index into the lyric sections) and its lines (repeated if needed). */
  lyric: { index: number; lines: string[] } | null;
  /** Which occurrence of its kind (0 = first). */
  occurrence: number;
  /** The last chorus. */
  final: boolean;
}

export interface FormPlan {
  tempo: number;
  bars: number;
  /** Beats of the last bar's ring-out after the form ends (part of the song's length). */
  playSec: number;
  barsPerLine: number;
  sections: PlannedSection[];
}

export const ENERGY: Record<SongSectionKind, number> = {
  intro: 0.35,
  verse: 0.55,
  "pre-chorus": 0.7,
  chorus: 0.9,
  bridge: 0.5,
  solo: 0.85,
  breakdown: 0.3,
  interlude: 0.5,
  outro: 0.4,
};

/** Planned loudness relative to the loudest section (the final chorus), LU. */
export const LOUDNESS_LU: Record<SongSectionKind, number> = {
  intro: -5.5,
  verse: -5,
  "pre-chorus": -3,
  chorus: -0.6,
  bridge: -4,
  solo: -1.2,
  breakdown: -5.5,
  interlude: -4,
  outro: -5,
};

/** The tempo fitted so whole bars fill the song less its ring-out. */
export function fitTempo(
  tempo: number,
  durationSec: number,
): { tempo: number; bars: number; playSec: number } {
  const tail = Math.min(2.5, durationSec * 0.08);
  const bars = Math.max(2, Math.round(((durationSec - tail) * tempo) / 240));
  const fitted = Math.round(((bars * 240) / (durationSec - tail)) * 100) / 100;
  return { tempo: fitted, bars, playSec: (bars * 240) / fitted };
}

const MID_KINDS: Record<Genre, SongSectionKind[]> = {
  Pop: ["bridge", "bridge", "breakdown"],
  Rock: ["solo", "bridge"],
  Metal: ["solo", "breakdown"],
  "Hip-Hop": ["bridge", "breakdown"],
  Jazz: ["solo"],
  Classical: ["interlude", "bridge"],
  EDM: ["breakdown"],
  Country: ["solo", "bridge"],
  "R&B": ["bridge", "breakdown"],
};

const LABELS: Partial<Record<Genre, Partial<Record<SongSectionKind, string>>>> = {
  EDM: { "pre-chorus": "Build", chorus: "Drop" },
};

export function label(
  genre: Genre,
  kind: SongSectionKind,
  occurrence: number,
  final: boolean,
): string {
  const base =
    LABELS[genre]?.[kind] ??
    {
      intro: "Intro",
      verse: "Verse",
      "pre-chorus": "Pre-Chorus",
      chorus: "Chorus",
      bridge: "Bridge",
      solo: "Solo",
      breakdown: "Breakdown",
      interlude: "Interlude",
      outro: "Outro",
    }[kind];
  if (kind === "verse") return `${base} ${occurrence + 1}`;
  if (kind === "chorus" && final && occurrence > 0) return `Final ${base}`;
  if (occurrence > 0 && kind !== "chorus" && kind !== "pre-chorus")
    return `${base} ${occurrence + 1}`;
  return base;
}

interface Slot {
  kind: SongSectionKind;
  bars: number;
}

/** The instrumental form (and where sung sections go) for generated lyrics or none. */
export function templateForm(bars: number, unit: number, genre: Genre, rng: Rng): Slot[] {
  const u = unit;
  const half = Math.max(1, Math.round(u / 2));
  if (bars < 8) {
    if (bars <= 3) return [{ kind: "verse", bars }];
    return [
      { kind: "intro", bars: 1 },
      { kind: "chorus", bars: bars - 2 },
      { kind: "outro", bars: 1 },
    ];
  }
  const mid = rng.pick(MID_KINDS[genre]);
  const core: Slot[] = [
    { kind: "intro", bars: half },
    { kind: "verse", bars: u },
    { kind: "pre-chorus", bars: half },
    { kind: "chorus", bars: u },
    { kind: mid, bars: u },
    { kind: "chorus", bars: u },
    { kind: "outro", bars: half },
  ];
  // (held by reference: the form grows around it, and an interlude may come before it)
  const middle = core[4]!;
  const sum = (s: Slot[]): number => s.reduce((n, x) => n + x.bars, 0);
  // Fit the full form by shrinking intro, outro, middle and pre-chorus first, then the verse.
  const shrinkOrder: [SongSectionKind, number][] = [
    ["intro", 2],
    ["outro", 2],
    [mid, half],
    ["pre-chorus", 2],
    ["intro", 1],
    ["outro", 1],
    ["verse", half],
    [mid, 2],
    ["pre-chorus", 1],
  ];
  for (const [kind, min] of shrinkOrder) {
    if (sum(core) <= bars) break;
    const s = core.find((x) => x.kind === kind);
    if (s && s.bars > min) s.bars = Math.max(min, s.bars - (sum(core) - bars));
  }
  if (sum(core) > bars) {
    // Short songs: intro, verse, (pre-chorus), chorus, outro, shrunk until they fit.
    let short: Slot[] = [
      { kind: "intro", bars: half },
      { kind: "verse", bars: u },
      { kind: "pre-chorus", bars: half },
      { kind: "chorus", bars: u },
      { kind: "outro", bars: half },
    ];
    if (sum(short) > bars) short = short.filter((s) => s.kind !== "pre-chorus");
    const shrink: SongSectionKind[] = ["intro", "outro", "verse", "chorus"];
    for (let guard = 0; sum(short) > bars && guard < 40; guard++) {
      const k = shrink[guard % shrink.length]!;
      const s = short.find((x) => x.kind === k);
      const min = k === "intro" || k === "outro" ? 1 : 2;
      if (s && s.bars > min) s.bars = Math.max(min, Math.floor(s.bars / 2));
    }
    const left = bars - sum(short);
    if (left > 0) {
      const chorus = short.find((s) => s.kind === "chorus")!;
      const grow = Math.min(left, Math.max(0, u - chorus.bars));
      chorus.bars += grow;
      short[short.length - 1]!.bars += left - grow;
    }
    return short;
  }
  const form = core;
  let left = bars - sum(form);
  const insertAfter = (kind: SongSectionKind, nth: number, slots: Slot[]): void => {
    let seen = -1;
    for (let i = 0; i < form.length; i++) {
      if (form[i]!.kind === kind && ++seen === nth) {
        form.splice(i + 1, 0, ...slots);
        return;
      }
    }
  };
  // Second verse, pre-chorus and chorus.
  if (left >= u * 2 + half) {
    insertAfter("chorus", 0, [
      { kind: "verse", bars: u },
      { kind: "pre-chorus", bars: half },
      { kind: "chorus", bars: u },
    ]);
    left -= u * 2 + half;
  }
  // A composed instrumental after the middle section (a solo, or an interlude after a solo).
  if (left >= u) {
    form.splice(form.indexOf(middle) + 1, 0, {
      kind: mid === "solo" ? "interlude" : "solo",
      bars: u,
    });
    left -= u;
  }
  // Longer final chorus.
  if (left >= half) {
    const last = [...form].reverse().find((s) => s.kind === "chorus")!;
    const grow = left >= u ? u : half;
    last.bars += grow;
    left -= grow;
  }
  // (The intro stays short: it is the first audio a listener waits for.)
  if (left >= half) {
    const i = form.findIndex((s) => s.kind === "chorus");
    form.splice(i + 1, 0, { kind: "interlude", bars: half });
    left -= half;
  }
  // Still room: each extra stretch is a different section in a different place (breakdowns in a
  // row would be one block looped): a contrasting section before the middle one, a build
  // (pre-chorus) into the final chorus, a third verse before it, then longer middle sections.
  const contrast: Slot = { kind: mid === "breakdown" ? "bridge" : "breakdown", bars: u };
  for (let extra = 0; left >= u; extra++) {
    const finalChorus = form.map((s) => s.kind).lastIndexOf("chorus");
    if (extra === 0) {
      form.splice(form.indexOf(middle), 0, contrast);
      left -= u;
    } else if (extra === 1 && form[finalChorus - 1]?.kind !== "pre-chorus") {
      form.splice(finalChorus, 0, { kind: "pre-chorus", bars: half });
      left -= half;
    } else if (extra === 2) {
      const at = form[finalChorus - 1]?.kind === "pre-chorus" ? finalChorus - 1 : finalChorus;
      form.splice(at, 0, { kind: "verse", bars: u });
      left -= u;
    } else {
      (extra % 2 ? contrast : middle).bars += u;
      left -= u;
    }
  }
  form[form.length - 1]!.bars += left;
  return form;
}

/**
 * The sections for the user's lyrics: an instrumental intro, their sections in order (each line
 * `barsPerLine` bars), a middle instrumental after the second chorus, the chorus again at the end
 * when there is room, an outro; lines beyond the song's length are left unsung.
 */
function userForm(
  bars: number,
  unit: number,
  lyrics: LyricSection[],
  bpl: number,
  genre: Genre,
  rng: Rng,
): { slots: (Slot & { lyric: number | null; lines: string[] })[]; unsung: number } {
  const half = Math.max(1, Math.round(unit / 2));
  const intro = bars >= 12 ? half : bars >= 6 ? 1 : 0;
  const outro = bars >= 12 ? half : bars >= 4 ? 1 : 0;
  let room = bars - intro - outro;
  const slots: (Slot & { lyric: number | null; lines: string[] })[] = [];
  if (intro > 0) slots.push({ kind: "intro", bars: intro, lyric: null, lines: [] });
  let unsung = 0;
  let choruses = 0;
  const mid = rng.pick(MID_KINDS[genre]);
  lyrics.forEach((s, i) => {
    const fit = Math.min(s.lines.length, Math.floor(room / bpl));
    unsung += s.lines.length - Math.max(0, fit);
    if (fit <= 0) return;
    const kind: SongSectionKind = s.kind;
    slots.push({ kind, bars: fit * bpl, lyric: i, lines: s.lines.slice(0, fit) });
    room -= fit * bpl;
    if (kind === "chorus" && ++choruses === 2 && room >= unit * 2) {
      slots.push({ kind: mid === "bridge" ? "solo" : mid, bars: unit, lyric: null, lines: [] });
      room -= unit;
    }
  });
  // Room left: a composed instrumental, then the chorus once more.
  const chorusIndex = lyrics.findIndex((s) => s.kind === "chorus");
  if (room >= unit && !slots.some((s) => s.lyric === null && s.kind !== "intro")) {
    slots.push({ kind: mid === "bridge" ? "solo" : mid, bars: unit, lyric: null, lines: [] });
    room -= unit;
  }
  if (chorusIndex >= 0 && room >= unit) {
    const lines = lyrics[chorusIndex]!.lines.slice(0, Math.floor(unit / bpl));
    slots.push({ kind: "chorus", bars: lines.length * bpl, lyric: chorusIndex, lines });
    room -= lines.length * bpl;
  }
  // Short lyrics in a long song: composed instrumentals of different kinds in turn, the chorus
  // again after every second one — never one interlude looped (a 180 s song with a verse and a
  // chorus once ran 5–13 interludes in a row).
  const fillers: SongSectionKind[] = ["interlude", "breakdown", "solo"];
  const chorusLines = chorusIndex >= 0 ? lyrics[chorusIndex]!.lines : [];
  for (let filled = 0, played = 0; room >= unit; filled++) {
    const prev = slots[slots.length - 1]?.kind;
    if (filled % 3 === 2 && chorusLines.length > 0 && prev !== "chorus") {
      const lines = chorusLines.slice(0, Math.max(1, Math.floor(unit / bpl)));
      slots.push({ kind: "chorus", bars: lines.length * bpl, lyric: chorusIndex, lines });
      room -= lines.length * bpl;
      continue;
    }
    let kind = fillers[played++ % fillers.length]!;
    if (kind === prev) kind = fillers[played++ % fillers.length]!;
    slots.push({ kind, bars: unit, lyric: null, lines: [] });
    room -= unit;
  }
  if (outro + room > 0) slots.push({ kind: "outro", bars: outro + room, lyric: null, lines: [] });
  if (slots.length === 0) slots.push({ kind: "verse", bars, lyric: null, lines: [] });
  return { slots, unsung };
}

/** Bars a lyric line takes at a tempo. */
export const barsPerLine = (tempo: number): number => (tempo < 84 ? 1 : 2);

/** Lines each sung kind gets when we write the lyrics ourselves. */
export function lyricStructure(
  slots: Slot[],
  bpl: number,
): { kind: "verse" | "pre-chorus" | "chorus" | "bridge"; lines: number }[] {
  return slots
    .filter(
      (s) =>
        s.kind === "verse" || s.kind === "pre-chorus" || s.kind === "chorus" || s.kind === "bridge",
    )
    .map((s) => ({
      kind: s.kind as "verse" | "pre-chorus" | "chorus" | "bridge",
      lines: Math.max(1, Math.floor(s.bars / bpl)),
    }));
}

export function planForm(
  fitted: { tempo: number; bars: number; playSec: number },
  genre: Genre,
  lyrics: { sections: LyricSection[]; user: boolean } | null,
  rng: Rng,
): FormPlan & { unsung: number } {
  const { tempo, bars, playSec } = fitted;
  const bpl = barsPerLine(tempo);
  const unit = 4 * bpl;
  const formRng = rng.fork("form");
  let slots: (Slot & { lyric: number | null; lines: string[] })[];
  let unsung = 0;
  if (lyrics?.user) {
    const u = userForm(bars, unit, lyrics.sections, bpl, genre, formRng);
    slots = u.slots;
    unsung = u.unsung;
  } else {
    const t = templateForm(bars, unit, genre, formRng);
    // Generated lyrics were written for these sections in order (see compose/index.ts).
    const sung = lyrics?.sections ?? [];
    let next = 0;
    const chorusIdx = sung.findIndex((s) => s.kind === "chorus");
    slots = t.map((s) => {
      const singable =
        s.kind === "verse" || s.kind === "pre-chorus" || s.kind === "chorus" || s.kind === "bridge";
      if (!singable || next >= sung.length) return { ...s, lyric: null, lines: [] };
      const idx = next++;
      const src = sung[idx]!;
      const want = Math.floor(s.bars / bpl);
      // A longer final chorus repeats the chorus lines.
      const base = src.lines.length > 0 ? src.lines : (sung[chorusIdx]?.lines ?? []);
      const lines = Array.from(
        { length: want },
        (_, i) => base[i % Math.max(1, base.length)] ?? "",
      ).filter(Boolean);
      return { ...s, lyric: idx, lines };
    });
  }
  const counts = new Map<SongSectionKind, number>();
  const lastChorus = slots.map((s) => s.kind).lastIndexOf("chorus");
  const sections: PlannedSection[] = slots.map((s, i) => {
    const occurrence = counts.get(s.kind) ?? 0;
    counts.set(s.kind, occurrence + 1);
    const final = s.kind === "chorus" && i === lastChorus && occurrence > 0;
    return {
      kind: s.kind,
      label: label(genre, s.kind, occurrence, final),
      bars: s.bars,
      lyric: s.lyric === null ? null : { index: s.lyric, lines: s.lines },
      occurrence,
      final,
    };
  });
  return { tempo, bars, playSec, barsPerLine: bpl, sections, unsung };
}
