/**
 * The assistant's songwriting moves, built on the music package's lyric writer and profiles:
 * writing and rewriting sections, rhymes, titles, genre advice and draft editing. All pure.
 */
import { DEFAULT_GENRE_FOR_MOOD, GENRE_PROFILES, GENRES, MOOD_PROFILES, MOODS } from "../profiles";
import type { Genre, Mood } from "../profiles";
import {
  doesRhyme,
  extractKeywords,
  formatLyrics,
  parseLyrics,
  rhymesFor,
  suggestTitle,
  titleFromLyrics,
  writeLyrics,
} from "../lyrics";
import type { LyricSection, LyricSectionKind } from "../lyrics";
import { moodFromLyrics, moodFromText, genreFromText } from "../infer";
import { createRng, hashString } from "../prng";
import { indefiniteArticle, isNounWord } from "../lyrics/inflect";
import type { RewriteDirection } from "./types";

export const CHORUS_SYLLABLES = { min: 5, max: 12 } as const;
export const LINE_LIMITS: Record<
  "verse" | "chorus" | "bridge",
  { min: number; max: number; default: number }
> = {
  verse: { min: 4, max: 8, default: 4 },
  chorus: { min: 4, max: 6, default: 5 },
  bridge: { min: 2, max: 4, default: 2 },
};

export function titleCase(text: string): string {
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

function capitalize(line: string): string {
  return line.charAt(0).toUpperCase() + line.slice(1);
}

/** Theme words worth singing (content words, "the ocean" → ["ocean"]). */
export function themeWords(theme: string): string[] {
  const words = extractKeywords(theme, 4);
  return words.length > 0
    ? words
    : theme
        .toLowerCase()
        .split(/[^a-z']+/)
        .filter((w) => w.length > 2)
        .slice(0, 3);
}

/** The mood to write in: explicit, then the draft's, then implied by the theme, then Dreamy. */
export function writingMood(
  explicit: Mood | undefined,
  draftMood: Mood | undefined,
  theme: string,
): Mood {
  return explicit ?? draftMood ?? moodFromText(theme) ?? "Dreamy";
}

// ---------------------------------------------------------------------------------------------
// Writing sections (the song writer of src/lyrics, one section or a whole song at a time)

type WritableKind = "verse" | "chorus" | "bridge";

/** Lines for one section about `theme`. A chorus opens and closes on the hook, which sings the theme. */
export function writeSectionLines(opts: {
  kind: WritableKind;
  lines?: number;
  theme: string;
  mood: Mood;
  genre?: Genre;
  seed: number;
  /** Lines already in the draft, not to be written again. */
  avoid?: readonly string[];
}): string[] {
  const limits = LINE_LIMITS[opts.kind];
  const total = Math.max(limits.min, Math.min(limits.max, opts.lines ?? limits.default));
  const written = writeLyrics({
    description: opts.theme,
    mood: opts.mood,
    ...(opts.genre ? { genre: opts.genre } : {}),
    seed: opts.seed,
    structure: [{ kind: opts.kind as LyricSectionKind, label: "S", lines: total }],
    ...(opts.avoid ? { avoid: opts.avoid } : {}),
  });
  return written.sections[0]?.lines ?? [];
}

/** A whole song about `theme`: verse, chorus, verse, chorus, bridge, chorus. */
export function writeSongSections(opts: {
  theme: string;
  mood: Mood;
  genre?: Genre;
  seed: number;
}): LyricSection[] {
  const written = writeLyrics({
    description: opts.theme,
    mood: opts.mood,
    ...(opts.genre ? { genre: opts.genre } : {}),
    seed: opts.seed,
    structure: [
      { kind: "verse", label: "Verse 1", lines: LINE_LIMITS.verse.default },
      { kind: "chorus", label: "Chorus", lines: LINE_LIMITS.chorus.default },
      { kind: "verse", label: "Verse 2", lines: LINE_LIMITS.verse.default },
      { kind: "chorus", label: "Chorus", lines: LINE_LIMITS.chorus.default },
      { kind: "bridge", label: "Bridge", lines: LINE_LIMITS.bridge.default },
      { kind: "chorus", label: "Chorus", lines: LINE_LIMITS.chorus.default },
    ],
  });
  return written.sections.map((s) => ({ kind: s.kind, label: s.label, lines: s.lines }));
}

/** Two more rhyming lines for a section (used by "longer"). */
export function extraLines(
  kind: WritableKind,
  theme: string,
  mood: Mood,
  seed: number,
  avoid: readonly string[] = [],
): string[] {
  const written = writeLyrics({
    description: theme,
    mood,
    seed: seed ^ 0x2c1b3c6d,
    structure: [{ kind: kind === "bridge" ? "bridge" : "verse", label: "S", lines: 2 }],
    avoid,
  });
  return written.sections[0]?.lines ?? [];
}

// ---------------------------------------------------------------------------------------------
// Rewriting sections

/** Word swaps per direction (the last word of a line is kept so rhymes survive). */
const SWAPS: Record<"sadder" | "happier" | "hopeful" | "darker", Record<string, string>> = {
  sadder: {
    bright: "faded",
    golden: "grey",
    sunny: "clouded",
    shining: "fading",
    sweet: "bitter",
    easy: "heavy",
    warm: "cold",
    smile: "tears",
    smiles: "tears",
    laugh: "sigh",
    dance: "drift",
    dancing: "drifting",
    sun: "rain",
    morning: "evening",
    together: "apart",
    found: "lost",
    chasing: "losing",
    calling: "fading",
    sing: "whisper",
    hold: "miss",
    remember: "still miss",
    shine: "fade",
    gold: "dust",
    play: "wait",
    light: "shadow",
    alive: "alone",
  },
  darker: {
    bright: "dark",
    golden: "black",
    sunny: "stormy",
    shining: "burning",
    sweet: "cold",
    easy: "restless",
    warm: "frozen",
    smile: "scar",
    smiles: "scars",
    laugh: "scream",
    sun: "moon",
    morning: "midnight",
    light: "shadow",
    sing: "howl",
    chasing: "haunting",
    calling: "crying",
    dancing: "falling",
    together: "alone",
    gold: "ash",
    sky: "storm",
    dream: "nightmare",
  },
  happier: {
    grey: "golden",
    fading: "shining",
    faded: "bright",
    empty: "open",
    quiet: "easy",
    broken: "shining",
    distant: "close",
    rain: "sun",
    tears: "smiles",
    cold: "warm",
    alone: "together",
    dark: "bright",
    lost: "found",
    shadow: "sunlight",
    losing: "chasing",
    goodbye: "hello",
    cry: "laugh",
    crying: "laughing",
    miss: "hold",
    sad: "glad",
    lonely: "lucky",
  },
  hopeful: {
    grey: "rising",
    fading: "rising",
    faded: "waking",
    empty: "open",
    quiet: "steady",
    broken: "mending",
    distant: "coming",
    lost: "found",
    goodbye: "hello",
    dark: "dawn",
    shadow: "daylight",
    losing: "finding",
    cry: "hope",
    crying: "hoping",
    alone: "still here",
    tears: "light",
    cold: "waking",
    miss: "find",
  },
};

/** Mood a direction moves the song to (null: the mood stays). */
export const DIRECTION_MOOD: Record<RewriteDirection, Mood | null> = {
  sadder: "Melancholic",
  darker: "Melancholic",
  happier: "Happy",
  hopeful: "Motivational",
  shorter: null,
  longer: null,
  fresh: null,
};

const ALL_ADJECTIVES: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  for (const mood of MOODS)
    MOOD_PROFILES[mood].adjectives.forEach((a, i) => m.set(a.toLowerCase(), i));
  return m;
})();

function matchCase(original: string, replacement: string): string {
  return /^[A-Z]/.test(original) ? capitalize(replacement) : replacement;
}

/**
 * Turns of phrase the writer uses, and what they become in each direction. Applied before the
 * single-word swaps; never across a line's last word.
 */
const PHRASES: Record<"toDark" | "toBright", [RegExp, string][]> = {
  toDark: [
    [/\bnothing's better than\b/i, "nothing's left but"],
    [/\bI love the way\b/i, "I miss the way"],
    [/\bI can't wait to\b/i, "I never meant to"],
    [/\bI'm holding on to\b/i, "I'm letting go of"],
    [/\bI'm learning to love\b/i, "I'm learning to live with"],
    [/\bI'm not afraid of\b/i, "I'm still afraid of"],
    [/\bI've got\b/i, "I've lost"],
    [/\ball we need is\b/i, "all we lost was"],
    [/\bjust for us\b/i, "for no one"],
    [/\bhold on to\b/i, "let go of"],
    [/\bI still remember\b/i, "I can't forget"],
    [/\bI wouldn't trade\b/i, "I'd give away"],
    [/\bcome on and\b/i, "I never"],
    [/\bwho knew\b/i, "I never knew"],
    [/\bI'll be\b/i, "I won't be"],
  ],
  toBright: [
    [/\bnothing's left but\b/i, "nothing's better than"],
    [/\bI miss the way\b/i, "I love the way"],
    [/\bI never meant to\b/i, "I can't wait to"],
    [/\bI'm letting go of\b/i, "I'm holding on to"],
    [/\bI can't forget\b/i, "I still remember"],
    [/\bI'm getting used to\b/i, "I'm learning to love"],
    [/\byou're not here to see\b/i, "I can't wait to show you"],
    [/\bfor no one\b/i, "just for us"],
    [/\bI miss\b/i, "I love"],
    [/\bI hold on to\b/i, "I'm holding on to"],
    [/\bnobody warned me about\b/i, "I'm glad I found"],
    [/\ball I've got is\b/i, "I'm thankful for"],
    [/\bI used to think\b/i, "I always knew"],
    [/\bI won't be\b/i, "I'll be"],
  ],
};

/** "a apple" → "an apple", "an grey" → "a grey", by the next word's first sound. */
export function fixArticles(line: string): string {
  return line.replace(
    /\b([Aa])n? ([A-Za-z'-]+)/g,
    (_m, a: string, next: string) => `${a}${indefiniteArticle(next).slice(1)} ${next}`,
  );
}

/** Swap words in one line towards a direction: phrases, mood adjectives, then the word list. */
export function shiftLine(
  line: string,
  direction: "sadder" | "happier" | "hopeful" | "darker",
): string {
  const target = DIRECTION_MOOD[direction] as Mood;
  const targetAdjectives: readonly string[] = MOOD_PROFILES[target].adjectives;
  const own = new Set(targetAdjectives.map((a) => a.toLowerCase()));
  const cut = line.search(/\S+\s*$/);
  let head = cut > 0 ? line.slice(0, cut) : "";
  const last = cut > 0 ? line.slice(cut) : line;
  const phrases =
    direction === "sadder" || direction === "darker" ? PHRASES.toDark : PHRASES.toBright;
  for (const [re, to] of phrases) {
    if (re.test(head)) {
      head = head.replace(re, (m) => matchCase(m, to));
      break;
    }
  }
  const tokens = head.split(/(\s+)/);
  const swapped = tokens
    .map((tok) => {
      if (!/[A-Za-z]/.test(tok)) return tok;
      const m = /^([^A-Za-z']*)([A-Za-z']+)(.*)$/.exec(tok);
      if (!m) return tok;
      const [, pre = "", word = "", post = ""] = m;
      const lower = word.toLowerCase();
      const swap = SWAPS[direction][lower];
      if (swap) return pre + matchCase(word, swap) + post;
      const adjIndex = ALL_ADJECTIVES.get(lower);
      if (adjIndex !== undefined && !own.has(lower)) {
        return (
          pre + matchCase(word, targetAdjectives[adjIndex % targetAdjectives.length] ?? word) + post
        );
      }
      return tok;
    })
    .join("");
  return fixArticles(swapped + last);
}

// ---------------------------------------------------------------------------------------------
// Draft editing

export function draftSections(lyrics: string | undefined): LyricSection[] {
  return lyrics && lyrics.trim() ? parseLyrics(lyrics) : [];
}

export function uniqueLabels(sections: readonly LyricSection[]): string[] {
  const out: string[] = [];
  for (const s of sections) if (!out.includes(s.label)) out.push(s.label);
  return out;
}

export function verseNumbers(sections: readonly LyricSection[]): number[] {
  const out: number[] = [];
  for (const s of sections) {
    if (s.kind !== "verse") continue;
    const n = Number(/(\d+)/.exec(s.label)?.[1] ?? "0");
    if (n > 0 && !out.includes(n)) out.push(n);
  }
  return out.sort((a, b) => a - b);
}

/** Replace every section with `label` (chorus repeats included) or insert a new one in song order. */
export function putSection(
  sections: readonly LyricSection[],
  section: LyricSection,
): LyricSection[] {
  const copy = (s: LyricSection): LyricSection => ({ ...s, lines: [...s.lines] });
  if (sections.some((s) => s.label === section.label)) {
    return sections.map((s) => (s.label === section.label ? copy(section) : copy(s)));
  }
  const out = sections.map(copy);
  const chorus = out.find((s) => s.kind === "chorus");
  if (section.kind === "chorus") {
    // After the first verse (and after each later verse, so the song reads verse/chorus).
    const result: LyricSection[] = [];
    for (const s of out) {
      result.push(s);
      if (s.kind === "verse") result.push(copy(section));
    }
    if (!result.some((s) => s.kind === "chorus")) result.push(copy(section));
    return result;
  }
  if (section.kind === "verse") {
    const n = Number(/(\d+)/.exec(section.label)?.[1] ?? "1");
    // Insert before the first later verse / bridge, else after the previous verse block.
    let at = out.findIndex(
      (s) =>
        (s.kind === "verse" && Number(/(\d+)/.exec(s.label)?.[1] ?? "0") > n) ||
        (s.kind === "bridge" && n > 1),
    );
    if (n === 1 && out.every((s) => s.kind !== "verse")) at = 0;
    const block = n > 1 && chorus ? [copy(section), copy(chorus)] : [copy(section)];
    if (at < 0) return [...out, ...block];
    out.splice(at, 0, ...block);
    return out;
  }
  // Bridge: at the end, followed by a last chorus (verse, chorus, verse, chorus, bridge, chorus).
  return chorus ? [...out, copy(section), copy(chorus)] : [...out, copy(section)];
}

export function lyricsText(sections: readonly LyricSection[]): string | undefined {
  return sections.length > 0 ? formatLyrics(sections) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Rhymes

/** Everyday rhymes for a word (perfect first, then slant), each confirmed by doesRhyme; at most 12. */
export function rhymeList(word: string): string[] {
  const w = word.toLowerCase();
  return rhymesFor(w, 24)
    .filter((c) => doesRhyme(w, c))
    .slice(0, 12);
}

/** A rhyming couplet: a line ending on `word`, then one ending on a rhyme that is a thing. */
export function exampleCouplet(
  word: string,
  rhymes: readonly string[],
  mood: Mood,
  seed: number,
): [string, string] | null {
  const rhyme = rhymes.find(isNounWord);
  if (!rhyme || !isNounWord(word)) return null;
  const rng = createRng(seed ^ hashString(word));
  const adj = rng.pick(MOOD_PROFILES[mood].adjectives);
  const firsts = [
    `I keep a ${adj} light burning for the ${word}`,
    `Every ${adj} night I'm coming back to the ${word}`,
    `Standing in the ${adj} glow of the ${word}`,
  ];
  const seconds = [
    `and every road I take still leads me to the ${rhyme}`,
    `so I'm singing out across the ${rhyme}`,
    `till the morning finds me waiting by the ${rhyme}`,
  ];
  return [fixArticles(rng.pick(firsts)), rng.pick(seconds)];
}

// ---------------------------------------------------------------------------------------------
// Titles

/** Distinct title ideas: the theme itself, the lyric hook, and mood-flavoured variants. */
export function titleOptions(opts: {
  theme?: string;
  lyrics?: string;
  mood: Mood;
  seed: number;
}): string[] {
  const out: string[] = [];
  const add = (t: string | undefined): void => {
    const clean = (t ?? "")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 60)
      .replace(/(\s+(and|the|a|an|of|to|with|in|on|for|at|by))+$/i, "");
    if (
      clean.length >= 3 &&
      clean.toLowerCase() !== "untitled" &&
      !out.some((o) => o.toLowerCase() === clean.toLowerCase())
    )
      out.push(clean);
  };
  const theme = opts.theme?.trim();
  if (theme && theme.split(/\s+/).length <= 5)
    add(titleCase(theme.replace(/^(the|a|an)\s+/i, (m) => m)));
  if (opts.lyrics) {
    const sections = parseLyrics(opts.lyrics);
    const chorus = sections.find((s) => s.kind === "chorus");
    const hook = chorus?.lines[chorus.lines.length - 1];
    if (hook) add(titleCase(hook.split(",")[0] ?? hook));
    add(titleFromLyrics(opts.lyrics));
  }
  const sung = parseLyrics(opts.lyrics ?? "")
    .flatMap((s) => s.lines)
    .join(" ");
  const description = theme ?? extractKeywords(sung, 3).join(" ");
  for (let i = 0; i < 4; i++)
    add(suggestTitle({ description, mood: opts.mood, seed: (opts.seed + i * 104729) >>> 0 }));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Mood and genre knowledge

export function inferMood(draft: { mood?: Mood; lyrics?: string; theme?: string }): {
  mood: Mood;
  inferred: boolean;
} {
  if (draft.mood) return { mood: draft.mood, inferred: false };
  const fromTheme = draft.theme ? moodFromText(draft.theme) : null;
  if (fromTheme) return { mood: fromTheme, inferred: true };
  if (draft.lyrics && draft.lyrics.trim())
    return { mood: moodFromLyrics(draft.lyrics), inferred: true };
  return { mood: "Dreamy", inferred: true };
}

function overlap(a: readonly [number, number], b: readonly [number, number]): number {
  const lo = Math.max(a[0], b[0]);
  const hi = Math.min(a[1], b[1]);
  return hi <= lo ? 0 : (hi - lo) / (a[1] - a[0]);
}

export interface GenreAdvice {
  genre: Genre;
  runnerUp: Genre;
  mood: Mood;
  moodInferred: boolean;
  reason: string;
}

/** Rank the 9 genres for a draft: the mood's home genre, keyword hits, tempo and mode overlap. */
export function adviseGenre(draft: { mood?: Mood; lyrics?: string; theme?: string }): GenreAdvice {
  const { mood, inferred } = inferMood(draft);
  const moodProfile = MOOD_PROFILES[mood];
  const text = `${draft.theme ?? ""}\n${draft.lyrics ?? ""}`;
  const keywordGenre = genreFromText(text);
  const scored = GENRES.map((g, i) => {
    const p = GENRE_PROFILES[g];
    const modes: readonly string[] = p.modes;
    const modeFit =
      modes.length === 0
        ? 0.5
        : moodProfile.modes.filter((m) => modes.includes(m)).length / moodProfile.modes.length;
    const score =
      (DEFAULT_GENRE_FOR_MOOD[mood] === g ? 3 : 0) +
      (keywordGenre === g ? 2.5 : 0) +
      overlap(moodProfile.tempo, p.tempo) * 1.5 +
      modeFit -
      i * 0.001;
    return { g, score };
  }).sort((a, b) => b.score - a.score);
  const genre = scored[0]?.g ?? DEFAULT_GENRE_FOR_MOOD[mood];
  const runnerUp = scored[1]?.g ?? "Pop";
  const p = GENRE_PROFILES[genre];
  const parts: string[] = [];
  parts.push(
    `the draft feels ${mood}${inferred ? " (my reading of the words so far)" : ""}, which sits around ${moodProfile.tempo[0]}–${moodProfile.tempo[1]} BPM`,
  );
  if (keywordGenre === genre) parts.push(`its words point that way too`);
  const instruments = `${p.lead.replace(/-/g, " ")} lead over ${p.chords.replace(/-/g, " ")}, ${p.bass.replace(/-/g, " ")}`;
  const drums = p.drums === "none" ? "no drums" : `${p.drums.replace(/-/g, " ")} drums`;
  const reason = `${capitalize(parts.join(", and "))}. ${genre} plays ${p.tempo[0]}–${p.tempo[1]} BPM with a ${instruments} and ${drums}${p.swing > 0.1 ? ", with swing" : ""}, so it carries that feeling well.`;
  return { genre, runnerUp, mood, moodInferred: inferred, reason };
}

export function moodBlurb(mood: Mood): string {
  const p = MOOD_PROFILES[mood];
  return `${p.tempo[0]}–${p.tempo[1]} BPM, ${p.adjectives.slice(0, 3).join(", ")}`;
}

export function genreBlurb(genre: Genre): string {
  const p = GENRE_PROFILES[genre];
  return `${p.tempo[0]}–${p.tempo[1]} BPM, ${p.lead.replace(/-/g, " ")} and ${p.chords.replace(/-/g, " ")}${p.drums === "none" ? ", no drums" : ""}`;
}
