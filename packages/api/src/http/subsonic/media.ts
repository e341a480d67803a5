import type { Database } from "@harmoniq/db";
import { COVER_SIZES, type CoverSize } from "@harmoniq/music/cover";
import type { ApiServices } from "../../services";
import { asBody } from "../byte-range";
import { serveSongAudio, serveSongStream } from "../song-files";
import { SubsonicCode, SubsonicError } from "./response";

// stream, download and getCoverArt: the same bytes as /api/songs/:id/audio and the cover
// route, through the same services (and their access rules), for a player.

type Media = Pick<ApiServices, "songs" | "covers">;

const notFound = () => new SubsonicError(SubsonicCode.notFound, "Song not found");

// Player URLs carry credentials, and a player plays from many origins (web players).
const PLAYER_HEADERS = {
  "cache-control": "private, max-age=31536000, immutable",
  "access-control-allow-origin": "*",
};

/** The highest `maxBitRate` (kb/s) the MP3 stream answers; above it, or 0 (no limit), the WAV. */
export const COMPRESSED_UP_TO_KBPS = 320;

/**
 * Which file `stream` serves: the MP3 stream for `format=mp3` or a `maxBitRate` from 1 to 320
 * kb/s (the only compressed format HarmoniQ makes, at MP3_BITRATE), the original WAV for
 * `format=raw` and otherwise.
 */
export function streamFormatFor(params: URLSearchParams): "mp3" | "wav" {
  const format = params.get("format")?.toLowerCase();
  if (format === "raw" || format === "wav") return "wav";
  if (format === "mp3") return "mp3";
  const maxBitRate = Number(params.get("maxBitRate") ?? 0);
  return Number.isFinite(maxBitRate) && maxBitRate > 0 && maxBitRate <= COMPRESSED_UP_TO_KBPS
    ? "mp3"
    : "wav";
}

/**
 * The song's audio with byte ranges: its WAV, or its MP3 stream when `format` is "mp3" (the
 * same file as /api/songs/:id/stream). `download` is always the WAV, as an attachment.
 */
export async function audioResponse(
  services: Media,
  db: Database,
  req: Request,
  {
    songId,
    viewerId,
    download,
    format = "wav",
  }: { songId: string; viewerId: string; download: boolean; format?: "mp3" | "wav" },
): Promise<Response> {
  const options = { download, headers: PLAYER_HEADERS };
  if (format === "mp3" && !download) {
    const found = await services.songs.stream(db, { songId, viewerId });
    if (!found) throw notFound();
    return serveSongStream(req, found, options);
  }
  const found = await services.songs.audio(db, { songId, viewerId });
  if (!found) throw notFound();
  return serveSongAudio(req, { ...found, contentType: "audio/wav", extension: "wav" }, options);
}

/** The smallest cover size at least `requested` px (the largest for bigger asks). */
export function coverSizeFor(requested: number | null): CoverSize {
  if (requested === null) return COVER_SIZES[COVER_SIZES.length - 1]!;
  return COVER_SIZES.find((size) => size >= requested) ?? COVER_SIZES[COVER_SIZES.length - 1]!;
}

/** Cover art as PNG (every player decodes it), at the cover size nearest `size`. */
export async function coverResponse(
  services: Media,
  db: Database,
  { songId, viewerId, size }: { songId: string; viewerId: string; size: number | null },
): Promise<Response> {
  const found = await services.covers.cover(
    db,
    { songId, viewerId },
    { format: "png", size: coverSizeFor(size) },
  );
  if (!found) throw notFound();
  return new Response(asBody(found.bytes), {
    headers: {
      "content-type": found.contentType,
      "content-length": String(found.bytes.byteLength),
      "cache-control": "private, max-age=86400",
      "access-control-allow-origin": "*",
    },
  });
}
