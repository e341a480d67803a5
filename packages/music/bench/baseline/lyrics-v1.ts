/**
 * The first lyric writer (until issue 13), kept only as the benchmark's baseline: it drops the
 * description's words into noun slots whatever their part of speech. Not used by the product.
 */
/* eslint-disable */
// @ts-nocheck
import { createRng, hashString } from "../../src/prng";
import type { Rng } from "../../src/prng";
import { MOOD_PROFILES } from "../../src/profiles";
import type { Genre, Mood } from "../../src/profiles";
import { countSyllables } from "../../src/syllables";

export type LyricSectionKind = "intro" | "verse" | "pre-chorus" | "chorus" | "bridge" | "outro";

export interface LyricSection {
  kind: LyricSectionKind;
  /** Display label, e.g. "Verse 1", "Chorus". */
  label: string;
  lines: string[];
}

/** Rhyme groups: words in one group rhyme with each other. Nouns first so templates read well. */
export const RHYME_GROUPS: Record<string, readonly string[]> = {
  ight: [
    "night",
    "light",
    "flight",
    "sight",
    "kite",
    "fight",
    "tonight",
    "bright",
    "white",
    "height",
  ],
  ire: ["fire", "wire", "choir", "desire", "higher", "empire"],
  ain: ["rain", "lane", "train", "chain", "pane", "flame", "name", "vein", "plane", "again"],
  art: ["heart", "start", "art", "chart", "part", "dark"],
  ay: ["day", "way", "bay", "ray", "play", "stay", "grey", "away", "today", "May"],
  ore: ["shore", "floor", "door", "core", "roar", "more", "before", "war"],
  ide: ["tide", "side", "ride", "pride", "guide", "sky", "eyes", "wide", "alive", "inside"],
  eam: ["dream", "stream", "gleam", "beam", "seam", "team", "scream"],
  ound: ["sound", "ground", "town", "crown", "around", "down", "found"],
  ace: ["space", "place", "face", "race", "grace", "lace", "embrace"],
  ong: ["song", "along", "strong", "long", "belong", "wrong"],
  all: ["hall", "wall", "fall", "call", "ball", "all"],
  oon: ["moon", "tune", "June", "noon", "dune", "soon", "balloon"],
  ea: ["sea", "tree", "key", "free", "me", "breeze", "memory"],
  ave: ["wave", "cave", "brave", "save", "grave"],
  ars: ["stars", "cars", "bars", "scars", "guitars", "hearts"],
  old: ["gold", "road", "home", "soul", "cold", "stone", "glow", "snow", "slow"],
  ove: ["love", "above", "dove", "glove", "enough"],
  eet: ["street", "beat", "heat", "feet", "seat", "sweet"],
  ity: ["city", "pretty", "gritty", "pity"],
  ear: ["year", "fear", "tear", "here", "near", "clear"],
  ow: ["window", "shadow", "echo", "radio", "tomorrow", "meadow"],
  est: ["west", "chest", "rest", "best", "nest", "quest"],
  ine: ["line", "sign", "wine", "time", "shine", "mine", "skyline"],
  ark: ["spark", "park", "mark", "dark"],
};

/** Rhyme words that do not read as nouns after "the" (kept for rhymesFor, skipped by the writer). */
const NOT_NOUNS = new Set(
  "tonight bright white again me free inside alive around down all along strong long belong wrong more before away today stay grey soon enough above sweet pretty cold slow clear near here best mine wide found gritty higher height glow save brave pity".split(
    " ",
  ),
);

const WORD_TO_GROUP = new Map<string, string>();
for (const [group, words] of Object.entries(RHYME_GROUPS)) {
  for (const w of words)
    if (!WORD_TO_GROUP.has(w.toLowerCase())) WORD_TO_GROUP.set(w.toLowerCase(), group);
}

/** Imagery a keyword brings to the lyrics (and to the arrangement, see keywords.ts). */
export const KEYWORD_IMAGERY: Record<string, readonly string[]> = {
  ocean: ["waves", "tide", "shore", "salt", "sea"],
  sea: ["waves", "tide", "shore", "salt"],
  beach: ["sand", "waves", "sun", "shore"],
  night: ["stars", "moon", "streetlights", "midnight", "dark"],
  party: ["lights", "floor", "crowd", "music", "beat"],
  rain: ["rain", "clouds", "window", "thunder", "puddles"],
  city: ["streets", "skyline", "neon", "traffic", "city"],
  summer: ["sun", "heat", "june", "beach", "gold"],
  winter: ["snow", "frost", "cold", "fire", "breath"],
  love: ["heart", "hands", "kiss", "arms", "love"],
  road: ["highway", "wheels", "miles", "road", "dust"],
  fire: ["flame", "spark", "embers", "fire", "smoke"],
  sky: ["clouds", "blue", "sky", "birds", "wind"],
  forest: ["trees", "leaves", "moss", "path", "birds"],
  mountain: ["peak", "stone", "wind", "mountain", "snow"],
  dream: ["dream", "stars", "clouds", "sleep", "moon"],
  space: ["stars", "moon", "orbit", "galaxy", "space"],
  dance: ["floor", "beat", "lights", "feet", "music"],
  sun: ["sun", "light", "gold", "morning", "sky"],
  home: ["door", "home", "porch", "kitchen", "window"],
  morning: ["sunrise", "coffee", "light", "morning", "dew"],
  heart: ["heart", "beat", "chest", "love"],
  star: ["stars", "light", "sky", "night"],
  stars: ["stars", "light", "sky", "night"],
  snow: ["snow", "frost", "white", "cold"],
  train: ["train", "tracks", "station", "window"],
  storm: ["thunder", "rain", "wind", "storm"],
  river: ["river", "stream", "stones", "water"],
  moon: ["moon", "night", "silver", "tide"],
};

const STOPWORDS = new Set(
  (
    "a an the and or but if then so of to in on at by for with about from into over under up down out " +
    "is are was were be been being am do does did done have has had having i me my mine we us our you your " +
    "he she it its they them their this that these those there here what which who whom whose when where why how " +
    "song songs track music make makes made write written want wants like feel feels feeling some any all " +
    "very really just more most much many few lot lots can could should would will shall may might must " +
    "not no yes one two three something someone thing things kind sort type style vibe vibes mood genre " +
    "please let lets get got go going gonna wanna need needs also too than as while during after before " +
    "happy sad chill dreamy romantic confident motivational melancholic hype pop rock jazz classical edm country metal " +
    "hip hop hip-hop rnb r&b tune tunes sound sounds beat beats"
  ).split(/\s+/),
);

/** Content words of a description, in order of first appearance (lowercase, deduplicated). */
export function extractKeywords(text: string, max = 6): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().split(/[^a-z']+/)) {
    const w = raw.replace(/^'+|'+$/g, "").replace(/'s$/, "");
    if (w.length < 3 || STOPWORDS.has(w) || (/ly$/.test(w) && w.length > 5)) continue;
    if (!out.includes(w)) out.push(w);
    if (out.length >= max) break;
  }
  return out;
}

/** The rhyme tail used when a word is not in a known group: last vowel group to the end. */
export function rhymeTail(word: string): string {
  const w = word.toLowerCase().replace(/[^a-z]/g, "");
  const m = /[aeiouy]+[^aeiouy]*e?$/.exec(w);
  return m ? m[0] : w;
}

/** Words that rhyme with `word` from the built-in knowledge (empty when none is known). */
export function rhymesFor(word: string): string[] {
  const w = word.toLowerCase().replace(/[^a-z]/g, "");
  const group = WORD_TO_GROUP.get(w);
  if (group) return (RHYME_GROUPS[group] ?? []).filter((x) => x.toLowerCase() !== w);
  const tail = rhymeTail(w);
  const out = new Set<string>();
  for (const words of Object.values(RHYME_GROUPS)) {
    for (const cand of words) {
      const c = cand.toLowerCase();
      if (c !== w && (c.endsWith(tail) || rhymeTail(c) === tail)) {
        for (const x of words) if (x.toLowerCase() !== w) out.add(x);
        break;
      }
    }
  }
  return [...out];
}

export function doesRhyme(a: string, b: string): boolean {
  const x = a.toLowerCase().replace(/[^a-z]/g, "");
  const y = b.toLowerCase().replace(/[^a-z]/g, "");
  if (!x || !y || x === y) return false;
  const gx = WORD_TO_GROUP.get(x);
  if (gx !== undefined && gx === WORD_TO_GROUP.get(y)) return true;
  return rhymeTail(x) === rhymeTail(y);
}

// ---------------------------------------------------------------------------------------------
// Parsing user lyrics

const TAG_RE = /^\s*\[([^\]]+)\]\s*$/;

function kindFromTag(tag: string): LyricSectionKind {
  const t = tag.toLowerCase();
  if (t.includes("pre")) return "pre-chorus";
  if (t.includes("chorus") || t.includes("hook") || t.includes("refrain")) return "chorus";
  if (t.includes("bridge") || t.includes("middle")) return "bridge";
  if (t.includes("intro")) return "intro";
  if (t.includes("outro") || t.includes("coda") || t.includes("end")) return "outro";
  return "verse";
}

/**
 * Split lyrics into sections. `[Verse]`, `[Chorus]`, `[Bridge]` (and Intro/Outro/Pre-Chorus/Hook)
 * tags are honoured; untagged text becomes verses split on blank lines. Lines are kept exactly
 * (only trailing whitespace is trimmed); empty lines are dropped.
 */
export function parseLyrics(text: string): LyricSection[] {
  const sections: LyricSection[] = [];
  let current: LyricSection | null = null;
  let tagged = false;
  let verseCount = 0;
  const labelCounts = new Map<string, number>();
  const open = (kind: LyricSectionKind, label: string, isTag: boolean): LyricSection => {
    const s: LyricSection = { kind, label, lines: [] };
    sections.push(s);
    tagged = isTag;
    return s;
  };
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/\s+$/, "");
    const tag = TAG_RE.exec(line);
    if (tag) {
      const name = (tag[1] ?? "").trim();
      const kind = kindFromTag(name);
      let label = name;
      if (kind === "verse") {
        verseCount++;
        if (!/\d/.test(name)) label = `Verse ${verseCount}`;
      } else {
        const n = (labelCounts.get(name) ?? 0) + 1;
        labelCounts.set(name, n);
      }
      current = open(kind, label, true);
      continue;
    }
    if (line.trim() === "") {
      // A blank line ends an untagged verse; inside a tagged section it is just spacing.
      if (current && !tagged && current.lines.length > 0) current = null;
      continue;
    }
    if (!current) {
      verseCount++;
      current = open("verse", `Verse ${verseCount}`, false);
    }
    current.lines.push(line.trim());
  }
  return sections.filter((s) => s.lines.length > 0);
}

/** Render sections back to tagged text. */
export function formatLyrics(sections: readonly LyricSection[]): string {
  return sections.map((s) => `[${s.label}]\n${s.lines.join("\n")}`).join("\n\n");
}

// ---------------------------------------------------------------------------------------------
// Titles

function titleCase(text: string): string {
  const small = new Set([
    "a",
    "an",
    "the",
    "of",
    "in",
    "on",
    "and",
    "to",
    "at",
    "for",
    "by",
    "with",
  ]);
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((w, i) =>
      i > 0 && small.has(w.toLowerCase())
        ? w.toLowerCase()
        : w.charAt(0).toUpperCase() + w.slice(1),
    )
    .join(" ");
}

function cleanTitle(line: string, maxWords = 6): string {
  const words = line
    .replace(/[\u201c\u201d"()[\]{}]/g, "")
    .replace(/[.,!?;:]+$/g, "")
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, maxWords);
  return titleCase(words.join(" ").replace(/[,;:]$/, ""));
}

/** Title from lyrics: the most repeated chorus line, else the most repeated line, else the first chorus / first line. */
export function titleFromLyrics(text: string): string {
  const sections = parseLyrics(text);
  const count = new Map<string, number>();
  const norm = (l: string): string =>
    l
      .toLowerCase()
      .replace(/[^a-z0-9' ]/g, "")
      .trim();
  for (const s of sections)
    for (const l of s.lines) count.set(norm(l), (count.get(norm(l)) ?? 0) + 1);
  const best = (lines: string[]): string | null => {
    let top: string | null = null;
    let topN = 1;
    for (const l of lines) {
      const n = count.get(norm(l)) ?? 0;
      if (n > topN && norm(l).length > 0) {
        top = l;
        topN = n;
      }
    }
    return top;
  };
  const chorusLines = sections.filter((s) => s.kind === "chorus").flatMap((s) => s.lines);
  const all = sections.flatMap((s) => s.lines);
  const pick = best(chorusLines) ?? best(all) ?? chorusLines[0] ?? all[0] ?? "Untitled";
  return cleanTitle(pick) || "Untitled";
}

export interface TitleInput {
  description?: string;
  lyrics?: string;
  mood?: Mood;
  seed?: number;
}

/** A deterministic title: from lyrics when given, otherwise from the description's own words. */
export function suggestTitle(input: TitleInput): string {
  if (input.lyrics && input.lyrics.trim()) return titleFromLyrics(input.lyrics);
  const words = extractKeywords(input.description ?? "");
  const rng = createRng((input.seed ?? 0) ^ hashString(input.description ?? ""));
  const mood = input.mood ?? "Dreamy";
  const adj = rng.pick(MOOD_PROFILES[mood].adjectives);
  const a = words[0] ?? rng.pick(["heart", "light", "sky", "road"]);
  const b = words[1];
  const forms: string[] = [`${adj} ${a}`, `${a} tonight`, `under the ${a}`, `the ${a} song`];
  if (b) forms.push(`${a} and ${b}`, `${b} of the ${a}`);
  return titleCase(rng.pick(forms));
}

// ---------------------------------------------------------------------------------------------
// Writing lyrics

export interface LyricsRequest {
  description: string;
  mood: Mood;
  genre?: Genre;
  seed: number;
  /** Sections and line counts to write; default: verse, chorus, verse, chorus, bridge, chorus. */
  structure?: ReadonlyArray<{ kind: LyricSectionKind; label: string; lines: number }>;
}

export interface WrittenLyrics {
  title: string;
  /** Tagged text, ready to show or to pass back as user lyrics. */
  text: string;
  sections: LyricSection[];
  /** The description words the lyrics were built around. */
  keywords: string[];
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

const VERSE_TEMPLATES = [
  "I remember {N} and the {A} {R}",
  "walking through the {N} toward the {R}",
  "every {N} is calling from the {R}",
  "we were chasing {N} across the {R}",
  "there's a {A} {N} underneath the {R}",
  "I can hear the {N} inside the {R}",
  "all the {N} we left beside the {R}",
  "counting every {N} until the {R}",
  "you and me and {N} against the {R}",
  "tracing {A} {N} along the {R}",
  "I keep the {N} like a {A} {R}",
  "somewhere in the {N} I found the {R}",
];
const CHORUS_TEMPLATES = [
  "oh the {N}, the {A} {R}",
  "take me to the {N}, take me to the {R}",
  "{N} on my mind and a {A} {R}",
  "sing it to the {N}, sing it to the {R}",
  "we are {A} like the {R}",
  "hold on to the {N} and the {R}",
  "all night long the {N} and the {R}",
];
const BRIDGE_TEMPLATES = [
  "and if the {N} falls apart, I'll find the {R}",
  "maybe all we need is {N} and a little {R}",
  "when the {N} is gone, I'll still be the {R}",
  "so let the {N} carry us into the {R}",
];

interface WriterState {
  rng: Rng;
  nouns: string[];
  imagery: string[];
  adjectives: readonly string[];
  nounCursor: number;
}

function nextNoun(st: WriterState): string {
  const pool = st.nouns.length > 0 ? st.nouns : st.imagery;
  const n = pool[st.nounCursor % pool.length] ?? "light";
  st.nounCursor++;
  return n;
}

function fill(template: string, st: WriterState, rhyme: string, noun?: string): string {
  return template
    .replace("{N}", noun ?? nextNoun(st))
    .replace("{N}", st.rng.pick(st.imagery))
    .replace("{A}", st.rng.pick(st.adjectives))
    .replace("{R}", rhyme);
}

/** Pick a rhyme group, preferring one that contains a description word or an image. */
function pickRhymePair(
  st: WriterState,
  preferred: readonly string[],
  used: Set<string>,
): [string, string] {
  const candidates: string[] = [];
  for (const w of preferred) {
    const g = WORD_TO_GROUP.get(w.toLowerCase());
    if (g && !used.has(g)) candidates.push(g);
  }
  const usable = (g: string): boolean =>
    (RHYME_GROUPS[g] ?? []).filter((w) => !NOT_NOUNS.has(w.toLowerCase())).length >= 2;
  const groups = Object.keys(RHYME_GROUPS).filter((g) => !used.has(g) && usable(g));
  const group =
    candidates.length > 0
      ? (candidates[0] as string)
      : st.rng.pick(groups.length ? groups : Object.keys(RHYME_GROUPS));
  used.add(group);
  const all = RHYME_GROUPS[group] ?? ["light", "night"];
  const nounsOnly = all.filter((w) => !NOT_NOUNS.has(w.toLowerCase()));
  const words = nounsOnly.length >= 2 ? nounsOnly : [...all];
  const first =
    preferred.find((w) => WORD_TO_GROUP.get(w.toLowerCase()) === group) ?? st.rng.pick(words);
  const rest = words.filter((w) => w !== first);
  return [first, st.rng.pick(rest.length ? rest : words)];
}

function writeSection(
  kind: LyricSectionKind,
  lines: number,
  st: WriterState,
  used: Set<string>,
): string[] {
  const templates =
    kind === "chorus" ? CHORUS_TEMPLATES : kind === "bridge" ? BRIDGE_TEMPLATES : VERSE_TEMPLATES;
  const out: string[] = [];
  const preferred = [...st.nouns, ...st.imagery];
  let pair: [string, string] = ["light", "night"];
  const order = [...templates];
  for (let i = 0; i < lines; i++) {
    if (i % 2 === 0) pair = pickRhymePair(st, preferred, used);
    const idx = st.rng.int(0, order.length - 1);
    const t = order.splice(idx, 1)[0] ?? templates[0] ?? "{N} and {R}";
    if (order.length === 0) order.push(...templates);
    const rhyme = i % 2 === 0 ? pair[0] : pair[1];
    const noun = kind === "chorus" && i === 0 ? (st.nouns[0] ?? undefined) : undefined;
    let line = fill(t, st, rhyme, noun);
    line = line.charAt(0).toUpperCase() + line.slice(1);
    out.push(line);
  }
  return out;
}

/** Write verse/chorus lyrics from a description, using its own words and rhymes. Deterministic. */
export function writeLyrics(req: LyricsRequest): WrittenLyrics {
  const rng = createRng(hashString(req.description, req.seed >>> 0));
  const keywords = extractKeywords(req.description);
  const imagery: string[] = [];
  for (const k of keywords)
    for (const im of KEYWORD_IMAGERY[k] ?? []) if (!imagery.includes(im)) imagery.push(im);
  if (imagery.length < 4) {
    const moodImagery: Record<Mood, string[]> = {
      Happy: ["sun", "morning", "gold", "sky"],
      Confident: ["crown", "street", "city", "spark"],
      Motivational: ["mountain", "fire", "road", "sky"],
      Melancholic: ["rain", "window", "shadow", "letters"],
      Dreamy: ["clouds", "stars", "moon", "haze"],
      Chill: ["coffee", "breeze", "window", "sunday"],
      Romantic: ["heart", "candles", "hands", "roses"],
      Hype: ["lights", "bass", "crowd", "fire"],
    };
    for (const im of moodImagery[req.mood]) if (!imagery.includes(im)) imagery.push(im);
  }
  const st: WriterState = {
    rng,
    nouns: keywords.slice(0, 4),
    imagery,
    adjectives: MOOD_PROFILES[req.mood].adjectives,
    nounCursor: 0,
  };
  const structure = req.structure ?? DEFAULT_STRUCTURE;
  const sections: LyricSection[] = [];
  let chorus: string[] | null = null;
  const used = new Set<string>();
  for (const part of structure) {
    if (part.lines <= 0) continue;
    let lines: string[];
    if (part.kind === "chorus") {
      if (!chorus || chorus.length < part.lines)
        chorus = writeSection("chorus", part.lines, st, used);
      lines = chorus.slice(0, part.lines);
    } else {
      lines = writeSection(part.kind, part.lines, st, used);
    }
    sections.push({ kind: part.kind, label: part.label, lines });
  }
  // Make sure every description keyword appears at least once.
  const text0 = sections
    .flatMap((s) => s.lines)
    .join("\n")
    .toLowerCase();
  const missing = st.nouns.filter((n) => !new RegExp(`\\b${n}\\b`).test(text0));
  const lastVerse =
    [...sections].reverse().find((s) => s.kind !== "chorus") ?? sections[sections.length - 1];
  if (missing.length > 0 && lastVerse && lastVerse.lines.length > 0) {
    const i = lastVerse.lines.length - 1;
    const line = lastVerse.lines[i] ?? "";
    lastVerse.lines[i] = `${line.replace(/[.,!?]$/, "")} with ${missing.join(" and ")}`.replace(
      /^./,
      (c) => c.toUpperCase(),
    );
  }
  const text = formatLyrics(sections);
  const title = suggestTitle({ description: req.description, mood: req.mood, seed: req.seed });
  return { title, text, sections, keywords: st.nouns };
}

/** Rough lyric sentiment: -1 (sad) .. 1 (happy) and 0..1 energy, from word lists. */
export function lyricSentiment(text: string): { valence: number; energy: number } {
  const pos =
    /\b(love|happy|joy|smile|sun|shine|bright|dance|free|alive|laugh|gold|sweet|best|win|together|light)\b/g;
  const neg =
    /\b(sad|cry|tears|alone|lonely|lost|cold|dark|rain|goodbye|broken|pain|empty|die|miss|gone|grey|hurt)\b/g;
  const hi = /\b(party|jump|loud|fire|run|wild|fight|scream|go|now|up|bass|crowd|turn)\b/g;
  const t = text.toLowerCase();
  const p = (t.match(pos) ?? []).length;
  const n = (t.match(neg) ?? []).length;
  const e = (t.match(hi) ?? []).length;
  const words = Math.max(1, t.split(/\s+/).length);
  return { valence: p + n === 0 ? 0 : (p - n) / (p + n), energy: Math.min(1, (e / words) * 12) };
}

export { countSyllables };
