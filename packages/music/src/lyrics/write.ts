/**
 * Writing a song: understand the description, build the palette, pick the hook (the title), then
 * write each section line by line to its rhyme scheme — verses that move from the scene to what
 * happens to how it feels, a chorus that opens and closes on the hook and repeats word for word,
 * a bridge that turns. Deterministic for a description, mood and seed.
 */
import type { Genre, Mood } from "../profiles";
import { createRng, hashString, type Rng } from "../prng";
import type { Stress } from "../phonetics";
import { banTemplates, chooseLine, commit, partnersIn, type SongState } from "./lines";
import { lineMeter, SYLLABLE_RANGE, type LineMeter } from "./meter";
import { banItems } from "./grammar";
import { buildPalette, type Palette } from "./palette";
import { formatLyrics, knownKind, type LyricSection, type LyricSectionKind } from "./parse";
import { chooseHook, type Hook } from "./title";
import type { Role } from "./templates";
import { understand, type Theme } from "./understand";
import { contentLemmas } from "./words";

export interface StructurePart {
  /** A lyric section kind; unknown kinds ("solo", "drop") are written as verses. */
  kind: LyricSectionKind | (string & {});
  label: string;
  lines: number;
}

export interface LyricsRequest {
  description: string;
  mood: Mood;
  genre?: Genre;
  seed: number;
  /** Sections and line counts to write; default: verse, chorus, verse, chorus, bridge, chorus. */
  structure?: ReadonlyArray<StructurePart>;
  /** Lines not to write again (e.g. the rest of a draft the assistant is adding to). */
  avoid?: readonly string[];
}

export interface WrittenSection extends LyricSection {
  /** Rhyme scheme, one letter per line: equal letters rhyme (or repeat the hook), X is free. */
  rhyme: string;
  /** Syllables and stresses of each line, for fitting notes to words. */
  meter: LineMeter[];
}

export interface WrittenLyrics {
  title: string;
  /** Tagged text, ready to show or to pass back as user lyrics. */
  text: string;
  sections: WrittenSection[];
  /** The description words the lyrics were built around. */
  keywords: string[];
  /** The chorus hook as sung (the title's line). */
  hook: string;
}

export const DEFAULT_STRUCTURE: ReadonlyArray<{
  kind: LyricSectionKind;
  label: string;
  lines: number;
}> = [
  { kind: "verse", label: "Verse 1", lines: 4 },
  { kind: "chorus", label: "Chorus", lines: 4 },
  { kind: "verse", label: "Verse 2", lines: 4 },
  { kind: "chorus", label: "Chorus", lines: 4 },
  { kind: "bridge", label: "Bridge", lines: 2 },
  { kind: "chorus", label: "Chorus", lines: 4 },
];

// ---------------------------------------------------------------------------------------------

/**
 * The few most recently used values of `cache` (a Map keeps insertion order: a hit moves to the
 * back, the front is dropped). Bounded small on purpose: once lines are written from a palette,
 * lines.ts caches every template's options for it (about 24 MB a palette), so a server writing
 * lyrics for many descriptions held gigabytes when 257 were kept.
 */
function recent<V>(cache: Map<string, V>, key: string, max: number, make: () => V): V {
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const value = make();
  cache.set(key, value);
  if (cache.size > max) cache.delete(cache.keys().next().value!);
  return value;
}

/**
 * Palettes kept: a conversation with the assistant reuses one; a palette rebuilt costs its first
 * song about twice a warm one's time, so a few users at once keep theirs. Each holds its frames'
 * endings (~55 MB since every thing's places and "when"s are in it): five keep the heap near
 * 300 MB, where eight smaller ones did.
 */
export const PALETTES_KEPT = 5;
/** Themes are small (the description's parsed words): many more are kept. */
const THEMES_KEPT = 64;

const themeCache = new Map<string, Theme>();
/** NLP once per description (the assistant asks for several sections about the same theme). */
export function themeOf(description: string): Theme {
  return recent(themeCache, description, THEMES_KEPT, () => understand(description));
}

const paletteCache = new Map<string, Palette>();
export function paletteOf(description: string, mood: Mood): Palette {
  return recent(paletteCache, `${mood}|${description}`, PALETTES_KEPT, () =>
    buildPalette(themeOf(description), mood),
  );
}

export function songRng(description: string, seed: number): Rng {
  return createRng(hashString(description, seed >>> 0));
}

const CHORUS_ROLES: Role[] = ["chorus", "feel"];

/** The song's hook for a description, mood and seed (also its title). */
export function hookFor(description: string, mood: Mood, seed: number): Hook {
  const palette = paletteOf(description, mood);
  return chooseHook(palette, songRng(description, seed).fork("hook"), (end) =>
    partnersIn(CHORUS_ROLES, palette, end),
  );
}

// ---------------------------------------------------------------------------------------------
// Rhyme schemes and line jobs

function quatrains(n: number, rng: Rng): string {
  const forms = ["ABAB", "AABB", "XAXA", "ABAB", "AABB"];
  let out = "";
  while (n - out.length >= 4) out += relabel(rng.pick(forms), out);
  if (n - out.length >= 2) out += relabel("AA", out);
  if (n - out.length === 1) out += "X";
  return out;
}

/** Shift letters of a new group past those already used ("AB" after "ABAB" → "CD"). */
function relabel(group: string, before: string): string {
  const used = new Set(before.replace(/X/g, ""));
  const base = used.size;
  return group.replace(/[A-W]/g, (c) => String.fromCharCode(65 + base + c.charCodeAt(0) - 65));
}

/** Chorus: the hook opens and closes it; the line after the hook rhymes with it. */
function chorusScheme(n: number): string {
  if (n <= 1) return "A";
  if (n === 2) return "AA";
  // Lines between "hook, rhyme" and the closing hook: couplets, a free line before the hook.
  const middle = n - 3;
  let mid = "";
  while (middle - mid.length >= 2) mid += relabel("AA", `A${mid}`);
  if (middle - mid.length === 1) mid += "X";
  return `AA${mid}A`;
}

/**
 * Chorus whose hook is hard to rhyme ("the day I danced"): the hook frames it and the lines in
 * between rhyme with each other instead.
 */
function framedChorusScheme(n: number): string {
  if (n <= 2) return "A".repeat(n);
  let mid = "";
  while (n - 2 - mid.length >= 2) mid += relabel("AA", `A${mid}`);
  if (n - 2 - mid.length === 1) mid += "X";
  return `A${mid}A`;
}

function schemeFor(kind: LyricSectionKind, n: number, rng: Rng, framed = false): string {
  if (kind === "chorus") return framed ? framedChorusScheme(n) : chorusScheme(n);
  if (kind === "intro") return "X".repeat(n);
  if (kind === "outro") return n >= 3 ? `X${quatrains(n - 1, rng)}` : "X".repeat(n);
  if (kind === "bridge" || kind === "pre-chorus") {
    if (n === 3) return "AAX";
    return quatrains(n, rng).replace(/XAXA/g, "AABB");
  }
  return quatrains(n, rng);
}

function verseRoles(n: number, verseIndex: number): Role[][] {
  const plans: Role[][][] = [
    [["scene"], ["scene", "story"], ["story"], ["feel"]],
    [["story"], ["scene"], ["feel"], ["story", "feel"]],
    [["scene"], ["story"], ["feel"], ["feel", "story"]],
  ];
  const plan = plans[Math.min(verseIndex, plans.length - 1)] as Role[][];
  return Array.from({ length: n }, (_, i) => plan[i % plan.length] as Role[]);
}

function rolesFor(kind: LyricSectionKind, n: number, verseIndex: number): Role[][] {
  switch (kind) {
    case "chorus":
      return Array.from({ length: n }, () => CHORUS_ROLES);
    case "pre-chorus":
      return Array.from({ length: n }, () => ["build"]);
    case "bridge":
      return Array.from({ length: n }, (_, i) =>
        i % 2 === 0 ? ["turn"] : ["turn", "feel", "story"],
      );
    case "intro":
      return Array.from({ length: n }, () => ["intro"]);
    case "outro":
      return Array.from({ length: n }, () => ["outro", "scene"]);
    default:
      return verseRoles(n, verseIndex);
  }
}

// ---------------------------------------------------------------------------------------------

const endOf = (line: string): string =>
  (line.split(/\s+/).at(-1) ?? "").toLowerCase().replace(/[^a-z']/g, "");

interface Drafted {
  lines: string[];
  rhyme: string;
}

function snapshot(state: SongState): SongState {
  return {
    palette: state.palette,
    usage: {
      count: new Map(state.usage.count),
      ...(state.usage.banned ? { banned: state.usage.banned } : {}),
    },
    lines: new Set(state.lines),
    ends: new Map(state.ends),
    templates: new Map(state.templates),
    banned: state.banned,
    partners: (state.partners ??= new Map()),
    openers: new Map(state.openers ?? []),
    pairs: new Set(state.pairs ?? []),
  };
}

function restore(state: SongState, from: SongState): void {
  state.usage.count = from.usage.count;
  state.lines = from.lines;
  state.ends = from.ends;
  state.templates = from.templates;
  state.openers = from.openers ?? new Map();
  state.pairs = from.pairs ?? new Set();
}

/** A section, rewritten up to five times when a rhyme could not be found. */
function writeSection(
  kind: LyricSectionKind,
  n: number,
  verseIndex: number,
  state: SongState,
  rng: Rng,
  hook: Hook | null,
): Drafted {
  let best: { drafted: Drafted; after: SongState; lost: number } | null = null;
  for (let attempt = 0; attempt < 5; attempt++) {
    const trial = snapshot(state);
    // Every other try may use the whole palette: a rhyme matters more than variety across songs.
    if (attempt % 2 === 1 || attempt === 4) {
      trial.usage = { count: trial.usage.count };
      trial.banned = new Set();
    }
    // The line after the hook rhymes with it when the palette allows; else the hook frames.
    const framed =
      kind === "chorus" &&
      hook !== null &&
      (attempt >= 2 || partnersIn(CHORUS_ROLES, state.palette, endOf(hook.line)) < 1);
    const drafted = draftSection(
      kind,
      n,
      verseIndex,
      trial,
      rng.fork(`try${attempt}`),
      hook,
      framed,
    );
    const lost = drafted.wanted - drafted.rhyme.replace(/X/g, "").length;
    if (!best || lost < best.lost) best = { drafted, after: trial, lost };
    if (lost === 0) break;
  }
  const chosen = best as { drafted: Drafted; after: SongState };
  restore(state, chosen.after);
  return chosen.drafted;
}

function draftSection(
  kind: LyricSectionKind,
  n: number,
  verseIndex: number,
  state: SongState,
  rng: Rng,
  hook: Hook | null,
  framed: boolean,
): Drafted & { wanted: number } {
  let scheme = schemeFor(kind, n, rng, framed).split("");
  const wanted = scheme.filter((l) => l !== "X").length;
  const roles = rolesFor(kind, n, verseIndex);
  const range = SYLLABLE_RANGE[kind];
  const lines: string[] = [];
  /** The song's state before each rhyming line was committed, to take a rewritten one back. */
  const before: (SongState | undefined)[] = [];
  const fixed = (i: number): string | null => {
    if (!hook) return null;
    if (kind === "chorus" && (i === 0 || (i === n - 1 && n >= 3))) return hook.line;
    if (kind === "outro" && i === 0) return hook.line;
    return null;
  };
  // The song's first line names something from the description.
  const opensSong = (at: number): boolean =>
    kind === "verse" && verseIndex === 0 && at === 0 && hasDescription(state.palette);
  for (let i = 0; i < n; i++) {
    const given = fixed(i);
    if (given) {
      lines.push(given);
      continue;
    }
    const letter = scheme[i] ?? "X";
    const first = letter === "X" ? -1 : scheme.indexOf(letter);
    const partnerAt = first >= 0 && first < i ? first : -1;
    const rhymeWith = partnerAt >= 0 ? endOf(lines[partnerAt] ?? "") : null;
    const later = letter !== "X" && partnerAt < 0 ? scheme.indexOf(letter, i + 1) : -1;
    const req = {
      roles: roles[i] ?? ["scene"],
      range,
      rhymeWith,
      partnerRoles: later >= 0 ? (roles[later] ?? null) : null,
      sectionEnds: lines.map(endOf),
      previous: i > 0 ? contentLemmas(lines[i - 1] ?? "") : [],
    };
    const opening = opensSong(i);
    // The opening may be a scene or what the singer does, whichever the description gives.
    let c = chooseLine(
      opening ? { ...req, roles: ["scene", "story"], fromDescription: true } : req,
      state,
      rng,
    );
    // No rhyme in the line's own job: any job may end on it; failing that, the line is free.
    if (!c && rhymeWith) c = chooseLine({ ...req, roles: ALL_ROLES }, state, rng);
    // A couplet whose first line has no rhyme left: write that line again with another ending.
    const earlier = before[partnerAt];
    if (!c && rhymeWith && partnerAt === i - 1 && fixed(partnerAt) === null && earlier) {
      // The lines are chosen as if the one being replaced had never been sung.
      const withOld = snapshot(state);
      restore(state, earlier);
      const tried = [rhymeWith];
      for (let k = 0; k < 6 && !c; k++) {
        // Written again, the song's first line still names the description.
        const first = chooseLine(
          {
            roles: opensSong(partnerAt) ? ["scene", "story"] : (roles[partnerAt] ?? ["scene"]),
            range,
            partnerRoles: ALL_ROLES,
            sectionEnds: [...lines.slice(0, partnerAt).map(endOf), ...tried],
            ...(opensSong(partnerAt) ? { fromDescription: true } : {}),
          },
          state,
          rng,
        );
        if (!first) break;
        tried.push(first.end);
        const second = chooseLine(
          {
            ...req,
            roles: ALL_ROLES,
            rhymeWith: first.end,
            sectionEnds: [...req.sectionEnds, first.end],
          },
          state,
          rng,
        );
        if (second) {
          commit(first, state);
          lines[partnerAt] = capitalize(first.text);
          c = second;
        }
      }
      if (!c) restore(state, withOld);
    }
    if (!c && rhymeWith) {
      scheme = scheme.map((l, k) => (k === i ? "X" : l));
      c = chooseLine({ ...req, rhymeWith: null, partnerRoles: null }, state, rng);
    }
    if (!c)
      c = chooseLine({ ...req, roles: ALL_ROLES, rhymeWith: null, partnerRoles: null }, state, rng);
    const text = c ? c.text : (hook?.line ?? "oh");
    // Kept only for the first line of a couplet: the second may need it written again.
    const opensCouplet = scheme[i] !== "X" && scheme[i + 1] === scheme[i] && first === i;
    if (c && opensCouplet) before[i] = snapshot(state);
    if (c) commit(c, state);
    lines.push(capitalize(text));
  }
  // A letter left with a single line does not rhyme with anything: mark it free.
  const rhyme = scheme
    .map((l) => (l !== "X" && scheme.filter((x) => x === l).length < 2 ? "X" : l))
    .join("");
  return { lines, rhyme, wanted };
}

function hasDescription(p: Palette): boolean {
  return (
    p.images.some((x) => x.fromDescription) ||
    p.places.some((x) => x.fromDescription) ||
    p.times.some((x) => x.fromDescription) ||
    p.acts.some((x) => x.fromDescription)
  );
}

const ALL_ROLES: Role[] = ["scene", "story", "feel", "chorus", "turn", "build"];

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function withMeter(s: LyricSection & { rhyme: string }): WrittenSection {
  return { ...s, meter: s.lines.map(lineMeter) };
}

/** Write lyrics from a description. Deterministic for the same description, mood and seed. */
export function writeLyrics(req: LyricsRequest): WrittenLyrics {
  const description = req.description.trim() || req.mood.toLowerCase();
  const palette = paletteOf(description, req.mood);
  const rng = songRng(description, req.seed);
  const structure = req.structure ?? DEFAULT_STRUCTURE;
  // A verse on its own (the assistant) needs no hook; the title is still the song's.
  const needsHook = structure.some((p) => p.kind === "chorus" || p.kind === "outro");
  const hook = needsHook ? hookFor(description, req.mood, req.seed) : null;
  const state: SongState = {
    palette,
    usage: { count: new Map(), banned: banItems(palette, rng.fork("palette")) },
    lines: new Set(),
    ends: new Map(),
    templates: new Map(),
    banned: banTemplates(rng.fork("voice")),
  };
  if (hook) state.lines.add(hook.line.toLowerCase());
  for (const line of req.avoid ?? []) state.lines.add(line.toLowerCase());
  const chorusLines = Math.max(
    0,
    ...structure.filter((p) => p.kind === "chorus").map((p) => p.lines),
  );
  let chorus: Drafted | null = null;
  const sections: WrittenSection[] = [];
  let verseIndex = 0;
  for (const part of structure) {
    if (part.lines <= 0) continue;
    const kind = knownKind(part.kind);
    if (kind === "chorus") {
      chorus ??= writeSection("chorus", chorusLines, 0, state, rng.fork("chorus"), hook);
      const lines = chorusFor(chorus.lines, part.lines);
      sections.push(
        withMeter({
          kind,
          label: part.label,
          lines,
          rhyme: chorusRhyme(chorus.rhyme, lines.length),
        }),
      );
      continue;
    }
    const drafted = writeSection(
      kind,
      part.lines,
      verseIndex,
      state,
      rng.fork(`${part.label}#${sections.length}`),
      hook,
    );
    if (kind === "verse") verseIndex++;
    sections.push(
      withMeter({ kind, label: part.label, lines: drafted.lines, rhyme: drafted.rhyme }),
    );
  }
  const titled = hook ?? hookFor(description, req.mood, req.seed);
  return {
    title: titled.title,
    text: formatLyrics(sections),
    sections,
    keywords: palette.theme.keywords.slice(0, 6),
    hook: titled.line,
  };
}

/** A shorter chorus keeps its opening lines and still ends on the hook. */
function chorusFor(full: readonly string[], n: number): string[] {
  if (n >= full.length) return [...full];
  if (n <= 2) return full.slice(0, n);
  return [...full.slice(0, n - 1), full[full.length - 1] as string];
}

function chorusRhyme(full: string, n: number): string {
  if (n >= full.length) return full;
  const kept = n <= 2 ? full.slice(0, n) : full.slice(0, n - 1) + full.slice(-1);
  return kept
    .split("")
    .map((l, _i, all) => (l !== "X" && all.filter((x) => x === l).length < 2 ? "X" : l))
    .join("");
}

export type { Stress };

/**
 * One line for a section of a song about `description`, ending on exactly `end` (a rewrite
 * keeps its rhyme words). Null when no line of the palette can end there.
 */
export function lineEndingOn(opts: {
  description: string;
  mood: Mood;
  seed: number;
  kind: LyricSectionKind;
  end: string;
  avoid?: readonly string[];
}): string | null {
  const palette = paletteOf(opts.description.trim() || opts.mood.toLowerCase(), opts.mood);
  const state: SongState = {
    palette,
    usage: { count: new Map() },
    lines: new Set((opts.avoid ?? []).map((l) => l.toLowerCase())),
    ends: new Map(),
    templates: new Map(),
    banned: new Set(),
  };
  const kind = knownKind(opts.kind);
  const roles = [...new Set(rolesFor(kind, 4, 0).flat()), ...ALL_ROLES];
  const end = opts.end.toLowerCase().replace(/[^a-z']/g, "");
  const c = chooseLine(
    { roles, range: SYLLABLE_RANGE[kind], endWith: end, sectionEnds: [] },
    state,
    createRng(hashString(`${opts.description}|${end}`, opts.seed >>> 0)),
  );
  return c ? capitalize(c.text) : null;
}
