/**
 * The lyric writer: understands a description (compromise), writes verses, chorus and bridge
 * from typed line templates with rhymes and meter from the CMU pronouncing dictionary, and
 * parses / formats the user's own lyrics verbatim. Offline and deterministic.
 */
import type { Mood } from "../profiles";
import { titleFromLyrics } from "./title";
import { hookFor } from "./write";
import { themeOf } from "./write";

export { parseLyrics, formatLyrics, knownKind } from "./parse";
export type { LyricSection, LyricSectionKind } from "./parse";
export { writeLyrics, DEFAULT_STRUCTURE, hookFor, themeOf, lineEndingOn } from "./write";
export type { LyricsRequest, StructurePart, WrittenLyrics, WrittenSection } from "./write";
export { titleFromLyrics, titleCase } from "./title";
export { rhymesFor, doesRhyme, perfectRhyme, RHYME_GROUPS } from "./rhyme";
export { lineMeter, meterCost } from "./meter";
export type { LineMeter } from "./meter";
export { understand } from "./understand";
export type { Theme, DescribedAct, DescribedNoun } from "./understand";
export { lyricSentiment } from "./sentiment";
export { contentLemmas, isContentWord, lemma } from "./words";
export { countSyllables } from "../syllables";

export interface TitleInput {
  description?: string;
  lyrics?: string;
  mood?: Mood;
  seed?: number;
}

/**
 * A title: from lyrics when given (their most repeated chorus line), otherwise the hook
 * writeLyrics would sing for the same description, mood and seed.
 */
export function suggestTitle(input: TitleInput): string {
  if (input.lyrics && input.lyrics.trim()) return titleFromLyrics(input.lyrics);
  const description = (input.description ?? "").trim() || (input.mood ?? "Dreamy").toLowerCase();
  return hookFor(description, input.mood ?? "Dreamy", input.seed ?? 0).title;
}

/** Content words of a description, in order of appearance (lowercase, deduplicated). */
export function extractKeywords(text: string, max = 6): string[] {
  return themeOf(text.trim()).keywords.slice(0, max);
}
