/** Input checks shared by the studio passes: each failure is a MusicInputError naming the field. */
import { MusicInputError } from "../errors";
import { parseLyrics } from "../lyrics";
import type { LyricSection } from "../lyrics";
import { isEngine2 } from "../types";
import type { Composition, Engine2Composition } from "../types";
import { MAX_LYRICS_CHARS } from "../validate";

export function requireEngine2(original: Composition | null | undefined): Engine2Composition {
  if (
    original === null ||
    typeof original !== "object" ||
    typeof original.engineVersion !== "string"
  ) {
    throw new MusicInputError("composition", "The song's score is missing.");
  }
  if (!isEngine2(original)) {
    throw new MusicInputError(
      "composition",
      "This song was made by an older engine: only engine-2 songs can be extended, have a section replaced or be covered.",
    );
  }
  return original;
}

export function requireSeed(seed: unknown): number {
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new MusicInputError("seed", "The seed must be a whole number between 0 and 4294967295.");
  }
  return seed >>> 0;
}

/** The user's words as lyric sections (tags honoured), or a clear error. */
export function requireLyrics(lyrics: unknown): LyricSection[] {
  if (typeof lyrics !== "string") throw new MusicInputError("lyrics", "The lyrics must be text.");
  if (lyrics.length > MAX_LYRICS_CHARS) {
    throw new MusicInputError(
      "lyrics",
      `The lyrics are too long (${lyrics.length} characters, limit ${MAX_LYRICS_CHARS}).`,
    );
  }
  const sections = /[A-Za-z0-9\p{L}]/u.test(lyrics) ? parseLyrics(lyrics) : [];
  if (sections.length === 0) {
    throw new MusicInputError("lyrics", "The lyrics are empty: write the words to sing.");
  }
  return sections;
}
