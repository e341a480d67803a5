import { MusicInputError } from "./errors";
import { GENRES, MOODS, isGenre, isMood } from "./profiles";
import type { CompositionRequest } from "./types";
import { VOICE_IDS, isVoiceId } from "./voice/voices";

export const MIN_DURATION_SEC = 10;
export const MAX_DURATION_SEC = 240;
export const MAX_LYRICS_CHARS = 5000;
export const MAX_DESCRIPTION_CHARS = 2000;
export const MAX_TITLE_CHARS = 120;

/** Throws MusicInputError with a human message and the offending field. */
export function validateRequest(req: CompositionRequest): void {
  if (req === null || typeof req !== "object")
    throw new MusicInputError("request", "The song request is missing.");
  const mode = req.creationMode;
  if (mode !== "description" && mode !== "lyrics" && mode !== "image") {
    throw new MusicInputError(
      "creationMode",
      'Choose how to create the song: "description", "lyrics" or "image".',
    );
  }
  if (
    typeof req.seed !== "number" ||
    !Number.isInteger(req.seed) ||
    req.seed < 0 ||
    req.seed > 0xffffffff
  ) {
    throw new MusicInputError("seed", "The seed must be a whole number between 0 and 4294967295.");
  }
  if (typeof req.durationSec !== "number" || !Number.isFinite(req.durationSec)) {
    throw new MusicInputError("durationSec", "The duration must be a number of seconds.");
  }
  if (req.durationSec < MIN_DURATION_SEC || req.durationSec > MAX_DURATION_SEC) {
    throw new MusicInputError(
      "durationSec",
      `Songs can be between ${MIN_DURATION_SEC} and ${MAX_DURATION_SEC} seconds long (got ${req.durationSec}).`,
    );
  }
  if (req.mood != null && !isMood(req.mood)) {
    throw new MusicInputError(
      "mood",
      `Unknown mood "${String(req.mood)}". Choose one of: ${MOODS.join(", ")}.`,
    );
  }
  if (req.genre != null && !isGenre(req.genre)) {
    throw new MusicInputError(
      "genre",
      `Unknown genre "${String(req.genre)}". Choose one of: ${GENRES.join(", ")}.`,
    );
  }
  if (req.title != null) {
    if (typeof req.title !== "string")
      throw new MusicInputError("title", "The title must be text.");
    if (req.title.length > MAX_TITLE_CHARS) {
      throw new MusicInputError(
        "title",
        `The title is too long (${req.title.length} characters, limit ${MAX_TITLE_CHARS}).`,
      );
    }
  }
  if (req.description != null && typeof req.description !== "string") {
    throw new MusicInputError("description", "The description must be text.");
  }
  if (req.description != null && req.description.length > MAX_DESCRIPTION_CHARS) {
    throw new MusicInputError(
      "description",
      `The description is too long (${req.description.length} characters, limit ${MAX_DESCRIPTION_CHARS}).`,
    );
  }
  if (req.lyrics != null) {
    if (typeof req.lyrics !== "string")
      throw new MusicInputError("lyrics", "The lyrics must be text.");
    if (req.lyrics.length > MAX_LYRICS_CHARS) {
      throw new MusicInputError(
        "lyrics",
        `The lyrics are too long (${req.lyrics.length} characters, limit ${MAX_LYRICS_CHARS}).`,
      );
    }
  }
  if (req.vocals != null && req.vocals !== "sung" && req.vocals !== "instrumental") {
    throw new MusicInputError("vocals", 'Choose "sung" or "instrumental" for the vocals.');
  }
  if (req.voice != null && !isVoiceId(req.voice)) {
    throw new MusicInputError(
      "voice",
      `Unknown voice "${String(req.voice)}". Choose one of: ${VOICE_IDS.join(", ")}.`,
    );
  }
  if (mode === "description" && (req.description == null || req.description.trim() === "")) {
    throw new MusicInputError(
      "description",
      "Describe the song you want: the description is empty.",
    );
  }
  if (mode === "lyrics" && (req.lyrics == null || !/[A-Za-z0-9\p{L}]/u.test(req.lyrics))) {
    throw new MusicInputError("lyrics", "Paste the lyrics for the song: the lyrics are empty.");
  }
  if (mode === "image") {
    const f = req.image;
    const ok =
      f != null &&
      typeof f === "object" &&
      [f.brightness, f.saturation, f.contrast, f.warmth, f.dominantHue].every(
        (v) => typeof v === "number" && Number.isFinite(v),
      );
    if (!ok)
      throw new MusicInputError("image", "Upload a picture: image mode needs the analysed image.");
  }
}
