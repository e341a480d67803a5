/**
 * The assistant's songwriting moves, built on the music package's lyric writer and profiles:
 * writing and rewriting sections, rhymes, titles, genre advice and draft editing. All pure.
 */
import { DEFAULT_GENRE_FOR_MOOD, GENRE_PROFILES, GENRES, MOOD_PROFILES, MOODS } from "../profiles";
import type { Genre, Mood } from "../profiles";
import {
  KEYWORD_IMAGERY,
  RHYME_GROUPS,
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
import { countSyllables } from "../syllables";
import { createRng, hashString } from "../prng";
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
// Writing sections

const MOOD_IMAGERY: Record<Mood, readonly string[]> = {
  Happy: ["sun", "morning", "gold", "sky"],
  Confident: ["crown", "street", "city", "spark"],
  Motivational: ["mountain", "fire", "road", "sky"],
  Melancholic: ["rain", "window", "shadow", "letters"],
  Dreamy: ["clouds", "stars", "moon", "haze"],
  Chill: ["coffee", "breeze", "window", "sunday"],
  Romantic: ["heart", "candles", "hands", "roses"],
  Hype: ["lights", "bass", "crowd", "fire"],
};

/**
 * What we hand writeLyrics as the description: the theme's nouns first, then images they bring
 * (rotated by seed so each section leans on different ones). Gerunds ("leaving") read badly as
 * nouns in the templates, so they are left to the chorus hook.
 */
export function writerDescription(theme: string, mood: Mood, seed: number): string {
  const words = themeWords(theme);
  const nouns = words.filter((w) => !/ing$/.test(w));
  const base = nouns.length > 0 ? nouns : words;
  const images: string[] = [];
  for (const w of base)
    for (const im of KEYWORD_IMAGERY[w] ?? [])
      if (!base.includes(im) && !images.includes(im)) images.push(im);
  for (const im of MOOD_IMAGERY[mood])
    if (!base.includes(im) && !images.includes(im)) images.push(im);
  const shift = images.length > 0 ? seed % images.length : 0;
  const rotated = [...images.slice(shift), ...images.slice(0, shift)];
  return [...base.slice(0, 2), ...rotated].slice(0, 4).join(" ") || theme;
}

/** A chorus hook that sings the theme itself ("Leaving home, leaving home"). */
function hookLine(theme: string, seed: number): string | null {
  const words = themeWords(theme);
  if (words.length === 0) return null;
  const cleaned = theme
    .replace(/[^A-Za-z' -]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const phrase =
    countSyllables(cleaned) <= 6 && cleaned.split(" ").length <= 4
      ? cleaned.toLowerCase()
      : words.slice(0, 2).join(" ");
  const forms = [
    `${phrase}, ${phrase}`,
    `${phrase} is all I know`,
    `oh, ${phrase}, I'm holding on`,
    `and it's ${phrase}, it's ${phrase}`,
  ];
  const rng = createRng(seed ^ 0x5bd1e995);
  const start = rng.int(0, forms.length - 1);
  for (let i = 0; i < forms.length; i++) {
    const f = forms[(start + i) % forms.length] ?? phrase;
    const n = countSyllables(f);
    if (n >= CHORUS_SYLLABLES.min && n <= CHORUS_SYLLABLES.max) return capitalize(f);
  }
  return capitalize(phrase);
}

function containsAny(lines: readonly string[], words: readonly string[]): number {
  const text = lines.join(" ").toLowerCase();
  return words.filter((w) => new RegExp(`\\b${w.replace(/[^a-z']/g, "")}\\b`).test(text)).length;
}

/**
 * Lines for one section about `theme`, written by writeLyrics (tries a few seeds and keeps the
 * first candidate whose chorus lines are 5–12 syllables). A chorus ends on a hook that sings the theme.
 */
export function writeSectionLines(opts: {
  kind: "verse" | "chorus" | "bridge";
  lines?: number;
  theme: string;
  mood: Mood;
  genre?: Genre;
  seed: number;
}): string[] {
  const limits = LINE_LIMITS[opts.kind];
  const total = Math.max(limits.min, Math.min(limits.max, opts.lines ?? limits.default));
  const words = themeWords(opts.theme);
  const description = writerDescription(opts.theme, opts.mood, opts.seed);
  const hook = opts.kind === "chorus" ? hookLine(opts.theme, opts.seed) : null;
  const body = hook ? total - 1 : total;
  let best: { lines: string[]; score: number } | null = null;
  for (let attempt = 0; attempt < 8; attempt++) {
    const seed = (opts.seed + attempt * 7919) >>> 0;
    const written = writeLyrics({
      description,
      mood: opts.mood,
      ...(opts.genre ? { genre: opts.genre } : {}),
      seed,
      structure: [{ kind: opts.kind as LyricSectionKind, label: "S", lines: body }],
    });
    const lines = polish(written.sections[0]?.lines ?? [], description);
    const repeats = lines.filter((l) => repeatsAWord(l, description)).length;
    if (hook) lines.push(hook);
    const syllableMisses =
      opts.kind === "chorus"
        ? lines.filter(
            (l) =>
              countSyllables(l) < CHORUS_SYLLABLES.min || countSyllables(l) > CHORUS_SYLLABLES.max,
          ).length
        : 0;
    const hits = containsAny(lines, words);
    const score = syllableMisses * 10 + repeats * 3 - hits;
    if (!best || score < best.score) best = { lines, score };
    if (syllableMisses === 0 && repeats === 0 && hits > 0) break;
  }
  return best?.lines ?? [];
}

/** A line that uses the same content word twice ("the home and the home"). */
function repeatsAWord(line: string, description: string): boolean {
  const nouns = new Set(description.toLowerCase().split(/\s+/));
  const seen = new Set<string>();
  for (const w of line.toLowerCase().split(/[^a-z']+/)) {
    if (!nouns.has(w)) continue;
    if (seen.has(w)) return true;
    seen.add(w);
  }
  return false;
}

/** "Counting every home until the home" → "Counting every window until the home" (the rhyme word stays). */
function dedupeWord(line: string, pool: readonly string[], index: number): string {
  const tokens = line.split(/(\s+)/);
  const seen = new Map<string, number>();
  for (let i = tokens.length - 1; i >= 0; i--) {
    const w = (tokens[i] ?? "").toLowerCase().replace(/[^a-z']/g, "");
    if (w.length < 3 || !pool.includes(w)) continue;
    if (!seen.has(w)) {
      seen.set(w, i);
      continue;
    }
    const present = new Set(tokens.map((t) => t.toLowerCase().replace(/[^a-z']/g, "")));
    const options = pool.filter((p) => !present.has(p));
    const swap = options[index % Math.max(1, options.length)];
    if (!swap) return line;
    const tok = tokens[i] ?? "";
    tokens[i] = tok.replace(/[A-Za-z']+/, (m) =>
      /^[A-Z]/.test(m) ? swap.charAt(0).toUpperCase() + swap.slice(1) : swap,
    );
  }
  return tokens.join("");
}

/**
 * Tidy writer output: drop the " with x and y" tail writeLyrics adds to fit missing description
 * words into a lone section, and fix "a endless" → "an endless".
 */
function polish(lines: readonly string[], description: string): string[] {
  const words = new Set(description.toLowerCase().split(/\s+/));
  const pool = [...words].filter((w) => w.length > 2);
  return lines.map((line, index) => {
    let out = dedupeWord(line, pool, index);
    const tail = /\s+with\s+([a-z']+(?:\s+and\s+[a-z']+)*)$/i.exec(out);
    if (tail && (tail[1] ?? "").split(/\s+and\s+/).every((w) => words.has(w.toLowerCase())))
      out = out.slice(0, tail.index);
    return fixArticles(out);
  });
}

/** "a endless" → "an endless", "an grey" → "a grey". */
export function fixArticles(line: string): string {
  return line.replace(/\b([Aa])n? ([A-Za-z])/g, (_m, a: string, c: string) =>
    /[aeiouAEIOU]/.test(c) ? `${a}n ${c}` : `${a} ${c}`,
  );
}

/** Two more rhyming lines for a section (used by "longer"). */
export function extraLines(
  kind: "verse" | "chorus" | "bridge",
  theme: string,
  mood: Mood,
  seed: number,
): string[] {
  const description = writerDescription(theme, mood, seed);
  const written = writeLyrics({
    description,
    mood,
    seed: seed ^ 0x2c1b3c6d,
    structure: [{ kind: kind === "chorus" ? "chorus" : "verse", label: "S", lines: 2 }],
  });
  return polish(written.sections[0]?.lines ?? [], description);
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

/** Swap words in one line towards a direction: mood adjectives first, then the word list. */
export function shiftLine(
  line: string,
  direction: "sadder" | "happier" | "hopeful" | "darker",
): string {
  const target = DIRECTION_MOOD[direction] as Mood;
  const targetAdjectives: readonly string[] = MOOD_PROFILES[target].adjectives;
  const own = new Set(targetAdjectives.map((a) => a.toLowerCase()));
  const tokens = line.split(/(\s+)/);
  let lastWord = -1;
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (/[A-Za-z]/.test(tokens[i] ?? "")) {
      lastWord = i;
      break;
    }
  }
  return tokens
    .map((tok, i) => {
      if (i === lastWord || !/[A-Za-z]/.test(tok)) return tok;
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
    .join("")
    .replace(/^.*$/, fixArticles);
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

/** Rhymes for a word that doesRhyme confirms, nouns-first group order, at most 12. */
export function rhymeList(word: string): string[] {
  const w = word.toLowerCase();
  const out: string[] = [];
  const add = (c: string): void => {
    if (out.length < 12 && !out.includes(c) && c.toLowerCase() !== w && doesRhyme(w, c))
      out.push(c);
  };
  for (const c of rhymesFor(w)) add(c);
  if (out.length < 6)
    for (const words of Object.values(RHYME_GROUPS)) for (const c of words) add(c);
  return out;
}

/** A rhyming couplet ending on `word` and one of its rhymes. */
export function exampleCouplet(
  word: string,
  rhymes: readonly string[],
  mood: Mood,
  seed: number,
): [string, string] | null {
  const rhyme = rhymes[0];
  if (!rhyme) return null;
  const rng = createRng(seed ^ hashString(word));
  const adj = rng.pick(MOOD_PROFILES[mood].adjectives);
  const firsts = [
    `I keep a ${adj} light burning for the ${word}`,
    `Every ${adj} night I'm coming back to ${word}`,
    `Standing in the ${adj} glow of ${word}`,
  ];
  const seconds = [
    `and I'm holding on like I'm holding the ${rhyme}`,
    `every step I take is leading to the ${rhyme}`,
    `so I'm singing out across the ${rhyme}`,
  ];
  return [rng.pick(firsts), rng.pick(seconds)];
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
