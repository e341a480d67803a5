import {
  getAccountForExport,
  listLikedSongsForExport,
  listNotificationsForExport,
  listOwnCommentsForExport,
  listOwnPlaylistsForExport,
  listOwnSongsForExport,
  listRepostsForExport,
  type Database,
  type PagePosition,
  type ExportedSongRow,
} from "@harmoniq/db";
import type { SongService } from "../songs/song-service";
import { utf8, zipStream, type ZipEntrySource } from "./zip-stream";

/** Bumped when library.json changes shape in a way a reader would notice. */
export const LIBRARY_FORMAT_VERSION = 1;

const PAGE = 100;

export interface LibraryExport {
  filename: string;
  stream: ReadableStream<Uint8Array>;
}

interface SongFiles {
  wav: string | null;
  midi: string | null;
  /** Why a file is not in the archive, in words a person can read. */
  missing: { file: "wav" | "midi"; reason: string }[];
}

/** `Rain on the Window!` → `rain-on-the-window` (ASCII letters and digits, at most 50). */
export function slugOf(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 50)
    .replace(/-+$/, "");
  return slug || "song";
}

/** Pages through a keyset-paginated query until it runs dry. */
async function* paged<Row>(
  fetchPage: (after: PagePosition | null) => Promise<Row[]>,
  positionOf: (row: Row) => PagePosition,
): AsyncGenerator<Row> {
  let after: PagePosition | null = null;
  for (;;) {
    const rows = await fetchPage(after);
    yield* rows;
    if (rows.length < PAGE) return;
    after = positionOf(rows[rows.length - 1]!);
  }
}

/** A JSON array written element by element (each element stringified on its own). */
async function* jsonArray<T>(items: AsyncIterable<T>, map: (item: T) => unknown) {
  yield "[";
  let first = true;
  for await (const item of items) {
    yield `${first ? "\n" : ",\n"}    ${JSON.stringify(map(item))}`;
    first = false;
  }
  yield first ? "]" : "\n  ]";
}

/**
 * One zip of everything a user owns: `songs/<slug>-<id>.wav` and `.mid` for each of their
 * songs (rendered now when missing), then `library.json` with their profile, songs (metadata,
 * lyrics, score, what was inferred from a picture, which files are in the archive), playlists
 * in order, the comments they wrote, the songs they liked and reposted, and the notifications
 * they received. Built while it is downloaded.
 */
export async function createLibraryExport(options: {
  db: Database;
  songs: Pick<SongService, "audio" | "midi">;
  userId: string;
  now?: Date;
}): Promise<LibraryExport | null> {
  const { db, userId } = options;
  const now = options.now ?? new Date();
  const account = await getAccountForExport(db, userId);
  if (!account) return null;

  const songPages = () =>
    paged(
      (after) => listOwnSongsForExport(db, userId, { after, limit: PAGE }),
      (row) => row,
    );
  const filesBySong = new Map<string, SongFiles>();

  async function* songEntries(): AsyncGenerator<ZipEntrySource> {
    for await (const song of songPages()) {
      const base = `songs/${slugOf(song.title)}-${song.id}`;
      const files: SongFiles = { wav: null, midi: null, missing: [] };
      filesBySong.set(song.id, files);
      // Rendered (or read) here, one song at a time, so that a failure is recorded rather than
      // breaking the archive half-way.
      const sources = {
        wav: () => options.songs.audio(db, { songId: song.id, viewerId: userId }),
        midi: () => options.songs.midi(db, { songId: song.id, viewerId: userId }),
      };
      for (const file of ["wav", "midi"] as const) {
        let bytes: Uint8Array | null = null;
        try {
          bytes = (await sources[file]())?.bytes ?? null;
          if (!bytes)
            files.missing.push({ file, reason: "The song was deleted during the export." });
        } catch (error) {
          files.missing.push({ file, reason: renderFailure(song, error) });
        }
        if (!bytes) continue;
        const found = bytes;
        files[file] = `${base}.${file === "wav" ? "wav" : "mid"}`;
        yield {
          name: files[file],
          compress: false,
          mtime: song.updatedAt,
          data: () => once(found),
        };
      }
    }
    yield { name: "library.json", compress: true, mtime: now, data: () => utf8(libraryJson()) };
  }

  async function* libraryJson(): AsyncGenerator<string> {
    const profile = { ...account!, createdAt: account!.createdAt.toISOString() };
    yield `{\n  "format": "harmoniq-library",\n  "formatVersion": ${LIBRARY_FORMAT_VERSION},\n`;
    yield `  "exportedAt": ${JSON.stringify(now.toISOString())},\n`;
    yield `  "profile": ${JSON.stringify(profile)},\n`;
    yield `  "songs": `;
    yield* jsonArray(songPages(), (song) => ({
      ...song,
      // Songs created while the export ran have no files in this archive.
      files: filesBySong.get(song.id) ?? {
        wav: null,
        midi: null,
        missing: [{ file: "wav", reason: "Created after the export started." }],
      },
    }));
    yield `,\n  "playlists": `;
    yield* jsonArray(toAsync(await listOwnPlaylistsForExport(db, userId)), (list) => list);
    yield `,\n  "comments": `;
    yield* jsonArray(
      paged(
        (after) => listOwnCommentsForExport(db, userId, { after, limit: PAGE }),
        (row) => row,
      ),
      (comment) => comment,
    );
    yield `,\n  "likes": `;
    yield* jsonArray(
      paged(
        (after) => listLikedSongsForExport(db, userId, { after, limit: PAGE }),
        (row) => ({ createdAt: row.likedAt, id: row.songId }),
      ),
      (like) => like,
    );
    yield `,\n  "reposts": `;
    yield* jsonArray(
      paged(
        (after) => listRepostsForExport(db, userId, { after, limit: PAGE }),
        (row) => ({ createdAt: row.repostedAt, id: row.songId }),
      ),
      (repost) => repost,
    );
    yield `,\n  "notifications": `;
    yield* jsonArray(
      paged(
        (after) => listNotificationsForExport(db, userId, { after, limit: PAGE }),
        (row) => row,
      ),
      (notification) => notification,
    );
    yield "\n}\n";
  }

  const date = now.toISOString().slice(0, 10);
  return {
    filename: `harmoniq-${account.handle}-${date}.zip`,
    stream: zipStream(songEntries()),
  };
}

function renderFailure(song: ExportedSongRow, error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  return song.status === "failed" && song.statusMessage
    ? `${song.statusMessage} Rendering it again for the export failed too (${detail}).`
    : `Rendering it for the export failed (${detail}).`;
}

async function* once(bytes: Uint8Array) {
  yield bytes;
}

async function* toAsync<T>(items: Iterable<T>) {
  yield* items;
}
