import { getSessionFromHeaders, type Auth } from "@harmoniq/auth";
import type { Database } from "@harmoniq/db";
import {
  COVER_FORMATS,
  COVER_SIZES,
  DEFAULT_COVER_SIZE,
  type CoverFormat,
  type CoverSize,
} from "@harmoniq/music/cover";
import type { ApiServices } from "../services";
import { STEM_NAMES } from "@harmoniq/music";
import { zipStream } from "../services/export/zip-stream";
import type { SongStreamFile } from "../services/songs/song-stream";
import { asBody, byteRangeResponse, matchesEtag } from "./byte-range";
import { jsonError, orUnavailable } from "./json-error";
import { readDatabaseFor, type ReadRouting } from "./read-routing";

interface SongFileOptions {
  /** The primary. */
  db: Database;
  /** Read replicas: files are read where the request's other reads would be. */
  reads?: ReadRouting;
  auth: Auth;
  services: Pick<ApiServices, "songs" | "covers">;
}

const notFound = () => jsonError(404, "NOT_FOUND", "Song not found");

/** `?download`: the file as an attachment. */
const wantsDownload = (req: Request) => new URL(req.url).searchParams.has("download");

/** A filename a browser can save: the title's letters and digits. */
function fileName(title: string, extension: string): string {
  const base = title
    .normalize("NFKD")
    .replace(/[^\w\- ]+/g, "")
    .trim()
    .replace(/\s+/g, "-")
    .slice(0, 80);
  return `${base || "song"}.${extension}`;
}

/** How a song's audio is served: as an attachment or not, and headers to add or override. */
export interface SongAudioOptions {
  download: boolean;
  headers?: Record<string, string>;
}

/**
 * A song's audio file (the WAV or its stream): byte ranges, an ETag from its storage key (the
 * bytes never change for a key, so 304s and immutable caching), an attachment for `download`.
 */
export function serveSongAudio(
  req: Request,
  file: {
    song: { title: string; isPublic: boolean };
    key: string;
    bytes: Uint8Array;
    contentType: string;
    extension: string;
  },
  options: SongAudioOptions,
): Response {
  const { song } = file;
  return byteRangeResponse(req, file.bytes, {
    "content-type": file.contentType,
    etag: `"${file.key}"`,
    // The bytes never change for a key; private songs stay out of shared caches.
    "cache-control": song.isPublic
      ? "public, max-age=31536000, immutable"
      : "private, max-age=31536000, immutable",
    ...(options.download
      ? {
          "content-disposition": `attachment; filename="${fileName(song.title, file.extension)}"`,
        }
      : {}),
    ...options.headers,
  });
}

/**
 * A song's listening stream (MP3, see song-stream.ts) as services.songs.stream found it, with
 * byte ranges once it is stored. Being encoded (a first play), playing from the start (no
 * range, or `bytes=0-` as players ask first) follows the encode as it goes: no length yet, so
 * no ranges and no caching. Anything else waits for the whole file.
 */
export async function serveSongStream(
  req: Request,
  found: { song: { title: string; isPublic: boolean } } & SongStreamFile,
  options: SongAudioOptions,
): Promise<Response> {
  const { song, key } = found;
  const file = { song, key, contentType: "audio/mpeg", extension: "mp3" };
  if (found.bytes) return serveSongAudio(req, { ...file, bytes: found.bytes }, options);
  const { encoding } = found;
  const range = req.headers.get("range")?.trim();
  const fromStart = !range || range === "bytes=0-";
  if (!fromStart || matchesEtag(req.headers.get("if-none-match"), `"${key}"`))
    return serveSongAudio(req, { ...file, bytes: await encoding.done }, options);
  await encoding.started;
  return new Response(encoding.follow(), {
    status: 200,
    headers: {
      "content-type": "audio/mpeg",
      ...(options.download
        ? { "content-disposition": `attachment; filename="${fileName(song.title, "mp3")}"` }
        : {}),
      ...options.headers,
      "cache-control": "no-store",
    },
  });
}

const isCoverFormat = (value: string): value is CoverFormat =>
  (COVER_FORMATS as readonly string[]).includes(value);
const asCoverSize = (value: string): CoverSize | null =>
  COVER_SIZES.find((size) => String(size) === value) ?? null;

/**
 * `/api/songs/:id/audio` (WAV with byte ranges), `/api/songs/:id/stream` (MP3 with byte
 * ranges), `/api/songs/:id/midi`, `/api/songs/:id/stems` and `/api/songs/:id/cover` (cover art).
 */
export function createSongFileHandlers(options: SongFileOptions) {
  const handlers = songFileHandlers(options);
  return {
    audio: (req: Request, songId: string) => orUnavailable(() => handlers.audio(req, songId)),
    stream: (req: Request, songId: string) => orUnavailable(() => handlers.stream(req, songId)),
    midi: (req: Request, songId: string) => orUnavailable(() => handlers.midi(req, songId)),
    stems: (req: Request, songId: string) => orUnavailable(() => handlers.stems(req, songId)),
    cover: (req: Request, songId: string) => orUnavailable(() => handlers.cover(req, songId)),
  };
}

function songFileHandlers(options: SongFileOptions) {
  /** Who is asking, and the database to read the song from for them. */
  const viewerOf = async (req: Request) => {
    const session = await getSessionFromHeaders(options.auth, req.headers);
    return {
      viewerId: session?.user.id ?? null,
      db: await readDatabaseFor(options, req.headers, session),
    };
  };

  return {
    async audio(req: Request, songId: string): Promise<Response> {
      const { db, viewerId } = await viewerOf(req);
      const found = await options.services.songs.audio(db, { songId, viewerId });
      if (!found) return notFound();
      return serveSongAudio(
        req,
        { ...found, contentType: "audio/wav", extension: "wav" },
        { download: wantsDownload(req) },
      );
    },

    /**
     * `/api/songs/:id/stream`: the listening stream (MP3, see song-stream.ts), with byte ranges.
     * Same access rules as the audio; a song without a stored stream gets it encoded now.
     */
    async stream(req: Request, songId: string): Promise<Response> {
      const { db, viewerId } = await viewerOf(req);
      const found = await options.services.songs.stream(db, { songId, viewerId });
      if (!found) return notFound();
      return serveSongStream(req, found, { download: wantsDownload(req) });
    },

    /**
     * `/api/songs/:id/stems`: a zip of the stems as WAVs, or one stem with `?stem=<name>`. Same
     * access rules as the audio. Rendered on request (a stems render costs about one song render).
     */
    async stems(req: Request, songId: string): Promise<Response> {
      const only = new URL(req.url).searchParams.get("stem");
      if (only !== null && !(STEM_NAMES as readonly string[]).includes(only)) {
        return jsonError(
          400,
          "BAD_REQUEST",
          `Unknown stem "${only}". Choose one of: ${STEM_NAMES.join(", ")}.`,
        );
      }
      const { db, viewerId } = await viewerOf(req);
      const found = await options.services.songs.stems(db, { songId, viewerId });
      if (!found) return notFound();
      const { song, stems } = found;
      if (!stems) {
        return jsonError(
          409,
          "CONFLICT",
          "This song was made before stems existed. Remix it to get a version with stems.",
        );
      }
      const cache = song.isPublic ? "public, max-age=3600" : "private, max-age=3600";
      if (only !== null) {
        const stem = stems.find((s: { name: string }) => s.name === only);
        if (!stem) return jsonError(404, "NOT_FOUND", `This song has no ${only} stem.`);
        return new Response(asBody(stem.wav), {
          status: 200,
          headers: {
            "content-type": "audio/wav",
            "content-length": String(stem.wav.byteLength),
            "content-disposition": `attachment; filename="${fileName(`${song.title} ${only}`, "wav")}"`,
            "cache-control": cache,
          },
        });
      }
      const base = fileName(song.title, "").replace(/\.$/, "");
      const body = zipStream(
        (async function* () {
          for (const [i, stem] of stems.entries()) {
            yield {
              name: `${base}-stems/${String(i + 1).padStart(2, "0")}-${stem.name}.wav`,
              compress: false,
              data: async function* () {
                yield stem.wav;
              },
            };
          }
        })(),
      );
      return new Response(body, {
        status: 200,
        headers: {
          "content-type": "application/zip",
          "content-disposition": `attachment; filename="${base}-stems.zip"`,
          "cache-control": cache,
        },
      });
    },

    /**
     * Cover art, WebP by default or `?format=png` (for share previews), 1024 px or
     * `?size=512` (cards). With the current
     * `?v=` (see coverUrl in the web app) the answer is cached for good; without it, or with an
     * old one, caches must check back (the ETag makes that a 304).
     */
    async cover(req: Request, songId: string): Promise<Response> {
      const params = new URL(req.url).searchParams;
      const format = params.get("format") ?? "webp";
      if (!isCoverFormat(format)) {
        return jsonError(
          400,
          "BAD_REQUEST",
          `Unknown cover format "${format.slice(0, 20)}": use ${COVER_FORMATS.join(" or ")}`,
        );
      }
      const size = asCoverSize(params.get("size") ?? String(DEFAULT_COVER_SIZE));
      if (!size) {
        return jsonError(400, "BAD_REQUEST", `Cover sizes are ${COVER_SIZES.join(" or ")} px`);
      }
      const { db, viewerId } = await viewerOf(req);
      const found = await options.services.covers.cover(db, { songId, viewerId }, { format, size });
      if (!found) return notFound();
      const scope = found.song.isPublic ? "public" : "private";
      const headers: Record<string, string> = {
        "content-type": found.contentType,
        etag: `"cover-${found.version}-${size}-${format}"`,
        "cache-control":
          params.get("v") === found.version
            ? `${scope}, max-age=31536000, immutable`
            : `${scope}, no-cache`,
      };
      if (matchesEtag(req.headers.get("if-none-match"), headers.etag!))
        return new Response(null, { status: 304, headers });
      return new Response(asBody(found.bytes), {
        status: 200,
        headers: { ...headers, "content-length": String(found.bytes.byteLength) },
      });
    },

    async midi(req: Request, songId: string): Promise<Response> {
      const { db, viewerId } = await viewerOf(req);
      const found = await options.services.songs.midi(db, { songId, viewerId });
      if (!found) return notFound();
      return new Response(asBody(found.bytes), {
        status: 200,
        headers: {
          "content-type": "audio/midi",
          "content-length": String(found.bytes.byteLength),
          "content-disposition": `attachment; filename="${fileName(found.song.title, "mid")}"`,
          "cache-control": "private, max-age=3600",
        },
      });
    },
  };
}
