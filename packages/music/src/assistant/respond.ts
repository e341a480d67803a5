/** The embedded assistant: one user message + history + draft → reply text and the new draft. */
import { GENRES, MOODS, MOOD_PROFILES, isGenre, isMood } from "../profiles";
import type { Genre, Mood } from "../profiles";
import { MAX_LYRICS_CHARS, MAX_TITLE_CHARS } from "../validate";
import type { LyricSection } from "../lyrics";
import { hashString } from "../prng";
import { classifyIntent, themeIn } from "./intent";
import {
  DIRECTION_MOOD,
  LINE_LIMITS,
  adviseGenre,
  draftSections,
  exampleCouplet,
  extraLines,
  genreBlurb,
  inferMood,
  lyricsText,
  moodBlurb,
  putSection,
  rhymeList,
  shiftLine,
  themeWords,
  titleCase,
  titleOptions,
  uniqueLabels,
  verseNumbers,
  writeSectionLines,
  writeSongSections,
  writingMood,
} from "./knowledge";
import { lineEndingOn } from "../lyrics";
import type {
  AssistantInput,
  AssistantIntent,
  AssistantReply,
  ClassifiedIntent,
  ConversationDraft,
  RewriteDirection,
} from "./types";

export const CAPABILITIES = [
  `write a section — "write a chorus about leaving home", "write a verse", "write a bridge", "write a song about the sea"`,
  `rewrite a section — "make verse 2 sadder" (or happier, more hopeful, darker, shorter, longer), "rewrite the chorus"`,
  `find rhymes — "rhymes for fire"`,
  `name the song — "suggest a title", "call it Paper Boats"`,
  `pick a style — "what genre fits this?", then "use it"; or "make it hype", "make it jazz"`,
  `show the draft — "show the lyrics"`,
  `make the song — "make it a song" turns the draft into music`,
];

const capabilityList = (): string => CAPABILITIES.map((c) => `- ${c}`).join("\n");

/** Marker the genre advice uses, so a later "yes" / "use it" can find the pick in the history. */
const PICK_RE = /My pick: \*\*([^*]+)\*\*/;

function clampDraft(draft: ConversationDraft): ConversationDraft {
  const out: ConversationDraft = {};
  if (typeof draft.title === "string" && draft.title.trim())
    out.title = draft.title.slice(0, MAX_TITLE_CHARS);
  if (typeof draft.lyrics === "string" && draft.lyrics.trim())
    out.lyrics = draft.lyrics.slice(0, MAX_LYRICS_CHARS);
  if (isMood(draft.mood)) out.mood = draft.mood;
  if (isGenre(draft.genre)) out.genre = draft.genre;
  if (typeof draft.theme === "string" && draft.theme.trim()) out.theme = draft.theme.slice(0, 200);
  return out;
}

/** The remembered theme: the draft's, else the last "about …" in the user's earlier messages. */
function rememberedTheme(input: AssistantInput): string | undefined {
  if (input.draft.theme) return input.draft.theme;
  for (let i = input.history.length - 1; i >= 0; i--) {
    const turn = input.history[i];
    if (turn?.role !== "user") continue;
    const t = themeIn(turn.content);
    if (t) return t;
  }
  return undefined;
}

function lastAssistantPick(input: AssistantInput): Genre | undefined {
  for (let i = input.history.length - 1; i >= 0; i--) {
    const turn = input.history[i];
    if (turn?.role !== "assistant") continue;
    const g = PICK_RE.exec(turn.content)?.[1];
    return isGenre(g) ? g : undefined;
  }
  return undefined;
}

/** The sung lines of the lyrics, without section tags. */
function lyricLines(lyrics: string | undefined): string {
  return draftSections(lyrics)
    .flatMap((s) => s.lines)
    .join("\n");
}

function showSection(s: LyricSection): string {
  return `[${s.label}]\n${s.lines.join("\n")}`;
}

function summary(draft: ConversationDraft): string {
  const parts: string[] = [];
  if (draft.title) parts.push(`title "${draft.title}"`);
  if (draft.mood) parts.push(`mood ${draft.mood}`);
  if (draft.genre) parts.push(`genre ${draft.genre}`);
  if (draft.theme) parts.push(`theme "${draft.theme}"`);
  const labels = uniqueLabels(draftSections(draft.lyrics));
  if (labels.length > 0) parts.push(`sections ${labels.join(", ")}`);
  return parts.join("; ");
}

interface Ctx {
  input: AssistantInput;
  cls: ClassifiedIntent;
  draft: ConversationDraft;
  seed: number;
}

type Handler = (ctx: Ctx) => {
  intent?: AssistantIntent;
  text: string;
  draft?: ConversationDraft;
  makeSong?: boolean;
};

// ---------------------------------------------------------------------------------------------

const writeSection: Handler = ({ input, cls, draft, seed }) => {
  const target = cls.section ?? { kind: "verse" as const };
  const next: ConversationDraft = { ...draft };
  let theme = cls.theme ?? rememberedTheme(input);
  let themeNote = "";
  if (cls.theme) next.theme = cls.theme;
  else if (theme && !draft.theme) next.theme = theme;
  if (!theme) {
    const fromLyrics = themeWords(lyricLines(draft.lyrics)).slice(0, 2).join(" ");
    theme = fromLyrics || draft.title || "the night";
    themeNote = `\n\nTell me what it's about ("write a ${target.kind === "song" ? "song" : target.kind} about …") and I'll build it around your words.`;
  }
  if (cls.mood) next.mood = cls.mood;
  if (cls.genre) next.genre = cls.genre;
  const mood = writingMood(cls.mood, draft.mood, theme);
  const genre = cls.genre ?? draft.genre;
  const about = `about ${theme}`;

  if (target.kind === "song") {
    const sections = writeSongSections({ theme, mood, ...(genre ? { genre } : {}), seed });
    next.lyrics = lyricsText(sections);
    return {
      text: `Here's a full draft ${about} (${mood.toLowerCase()}):\n\n${next.lyrics ?? ""}\n\nAsk me to rewrite any part ("make verse 2 sadder"), suggest a title, or "make it a song".${themeNote}`,
      draft: next,
    };
  }

  const sections = draftSections(draft.lyrics);
  let label: string;
  if (target.kind === "verse") {
    const existing = verseNumbers(sections);
    const n = target.number ?? (existing.length > 0 ? Math.max(...existing) + 1 : 1);
    label = `Verse ${n}`;
  } else {
    label = target.kind === "chorus" ? "Chorus" : "Bridge";
  }
  const replacing = sections.some((s) => s.label === label);
  const lines = writeSectionLines({
    kind: target.kind,
    theme,
    mood,
    ...(genre ? { genre } : {}),
    seed: (seed ^ hashString(label)) >>> 0,
    avoid: sections.filter((s) => s.label !== label).flatMap((s) => s.lines),
  });
  const section: LyricSection = { kind: target.kind, label, lines };
  const updated = putSection(sections, section);
  next.lyrics = lyricsText(updated);
  const what =
    target.kind === "chorus" ? "chorus" : target.kind === "bridge" ? "bridge" : label.toLowerCase();
  const follow =
    target.kind === "chorus"
      ? `Want a verse to lead into it ("write a verse"), or "rhymes for ${
          lines[0]
            ?.split(/\s+/)
            .pop()
            ?.replace(/[^A-Za-z']/g, "")
            .toLowerCase() ?? "home"
        }"?`
      : `Next: "write a chorus", "make ${what} sadder", or "show the lyrics".`;
  return {
    text: `${replacing ? `Here's a new ${what}` : `Here's a ${what}`} ${about}${replacing ? " — it replaces the old one" : ""}:\n\n${showSection(section)}\n\nI've ${replacing ? "updated" : "added"} it in the draft (${uniqueLabels(updated).join(", ")}). ${follow}${themeNote}`,
    draft: next,
  };
};

function rewriteLines(
  lines: readonly string[],
  kind: "verse" | "chorus" | "bridge",
  direction: RewriteDirection,
  theme: string,
  mood: Mood,
  seed: number,
): string[] | string {
  const limits = LINE_LIMITS[kind];
  if (direction === "shorter") {
    if (lines.length <= limits.min)
      return `it already has ${lines.length} lines, the shortest I keep a ${kind}`;
    const keep = Math.max(limits.min, lines.length - 2);
    // A chorus keeps its last line (the hook); others drop the last couplet.
    if (kind === "chorus") return [...lines.slice(0, keep - 1), lines[lines.length - 1] ?? ""];
    return lines.slice(0, keep);
  }
  if (direction === "longer") {
    if (lines.length >= limits.max)
      return `it already has ${lines.length} lines, the longest I write a ${kind}`;
    const room = Math.min(2, limits.max - lines.length);
    const extra = extraLines(kind, theme, mood, seed, lines).slice(0, room);
    if (kind === "chorus") return [...lines.slice(0, -1), ...extra, lines[lines.length - 1] ?? ""];
    return [...lines, ...extra];
  }
  if (direction === "fresh")
    return writeSectionLines({
      kind,
      lines: lines.length,
      theme,
      mood,
      seed: seed ^ 0x9e3779b9,
      avoid: lines,
    });
  const shifted = lines.map((l) => shiftLine(l, direction));
  if (shifted.some((l, i) => l !== lines[i])) return shifted;
  // Nothing to swap: write each line again in the target mood, ending on the same word.
  const moved = DIRECTION_MOOD[direction] ?? mood;
  return lines.map(
    (l, i) =>
      lineEndingOn({
        description: theme,
        mood: moved,
        seed: (seed ^ 0x85ebca6b) + i,
        kind,
        end: l.split(/\s+/).pop() ?? "",
        avoid: lines,
      }) ?? l,
  );
}

const rewriteSection: Handler = ({ input, cls, draft, seed }) => {
  const sections = draftSections(draft.lyrics);
  const direction = cls.direction ?? "fresh";
  if (sections.length === 0) {
    return {
      text: `There are no lyrics in the draft yet, so there's nothing to rewrite. Start with "write a chorus about …" or "write a verse about …", then ask me to make it ${direction === "fresh" ? "different" : direction}.`,
    };
  }
  const target = cls.section;
  let labels = uniqueLabels(sections);
  if (target && target.kind !== "song") {
    labels = labels.filter((label) => {
      const s = sections.find((x) => x.label === label);
      if (!s || s.kind !== target.kind) return false;
      return (
        target.number === undefined || Number(/(\d+)/.exec(label)?.[1] ?? "0") === target.number
      );
    });
    if (labels.length === 0) {
      const name =
        target.kind === "verse" && target.number ? `Verse ${target.number}` : `a ${target.kind}`;
      return {
        text: `The draft has no ${name} yet — it has ${uniqueLabels(sections).join(", ")}. Say "write ${target.kind === "verse" && target.number ? `verse ${target.number}` : `a ${target.kind}`}" to add it, or pick one of those to rewrite.`,
      };
    }
  }
  const theme =
    rememberedTheme(input) ?? themeWords(lyricLines(draft.lyrics)).slice(0, 2).join(" ");
  const mood = inferMood(draft).mood;
  const changed: LyricSection[] = [];
  const refused: string[] = [];
  let updated = sections;
  for (const label of labels) {
    const s = updated.find((x) => x.label === label);
    if (!s) continue;
    const kind = s.kind === "chorus" ? "chorus" : s.kind === "bridge" ? "bridge" : "verse";
    const result = rewriteLines(
      s.lines,
      kind,
      direction,
      theme,
      mood,
      (seed ^ hashString(label)) >>> 0,
    );
    if (typeof result === "string") {
      refused.push(`${label}: ${result}`);
      continue;
    }
    const section: LyricSection = { ...s, lines: result };
    updated = putSection(updated, section);
    changed.push(section);
  }
  const next: ConversationDraft = { ...draft };
  if (changed.length === 0) {
    return { text: `I left the lyrics as they are — ${refused.join("; ")}.` };
  }
  next.lyrics = lyricsText(updated);
  const targetMood = DIRECTION_MOOD[direction];
  let moodNote = "";
  if (targetMood && draft.mood !== targetMood) {
    next.mood = targetMood;
    moodNote = ` I've also set the song's mood to ${targetMood}${draft.mood ? ` (it was ${draft.mood})` : ""} so the music matches.`;
  }
  const how: Record<RewriteDirection, string> = {
    sadder: "with sadder word choices",
    darker: "with darker imagery",
    happier: "with brighter, happier words",
    hopeful: "so it leans toward hope",
    shorter: "shorter",
    longer: "longer",
    fresh: "from scratch",
  };
  const body = changed.map(showSection).join("\n\n");
  const refusedNote = refused.length > 0 ? `\n\n(Unchanged — ${refused.join("; ")}.)` : "";
  return {
    text: `I rewrote ${changed.map((s) => s.label).join(", ")} ${how[direction]}:\n\n${body}${refusedNote}\n\n${moodNote.trim()}`.trim(),
    draft: next,
  };
};

const rhymes: Handler = ({ cls, draft, seed }) => {
  let word = cls.word;
  let fromDraft = false;
  if (!word) {
    const sections = draftSections(draft.lyrics);
    const last = sections[sections.length - 1]?.lines.slice(-1)[0];
    word = last
      ?.split(/\s+/)
      .pop()
      ?.replace(/[^A-Za-z']/g, "")
      .toLowerCase();
    fromDraft = Boolean(word);
  }
  if (!word)
    return { text: `Which word should I rhyme? Try "rhymes for fire" or "what rhymes with home".` };
  const list = rhymeList(word);
  if (list.length === 0) {
    return {
      text: `I don't know good rhymes for "${word}" — my rhyme book is small and offline. Words I rhyme well include fire, night, home, heart, rain, love, sea and street; or try a word with a similar ending.`,
    };
  }
  const couplet = exampleCouplet(word, list, inferMood(draft).mood, seed);
  const example = couplet ? `\n\nFor example:\n${couplet[0]}\n${couplet[1]}` : "";
  return {
    text: `${fromDraft ? `Rhymes for "${word}" (the last word of your draft)` : `Rhymes for "${word}"`}: ${list.join(", ")}.${example}`,
  };
};

const title: Handler = ({ input, cls, draft, seed }) => {
  const next: ConversationDraft = { ...draft };
  if (cls.title) {
    next.title = titleCase(cls.title).slice(0, MAX_TITLE_CHARS);
    return { text: `Done — the song is now called "${next.title}".`, draft: next };
  }
  const theme = rememberedTheme(input);
  const options = titleOptions({
    ...(theme ? { theme } : {}),
    ...(draft.lyrics ? { lyrics: draft.lyrics } : {}),
    mood: inferMood(draft).mood,
    seed,
  });
  const fresh = options.filter((o) => o.toLowerCase() !== (draft.title ?? "").toLowerCase());
  const pool = fresh.length > 0 ? fresh : options;
  // The first suggestion is the best one; asking again walks through the others.
  const pick = (draft.title ? pool[seed % pool.length] : pool[0]) ?? "Untitled";
  next.title = pick;
  const others = pool.filter((o) => o !== pick).slice(0, 3);
  const basis = draft.lyrics
    ? "from your lyrics"
    : theme
      ? `from the theme "${theme}"`
      : "to get us started";
  return {
    text: `How about "${pick}"? I've set it as the working title (${basis}).${others.length > 0 ? ` Other ideas: ${others.map((o) => `"${o}"`).join(", ")}.` : ""} Say "call it …" to choose your own.`,
    draft: next,
  };
};

const genreAdvice: Handler = ({ input, cls, draft }) => {
  const withTheme = {
    ...draft,
    ...(rememberedTheme(input) ? { theme: rememberedTheme(input) } : {}),
  };
  if (cls.apply) {
    const genre = lastAssistantPick(input) ?? adviseGenre(withTheme).genre;
    return {
      text: `Done — the genre is now ${genre} (${genreBlurb(genre)}). Say "make it a song" when you're ready.`,
      draft: { ...draft, genre },
    };
  }
  const advice = adviseGenre(withTheme);
  const current = draft.genre
    ? ` The draft is currently set to ${draft.genre}${draft.genre === advice.genre ? ", which already fits" : ""}.`
    : "";
  const accept =
    draft.genre === advice.genre
      ? ""
      : ` Say "use it" to set it, or "make it ${advice.runnerUp.toLowerCase()}" for my second choice, ${advice.runnerUp}.`;
  return { text: `My pick: **${advice.genre}**. ${advice.reason}${current}${accept}` };
};

const setStyle: Handler = ({ cls, draft }) => {
  if (!cls.mood && !cls.genre) {
    return {
      text: `I didn't catch a mood or genre I know. Moods: ${MOODS.join(", ")}. Genres: ${GENRES.join(", ")}. Say for example "make it chill" or "make it jazz".`,
    };
  }
  const next: ConversationDraft = { ...draft };
  const parts: string[] = [];
  if (cls.mood) {
    next.mood = cls.mood;
    parts.push(`mood to ${cls.mood} (${moodBlurb(cls.mood)})`);
  }
  if (cls.genre) {
    next.genre = cls.genre;
    parts.push(`genre to ${cls.genre} (${genreBlurb(cls.genre)})`);
  }
  const hint =
    cls.mood && draft.lyrics
      ? ` The lyrics are unchanged; say "make it ${MOOD_PROFILES[cls.mood].valence < 0 ? "sadder" : "happier"}" if the words should follow.`
      : "";
  return {
    text: `Set the ${parts.join(" and ")}.${hint} Say "make it a song" when you're ready.`,
    draft: next,
  };
};

const showDraft: Handler = ({ draft }) => {
  const sections = draftSections(draft.lyrics);
  if (sections.length === 0 && !draft.title && !draft.mood && !draft.genre && !draft.theme) {
    return {
      text: `The draft is empty so far. Start with "write a chorus about …" and I'll keep track of the song here.`,
    };
  }
  const head = [
    `Title: ${draft.title ?? "(none yet)"}`,
    `Mood: ${draft.mood ?? "(not set)"}`,
    `Genre: ${draft.genre ?? "(not set)"}`,
    ...(draft.theme ? [`Theme: ${draft.theme}`] : []),
  ].join("\n");
  const body =
    sections.length > 0
      ? `\n\n${lyricsText(sections) ?? ""}`
      : `\n\nNo lyrics yet — try "write a verse about ${draft.theme ?? "…"}".`;
  return { text: `Here's the draft so far:\n\n${head}${body}` };
};

const makeSong: Handler = ({ input, draft }) => {
  const sections = draftSections(draft.lyrics);
  if (sections.length === 0) {
    return {
      text: `There are no lyrics in the draft yet, so there's nothing to turn into a song. Ask me to "write a chorus about …" (or "write a song about …"), then say "make it a song".`,
      makeSong: false,
    };
  }
  const next: ConversationDraft = { ...draft };
  const filled: string[] = [];
  const theme = rememberedTheme(input);
  if (!next.title) {
    next.title =
      titleOptions({
        ...(theme ? { theme } : {}),
        lyrics: draft.lyrics ?? "",
        mood: inferMood(draft).mood,
        seed: 0,
      })[0] ?? "Untitled";
    filled.push("title");
  }
  if (!next.mood) {
    next.mood = inferMood({ ...draft, ...(theme ? { theme } : {}) }).mood;
    filled.push("mood");
  }
  if (!next.genre) {
    next.genre = adviseGenre({ ...next, ...(theme ? { theme } : {}) }).genre;
    filled.push("genre");
  }
  const lineCount = sections.reduce((n, s) => n + s.lines.length, 0);
  const text = [
    `Making the song now:`,
    `- Title: ${next.title}`,
    `- Mood: ${next.mood} (${moodBlurb(next.mood)})`,
    `- Genre: ${next.genre} (${genreBlurb(next.genre)})`,
    `- Sections: ${sections.map((s) => s.label).join(", ")} (${lineCount} lines)`,
    ...(filled.length > 0
      ? [
          `I picked the ${filled.join(" and ")} from the draft since none ${filled.length > 1 ? "were" : "was"} set.`,
        ]
      : []),
  ].join("\n");
  return { text, draft: next, makeSong: true };
};

const help: Handler = ({ draft }) => {
  const state = summary(draft);
  return {
    text: `I'm the built-in songwriting assistant. I work offline and keep the draft of your song as we talk. I can:\n${capabilityList()}${state ? `\n\nThe draft so far: ${state}.` : ""}`,
  };
};

const greeting: Handler = ({ draft }) => {
  const state = summary(draft);
  return {
    text: state
      ? `Hi again! We're working on a song (${state}). Want to keep going — "write a verse", "suggest a title", or "make it a song"?`
      : `Hi! I'm your songwriting assistant. Tell me what the song is about — for example "write a chorus about leaving home" — and we'll build it together. Say "help" to see everything I can do.`,
  };
};

const unknown: Handler = (ctx) => {
  if (ctx.cls.affirmation) {
    const pick = lastAssistantPick(ctx.input);
    if (pick)
      return {
        ...genreAdvice({ ...ctx, cls: { intent: "genre_advice", apply: true } }),
        intent: "genre_advice",
      };
    return {
      text: `Great — what next? For example "write a verse", "suggest a title", "what genre fits this?" or "make it a song". Say "help" for everything I can do.`,
    };
  }
  return {
    text: `Sorry, I can't help with that — I'm an offline songwriting assistant, so I only work on the song we're writing. Here's what I can do:\n${capabilityList()}`,
  };
};

const HANDLERS: Record<AssistantIntent, Handler> = {
  write_section: writeSection,
  rewrite_section: rewriteSection,
  rhymes,
  title,
  genre_advice: genreAdvice,
  set_style: setStyle,
  show_draft: showDraft,
  make_song: makeSong,
  help,
  greeting,
  unknown,
};

/** Pure and deterministic: the same input gives the same reply. */
export function respond(input: AssistantInput): AssistantReply {
  const cls = classifyIntent(input.message);
  const draft = clampDraft(input.draft ?? {});
  const seed = (input.seed ?? input.history.length) >>> 0;
  const out = HANDLERS[cls.intent]({
    input,
    cls,
    draft,
    seed: (seed ^ hashString(input.message.trim().toLowerCase())) >>> 0,
  });
  return {
    intent: out.intent ?? cls.intent,
    text: out.text,
    draft: clampDraft(out.draft ?? draft),
    makeSong: out.makeSong ?? false,
  };
}
