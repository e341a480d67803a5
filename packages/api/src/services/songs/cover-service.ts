import { getSongCoverInputs, getSongPicture, type Database } from "@harmoniq/db";
import type { CoverFormat, CoverInput, CoverSize } from "@harmoniq/music/cover";
import { coverVersion, COVER_MIME, renderCover, servePicture } from "@harmoniq/music/cover";
import type { SongViewer } from "./song-service";

export interface CoverServiceOptions {
  /** Bytes of encoded covers kept in memory, least recently used dropped first (default 48 MB). */
  cacheBytes?: number;
  /** Draws a cover (tests count the calls). */
  render?: (
    input: CoverInput,
    options: { format: CoverFormat; size: CoverSize },
  ) => Promise<Uint8Array>;
}

export interface SongCover {
  song: { id: string; isPublic: boolean };
  /** What `?v=` must say for the answer to be cached for good (see coverVersion). */
  version: string;
  bytes: Uint8Array;
  contentType: string;
}

/**
 * Cover art of songs, kept in a byte-bounded LRU: the cover its owner uploaded, or the picture
 * a song was made from when it was kept (image mode), else drawn on demand — a drawn cover is a pure function of its inputs, so
 * nothing is stored and a restart only costs a redraw (~0.1–0.3 s). Concurrent requests for the
 * same cover share one drawing.
 */
export function createCoverService(options: CoverServiceOptions = {}) {
  const budget = options.cacheBytes ?? 48 * 1024 * 1024;
  const render = options.render ?? renderCover;
  const cache = new Map<string, Uint8Array>();
  const drawing = new Map<string, Promise<Uint8Array | null>>();
  let cachedBytes = 0;

  function remember(key: string, bytes: Uint8Array) {
    if (bytes.byteLength > budget) return;
    cache.set(key, bytes);
    cachedBytes += bytes.byteLength;
    for (const [oldest, old] of cache) {
      if (cachedBytes <= budget) break;
      cache.delete(oldest);
      cachedBytes -= old.byteLength;
    }
  }

  /**
   * The cached bytes of `key`, or `make`'s (once, however many ask at the same time); null when
   * `make` has nothing (a picture whose file is gone), which is not cached.
   */
  async function draw<T extends Uint8Array | null>(
    key: string,
    make: () => Promise<T>,
  ): Promise<T> {
    const hit = cache.get(key);
    if (hit) {
      // Most recently used goes to the back of the Map's order.
      cache.delete(key);
      cache.set(key, hit);
      return hit as T;
    }
    const pending = drawing.get(key);
    if (pending) return pending as Promise<T>;
    const job = make()
      .then((bytes) => {
        if (bytes) remember(key, bytes);
        return bytes;
      })
      .finally(() => drawing.delete(key));
    drawing.set(key, job);
    return job;
  }

  return {
    /** The cover of a song the viewer can see, or null (missing, or someone else's private song). */
    async cover(
      db: Database,
      viewer: SongViewer,
      { format, size }: { format: CoverFormat; size: CoverSize },
    ): Promise<SongCover | null> {
      const song = await getSongCoverInputs(db, { id: viewer.songId, viewerId: viewer.viewerId });
      if (!song) return null;
      const version = coverVersion(song);
      const input: CoverInput = {
        title: song.title,
        mood: song.mood,
        genre: song.genre,
        seed: song.seed,
        pictureColor: song.pictureColor,
      };
      // The owner's upload first, then the picture image mode kept, else drawn.
      const pictureKey = song.coverKey ?? song.pictureKey;
      const picture = pictureKey
        ? await draw(JSON.stringify(["picture", pictureKey, format, size]), async () => {
            const stored = await getSongPicture(db, pictureKey);
            return stored ? servePicture(stored, { format, size }) : null;
          })
        : null;
      // Keyed by the drawing's inputs, not the song: identical inputs share one entry.
      const bytes =
        picture ??
        (await draw(JSON.stringify([version, song.seed, song.pictureColor, format, size]), () =>
          render(input, { format, size }),
        ));
      return {
        song: { id: song.id, isPublic: song.isPublic },
        version,
        bytes,
        contentType: COVER_MIME[format],
      };
    },
    /** Covers held in memory (tests, monitoring). */
    stats: () => ({ entries: cache.size, bytes: cachedBytes }),
  };
}
export type CoverService = ReturnType<typeof createCoverService>;
