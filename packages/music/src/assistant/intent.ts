/** Rule-based intent classification: message text → intent + slots. Pure and deterministic. */
import type { Genre, Mood } from "../profiles";
import type { ClassifiedIntent, RewriteDirection, SectionTarget } from "./types";

/** Words that name (or strongly imply) a mood, checked as whole words. */
const MOOD_WORDS: ReadonlyArray<[RegExp, Mood]> = [
  [/\b(happy|joyful|cheerful|upbeat|sunny)\b/, "Happy"],
  [/\b(confident|bold|swagger|cocky)\b/, "Confident"],
  [/\b(motivational|motivating|inspiring|uplifting|empowering|hopeful)\b/, "Motivational"],
  [/\b(melancholic|melancholy|sad|gloomy|moody|heartbroken|somber)\b/, "Melancholic"],
  [/\b(dreamy|ethereal|floaty|hazy)\b/, "Dreamy"],
  [/\b(chill|chilled|relaxed|calm|mellow|laid[- ]back|lo-?fi)\b/, "Chill"],
  [/\b(romantic|loving|tender|sensual)\b/, "Romantic"],
  [/\b(hype|hyped|energetic|party|banger|intense)\b/, "Hype"],
];

const GENRE_WORDS: ReadonlyArray<[RegExp, Genre]> = [
  [/\b(pop)\b/, "Pop"],
  [/\b(rock|punk|grunge)\b/, "Rock"],
  [/\b(hip[- ]?hop|rap|trap)\b/, "Hip-Hop"],
  [/\b(jazz|jazzy|swing|bebop)\b/, "Jazz"],
  [/\b(classical|orchestral|orchestra|symphonic)\b/, "Classical"],
  [/\b(edm|electronic|techno|house|trance|dubstep)\b/, "EDM"],
  [/\b(country|folk|americana)\b/, "Country"],
  [/(\br&b\b|\brnb\b|\br and b\b|\bsoul\b|\bsoulful\b)/, "R&B"],
  [/\b(metal|heavy metal|metalcore)\b/, "Metal"],
];

export function moodIn(text: string): Mood | undefined {
  const t = text.toLowerCase();
  for (const [re, mood] of MOOD_WORDS) if (re.test(t)) return mood;
  return undefined;
}

export function genreIn(text: string): Genre | undefined {
  const t = text.toLowerCase();
  for (const [re, genre] of GENRE_WORDS) if (re.test(t)) return genre;
  return undefined;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  first: 1,
  two: 2,
  second: 2,
  three: 3,
  third: 3,
  four: 4,
  fourth: 4,
};

function sectionIn(t: string): SectionTarget | undefined {
  const verse = /\bverse\s*(\d+|one|two|three|four)\b|\b(first|second|third|fourth)\s+verse\b/.exec(
    t,
  );
  if (verse) {
    const raw = verse[1] ?? verse[2] ?? "";
    const n = /^\d+$/.test(raw) ? Number(raw) : NUMBER_WORDS[raw];
    return n !== undefined && n > 0 ? { kind: "verse", number: n } : { kind: "verse" };
  }
  if (/\bverses?\b/.test(t)) return { kind: "verse" };
  if (/\b(chorus|hook|refrain)\b/.test(t)) return { kind: "chorus" };
  if (/\bbridge\b/.test(t)) return { kind: "bridge" };
  if (/\b(song|lyrics)\b/.test(t)) return { kind: "song" };
  return undefined;
}

function directionIn(t: string): RewriteDirection | undefined {
  if (/\b(sadder|more (sad|melancholic|melancholy)|less happy|gloomier|bluer)\b/.test(t))
    return "sadder";
  if (/\b(darker|more dark|grimmer|more sinister)\b/.test(t)) return "darker";
  if (/\b(more hopeful|hopeful(ly)?|more optimistic|more uplifting)\b/.test(t)) return "hopeful";
  if (
    /\b(happier|more (happy|upbeat|cheerful|positive|joyful)|brighter|cheerier|less sad)\b/.test(t)
  )
    return "happier";
  if (/\b(shorter|more concise|tighter|trim|cut (it )?down)\b/.test(t)) return "shorter";
  if (/\b(longer|extend|expand|add (a few |some |more )?lines)\b/.test(t)) return "longer";
  return undefined;
}

/**
 * "about leaving home, please" → "leaving home". The theme ends with its line and before a
 * request about the song itself ("about rain, make it sad"; "…by the sea⏎make it dreamy").
 */
export function themeIn(message: string): string | undefined {
  const m =
    /\b(?:about|on the (?:theme|topic|subject) of|on the theme|themed around|inspired by|regarding)\s+([^\n]+)/i.exec(
      message.trim(),
    );
  if (!m) return undefined;
  const theme = (m[1] ?? "")
    .replace(/\b(please|thanks|thank you)\b.*$/i, "")
    .replace(/[,;]?\s*\b(?:and\s+)?make (?:it|the song|the mood|this)\b.*$/i, "")
    .replace(/["\u201c\u201d]/g, "")
    .replace(/[\s.,!?;:]+$/g, "")
    .trim();
  if (theme.length === 0) return undefined;
  return theme.slice(0, 120);
}

function rhymeWordIn(t: string): string | undefined {
  const m =
    /\brhym\w*\s+(?:for|with|to|on)\s+(?:the word\s+)?["'\u201c]?([a-z][a-z'-]*)/.exec(t) ??
    /\bwhat\s+rhymes?\s+(?:with\s+)?["'\u201c]?([a-z][a-z'-]*)/.exec(t) ??
    /["'\u201c]([a-z][a-z'-]*)["'\u201d]?\s+rhymes?\b/.exec(t) ??
    /\bwords?\s+(?:that\s+)?rhym\w*\s+(?:with\s+)?["'\u201c]?([a-z][a-z'-]*)/.exec(t);
  const w = m?.[1]?.replace(/'+$/, "");
  return w && w !== "it" && w !== "this" && w !== "that" ? w : undefined;
}

const GREETING =
  /^(hi|hello|hey|heya|hiya|howdy|yo|greetings|good (morning|afternoon|evening)|hallo|hola)\b/;
const AFFIRMATION =
  /^(yes|yeah|yep|yup|sure|ok|okay|sounds good|perfect|great|do it|let'?s do (it|that)|go for it|deal)\b[\s!.,]*(please|thanks)?[\s!.]*$/;
const APPLY =
  /\b(use|set|apply|choose|pick|take|keep|go with)\s+(it|that|this|that one|this one|that genre|your (pick|suggestion|choice))\b/;

/** Classify one user message. Order matters: the most specific request wins. */
export function classifyIntent(message: string): ClassifiedIntent {
  const raw = message.trim();
  const t = raw.toLowerCase().replace(/\s+/g, " ");
  if (t.length === 0) return { intent: "help" };
  const mood = moodIn(t);
  const genre = genreIn(t);
  const section = sectionIn(t);
  const theme = themeIn(raw);

  // Rhymes.
  if (/\brhym/.test(t) && !/\b(write|compose)\b.*\b(verse|chorus|bridge|song)\b/.test(t)) {
    const word = rhymeWordIn(t);
    return word ? { intent: "rhymes", word } : { intent: "rhymes" };
  }

  // Titles: "suggest a title", "call it Paper Boats".
  const named =
    /\b(?:call it|call the song|title it|name it|name the song|rename it(?: to)?|set the title to|make the title)\s+["\u201c]?(.+?)["\u201d]?[.!]*$/i.exec(
      raw,
    );
  if (named && !/^(something|anything|a |an |what)/i.test(named[1] ?? "")) {
    return { intent: "title", title: (named[1] ?? "").trim().slice(0, 120) };
  }
  if (/\b(what('s| is) the title|current title)\b/.test(t)) return { intent: "show_draft" };
  if (
    /\b(title|titles|song name)\b|\bname (it|the song|this)\b|\bwhat should (i|we) (call|name)\b|\bcall (it|the song|this)\b|\bgive it a name\b|\b(a|new|better) name\b/.test(
      t,
    )
  ) {
    return { intent: "title" };
  }

  // Genre advice (and accepting it).
  if (
    /\b(what|which)\s+(genre|style|kind of (music|genre))\b|\bgenre\b.*\b(fit|fits|suit|suits|work|works|match|recommend|suggest|best|should)\b|\b(suggest|recommend|pick|choose)\s+(a |the )?(genre|style)\b/.test(
      t,
    )
  ) {
    return APPLY.test(t) || /\b(and|then) (set|use) it\b/.test(t)
      ? { intent: "genre_advice", apply: true }
      : { intent: "genre_advice" };
  }
  if (APPLY.test(t) && !section) return { intent: "genre_advice", apply: true };

  // Rewrites: "make verse 2 sadder", "rewrite the chorus", "make it shorter".
  const direction = directionIn(t);
  if (direction) {
    return section && section.kind !== "song"
      ? { intent: "rewrite_section", section, direction }
      : { intent: "rewrite_section", direction };
  }
  if (
    /\b(rewrite|redo|rework|re-write|change|improve|another take on)\b/.test(t) &&
    section &&
    section.kind !== "song" &&
    !mood &&
    !genre
  ) {
    return { intent: "rewrite_section", section, direction: "fresh" };
  }

  // Style: "make it hype", "make it jazz", "set the mood to chill", "jazz please".
  const styleVerb =
    /\b(make|set|change|switch|turn|go|try|use|want|let'?s|should be|more)\b|\b(mood|genre|style)\b/.test(
      t,
    );
  const wantsSong =
    /\b(make|turn|create|generate|produce|render|build|finish)\b[^.?!]*\b(song|track|audio|it now)\b|^(let'?s |ok,? |okay,? )?(make|create|generate|render|produce) it[\s!.]*(now)?[\s!.]*$/.test(
      t,
    );
  const writeVerb =
    /\b(write|compose|draft|pen|give me|need|add|another|new|try|create|make)\b/.test(t);
  if (
    (mood || genre) &&
    styleVerb &&
    !(section && /\b(write|compose|draft|pen|give me|add|another|new|make an?)\b/.test(t))
  ) {
    const out: ClassifiedIntent = { intent: "set_style" };
    if (mood) out.mood = mood;
    if (genre) out.genre = genre;
    return out;
  }

  // A style change without a value we know ("set the genre to polka").
  if (
    !mood &&
    !genre &&
    !section &&
    /\b(set|change|switch|make)\b.*\b(genre|mood|style)\b|\b(genre|mood|style)\s+(to|=)\b/.test(t)
  ) {
    return { intent: "set_style" };
  }

  // Make the song now.
  if (wantsSong && !theme && !/\b(write|compose|pen|draft)\b/.test(t))
    return { intent: "make_song" };

  // Show the draft.
  if (
    /\b(show|see|display|print|read|view|paste|give me)\b.*\b(lyrics|draft|song|so far|it|words|chorus|verse|everything)\b|\bwhat do we have\b|\bwhere are we\b|\bso far\b|^(show|show me|draft|lyrics|the draft|the lyrics)[\s!?.]*$/.test(
      t,
    ) &&
    !theme &&
    !/\b(write|compose)\b/.test(t)
  ) {
    return { intent: "show_draft" };
  }

  // Write a section.
  if (section && (writeVerb || theme || /^(a |an |the )?(verse|chorus|hook|bridge)\b/.test(t))) {
    const out: ClassifiedIntent = { intent: "write_section", section };
    if (theme) out.theme = theme;
    if (mood) out.mood = mood;
    if (genre) out.genre = genre;
    return out;
  }

  // A bare mood/genre name: "jazz", "something chill".
  if ((mood || genre) && t.split(" ").length <= 4) {
    const out: ClassifiedIntent = { intent: "set_style" };
    if (mood) out.mood = mood;
    if (genre) out.genre = genre;
    return out;
  }

  if (
    /\b(help|what can you do|what do you do|how does this work|how do (i|you) use|commands|capabilities|options)\b|^\?+$/.test(
      t,
    )
  ) {
    return { intent: "help" };
  }
  if (AFFIRMATION.test(t)) return { intent: "unknown", affirmation: true };
  if (GREETING.test(t)) return { intent: "greeting" };
  return { intent: "unknown" };
}
