import type { Database } from "@harmoniq/db";
import { COVER_SIZES, type CoverSize } from "@harmoniq/music/cover";
import type { ApiServices } from "../../services";
import { parseRange } from "../song-files";
import { SubsonicCode, SubsonicError } from "./response";

// stream, download and getCoverArt: the same bytes as /api/songs/:id/audio and the cover
// route, through the same services (and their access rules), for a player.

type Media = Pick<ApiServices, "songs" | "covers">;

const asBody = (bytes: Uint8Array) =>
  new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);

const notFound = () => new SubsonicError(SubsonicCode.notFound, "Song not found");

/** The song's WAV, with byte ranges; `download` adds an attachment filename. */
export async function audioResponse(
  services: Media,
  db: Database,
  req: Request,
  { songId, viewerId, download }: { songId: string; viewerId: string; download: boolean },
): Promise<Response> {
  const found = await services.songs.audio(db, { songId, viewerId });
  if (!found) throw notFound();
  const { bytes, key, song } = found;
  const headers: Record<string, string> = {
    "content-type": "audio/wav",
    "accept-ranges": "bytes",
    etag: `"${key}"`,
    "cache-control": "private, max-age=31536000, immutable",
    "access-control-allow-origin": "*",
    ...(download
      ? {
          "content-disposition": `attachment; filename="${song.title.replace(/[^\w\- ]+/g, "").trim() || "song"}.wav"`,
        }
      : {}),
  };
  const range = parseRange(req.headers.get("range"), bytes.byteLength);
  if (range === "invalid") {
    return new Response(null, {
      status: 416,
      headers: { ...headers, "content-range": `bytes */${bytes.byteLength}` },
    });
  }
  if (range) {
    const body = bytes.subarray(range.start, range.end + 1);
    return new Response(asBody(body), {
      status: 206,
      headers: {
        ...headers,
        "content-range": `bytes ${range.start}-${range.end}/${bytes.byteLength}`,
        "content-length": String(body.byteLength),
      },
    });
  }
  return new Response(asBody(bytes), {
    headers: { ...headers, "content-length": String(bytes.byteLength) },
  });
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
