import {
  createSong,
  createSongTakes,
  failPendingSong,
  getSong,
  getSongScoreInputs,
  getSongStatus,
  isDatabaseUnavailable,
  listPendingSongIds,
  putSongPicture,
  setSongComposition,
  setSongStatus,
  type Database,
  type SongDetails,
} from "@harmoniq/db";
import {
  compose,
  encodeWaveform,
  isEngine2,
  renderMidi,
  type Composition,
  type CompositionRequest,
  type Logger,
  type SongWriterProvider,
  type VoiceId,
} from "@harmoniq/music";
import {
  audioKey,
  type AudioStore,
  type RenderOptions,
  type RenderPool,
} from "@harmoniq/music/render";
import { coverPictureFrom } from "@harmoniq/music/cover";
import { analyzeImage } from "@harmoniq/music/image";
import type { CreationMode, Genre, Mood, Vocals } from "@harmoniq/vocabulary";
import { readComposition, toStoredComposition, toStoredInference } from "../composition-codec";
import { removeUnsharedAudio, removeUnusedPictures, type AudioCleanup } from "./audio-cleanup";
import { createRenderProgressWriter } from "./render-progress-writer";
import { createSongStreams, type RenderWav } from "./song-stream";
import { studioOriginalAudio } from "./studio-original-audio";

export interface CreateSongRequest {
  creationMode: CreationMode;
  description?: string | null;
  lyrics?: string | null;
  /** The uploaded picture's bytes (image mode). */
  image?: Uint8Array;
  title?: string | null;
  mood?: Mood;
  genre?: Genre;
  isPublic?: boolean;
  seed?: number;
  durationSec?: number;
  /** Sing the words (default when there are words) or play them as an instrumental. */
  vocals?: Vocals;
  /** Which voice sings (an id from `song.voices`); the composer picks one for the genre if absent. */
  voice?: VoiceId;
  parentId?: string;
}

/** Seeds are non-negative 31-bit integers (LIMITS.seedMax). */
const SEED_RANGE = 2_147_483_647;

/**
 * The seed of take `take` (from 0) of a request with seed `seed`: the first take uses the
 * request's seed as it is, so a single take is what it always was; later takes get seeds
 * scattered by a multiplicative hash, so that they differ from the remix seeds (seed + 1).
 */
export function seedOfTake(seed: number, take: number): number {
  if (take === 0) return seed;
  const mixed = (Math.imul(seed ^ (take * 0x9e3779b9), 0x85ebca6b) >>> 0) % SEED_RANGE;
  return mixed === seed ? (mixed + take) % SEED_RANGE : mixed;
}

/** The job that renders a song, run by the job queue (see src/jobs). */
export type SongRenderJobs = {
  /** `durationSec` sizes the job's expiry (absent in jobs queued by older versions). */
  "song.render": { songId: string; durationSec?: number };
};

/** What the song service needs of the job queue. */
export interface SongRenderQueue {
  send(name: "song.render", data: SongRenderJobs["song.render"]): Promise<void>;
  idle(): Promise<void>;
}

/** A song and who is asking for it (null: anonymous). */
export interface SongViewer {
  songId: string;
  viewerId: string | null;
}

export interface RenderAttempt {
  /** No retry follows when this attempt fails: the song is marked failed. */
  isLast: boolean;
}

/**
 * Renders interrupted by the database being unavailable wait for it within the attempt for
 * about 15 s (0.5 + 1 + 2 + 4 + 8), well inside the job's expiry; longer outages fall to the
 * job's own retries.
 */
const DATABASE_RETRIES = 5;

export interface SongServiceOptions {
  /** Renders compositions and encodes streams off the request thread. */
  pool: Pick<RenderPool, "render" | "renderStems" | "encodeMp3">;
  /** Where render jobs go; its `song.render` job calls `renderAttempt` (see src/jobs). */
  queue: SongRenderQueue;
  store: AudioStore;
  /** The songs' listening streams (MP3), encoded from their WAVs once (see song-stream.ts). */
  streams: Pick<AudioStore, "get" | "put">;
  /**
   * Encode each song's stream right after its render (after it is marked ready, so the first
   * audio is not held up), not on its first play. Off by default (tests); the server turns it on.
   */
  prepareStreams?: boolean;
  /** Writes lyrics and titles in description mode when not the embedded writer. */
  writer?: SongWriterProvider;
  logger?: Logger;
  defaultDurationSec?: number;
  /**
   * Waits (ms) before each new try to queue a render whose queueing failed (the queue's database
   * down or restarting); after the last, the song waits for `resumePending` at the next start.
   */
  queueRetryMs?: readonly number[];
}

/** About two minutes of tries: a PostgreSQL restart or fail-over fits well inside. */
const QUEUE_RETRY_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 60_000];

/**
 * What the song's owner reads when its audio could not be made. A render worker's own message
 * (it crashed, ran out of memory or timed out) is safe to show; anything else stays in the logs.
 */
export function renderFailureMessage(reason: string | null): string {
  const detail = reason ? ` (${reason})` : "";
  return `We could not render this song's audio${detail}. Try remixing it or creating it again.`;
}

function workerReason(error: unknown): string | null {
  return error instanceof Error && error.name === "RenderWorkerError" ? error.message : null;
}

/**
 * Turns requests into songs: composes (fast, on the calling thread), stores the song as
 * `queued`, and queues a `song.render` job that renders it in the worker pool:
 * queued → rendering → ready, or failed after the job's last attempt. Audio is
 * deterministic, so a missing file is rendered again, never lost.
 */
export function createSongService(options: SongServiceOptions) {
  const { pool, store, queue } = options;
  const streams = createSongStreams({ pool, store, streams: options.streams });
  const logger = options.logger ?? { warn: (message: string) => console.warn(message) };
  /**
   * Attempts running in this process, so account deletion can wait for them before removing
   * audio files (a render finishing afterwards would leave an orphan file). Not a de-duplicator:
   * the queue runs one job per song at a time.
   */
  const running = new Map<string, Promise<void>>();

  async function buildComposition(request: CompositionRequest): Promise<Composition> {
    if (
      request.creationMode === "description" &&
      options.writer &&
      options.writer.name !== "embedded"
    ) {
      // Let the composer settle mood and genre first, then ask the writer for lyrics in them.
      const sketch = compose(request);
      const written = await options.writer.writeSong({
        description: request.description ?? "",
        mood: sketch.mood,
        genre: sketch.genre,
        seed: request.seed,
        ...(request.title ? { title: request.title } : {}),
      });
      return compose({
        ...request,
        mood: sketch.mood,
        genre: sketch.genre,
        lyrics: written.lyrics,
        title: request.title ?? written.title,
      });
    }
    return compose(request);
  }

  /**
   * One attempt at rendering a song; throws when it fails (the job queue retries it). The
   * queue runs one job per song at a time, so a retry after a hung attempt renders afresh.
   */
  function renderAttempt(db: Database, songId: string, attempt: RenderAttempt): Promise<void> {
    const run = attemptRender(db, songId, attempt).finally(() => {
      if (running.get(songId) === run) running.delete(songId);
    });
    running.set(songId, run);
    return run;
  }

  /**
   * The database down or restarting says nothing about the song, and its status could not be
   * written anyway: wait for it within the attempt (not spending the job's retries on it).
   */
  async function attemptRender(db: Database, songId: string, attempt: RenderAttempt) {
    for (let retry = 0; ; retry++) {
      try {
        return await renderOnce(db, songId, attempt);
      } catch (error) {
        if (!isDatabaseUnavailable(error) || retry >= DATABASE_RETRIES) throw error;
        await new Promise((done) => setTimeout(done, Math.min(500 * 2 ** retry, 15_000)));
      }
    }
  }

  async function renderOnce(
    db: Database,
    songId: string,
    { isLast }: RenderAttempt,
  ): Promise<void> {
    const status = await getSongStatus(db, songId);
    // Deleted, or already rendered by a duplicate job: nothing to do.
    if (!status || status === "ready") return;
    // Section by section, for whoever watches the song (a report after the render is ignored).
    const progress = createRenderProgressWriter(db, songId, logger);
    try {
      const composition = await loadComposition(db, songId);
      if (!composition) return;
      await setSongStatus(db, songId, "rendering");
      const result = await renderInPool(db, songId, composition, progress.report).finally(() =>
        progress.settled(),
      );
      await store.put(audioKey(composition), result.wav);
      await setSongStatus(db, songId, "ready", { waveform: encodeWaveform(result.peaks) });
      if (options.prepareStreams) {
        // Not awaited: the render job (and the song's first audio) does not wait for its stream.
        streams.prepare(composition, result.wav).catch((error: unknown) => {
          logger.warn(`Encoding the stream of song ${songId} failed: ${(error as Error).message}`);
        });
      }
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw error;
      const message = (error as Error).message;
      if (isLast) {
        logger.warn(`Rendering song ${songId} failed, giving up: ${message}`);
        await setSongStatus(db, songId, "failed", {
          statusMessage: renderFailureMessage(workerReason(error)),
        });
      } else {
        logger.warn(`Rendering song ${songId} failed, will retry: ${message}`);
        // Back to the queue, so the song does not claim to be rendering while it waits.
        await setSongStatus(db, songId, "queued").catch(() => {});
      }
      throw error;
    }
  }

  /**
   * A song's WAV, peaks and duration, rendered in the pool. A studio pass is given its original's
   * stored WAV to splice into, whether it renders for the first time or again after its own file
   * was lost: the same bytes either way, without rendering the original a second time.
   */
  async function renderInPool(
    db: Database,
    songId: string,
    composition: Composition,
    onProgress?: RenderOptions["onProgress"],
  ) {
    const originalWav = await studioOriginalAudio({ db, store, logger }, songId, composition);
    return pool.render(composition, {
      ...(onProgress ? { onProgress } : {}),
      ...(originalWav ? { originalWav } : {}),
    });
  }

  /** The WAV of a song whose file is missing, rendered again (see renderInPool). */
  const renderAgain =
    (db: Database, songId: string): RenderWav =>
    async (composition) =>
      (await renderInPool(db, songId, composition)).wav;

  /** Loads a song's score, composing it first for songs stored without one (e.g. the demo seed). */
  async function loadComposition(db: Database, songId: string): Promise<Composition | null> {
    const row = await getSongScoreInputs(db, songId);
    if (!row) return null;
    if (row.composition) return readComposition(row.composition);
    const composition = compose({
      creationMode: row.creationMode === "image" ? "description" : row.creationMode,
      description: row.description,
      lyrics: row.lyrics,
      title: row.title,
      mood: row.mood,
      genre: row.genre,
      seed: row.seed,
      durationSec: Math.round(row.durationSec),
    });
    await setSongComposition(db, songId, {
      composition: toStoredComposition(composition),
      durationSec: composition.durationSec,
      lyrics: composition.lyrics?.text ?? row.lyrics,
    });
    return composition;
  }

  /** A song the viewer can see, with its score (composed now if it was stored without one). */
  async function visibleScore(db: Database, { songId, viewerId }: SongViewer) {
    const song = await getSong(db, { id: songId, viewerId });
    if (!song) return null;
    const composition = song.composition
      ? readComposition(song.composition)
      : await loadComposition(db, songId);
    return composition ? { song, composition } : null;
  }

  const queueRetryMs = options.queueRetryMs ?? QUEUE_RETRY_MS;
  async function queueRender(songId: string, durationSec?: number, tries = 0): Promise<void> {
    try {
      await queue.send(
        "song.render",
        durationSec === undefined ? { songId } : { songId, durationSec },
      );
    } catch (error) {
      // The song row is stored as queued: without a job it would wait for the next start. Try
      // again while the database comes back; a job sent twice finds the song ready and stops.
      const wait = queueRetryMs[tries];
      logger.warn(
        `Queueing the render of song ${songId} failed: ${(error as Error).message}; ` +
          (wait === undefined
            ? "it is queued again at the next start"
            : `trying again in ${wait / 1000} s`),
      );
      if (wait !== undefined)
        setTimeout(() => void queueRender(songId, durationSec, tries + 1), wait).unref();
    }
  }

  /** Stores a composed song as queued and queues its render. */
  async function insertAndQueue(
    db: Database,
    ownerId: string,
    composition: Composition,
    row: {
      description: string | null;
      creationMode: CreationMode;
      isPublic: boolean;
      seed: number;
      inference: ReturnType<typeof toStoredInference> | null;
      parentId?: string;
    },
  ): Promise<SongDetails> {
    const { parentId, ...rest } = row;
    const song = await createSong(db, ownerId, {
      ...rest,
      title: composition.title,
      lyrics: composition.lyrics?.text ?? null,
      mood: composition.mood,
      genre: composition.genre,
      // A cover at another tempo can end between seconds; the row keeps whole seconds.
      durationSec: Math.round(composition.durationSec),
      composition: toStoredComposition(composition),
      status: "queued",
      ...(parentId ? { parentId } : {}),
    });
    await queueRender(song.id, song.durationSec);
    return song;
  }

  async function createTakes(
    db: Database,
    ownerId: string,
    input: CreateSongRequest,
    takes: number,
  ): Promise<SongDetails[]> {
    const image = input.image ? await analyzeImage(input.image) : null;
    // The picture is kept as the songs' cover before their rows exist: a row never names a
    // picture that is not stored.
    const picture = input.image ? await coverPictureFrom(input.image) : null;
    if (picture) await putSongPicture(db, picture.key, picture.bytes);
    const seed = input.seed ?? Math.floor(Math.random() * SEED_RANGE);
    const rows = await Promise.all(
      Array.from({ length: takes }, async (_, take) => {
        const takeSeed = seedOfTake(seed, take);
        const composition = await buildComposition({
          creationMode: input.creationMode,
          description: input.description ?? null,
          lyrics: input.lyrics ?? null,
          image: image?.features ?? null,
          title: input.title ?? null,
          mood: input.mood ?? null,
          genre: input.genre ?? null,
          seed: takeSeed,
          durationSec: input.durationSec ?? options.defaultDurationSec ?? 60,
          vocals: input.vocals ?? null,
          voice: input.voice ?? null,
        });
        return {
          title: composition.title,
          description: input.description ?? null,
          lyrics: composition.lyrics?.text ?? null,
          mood: composition.mood,
          genre: composition.genre,
          creationMode: input.creationMode,
          isPublic: input.isPublic ?? false,
          seed: takeSeed,
          durationSec: composition.durationSec,
          composition: toStoredComposition(composition),
          inference: image
            ? {
                ...toStoredInference(composition.inferred.image),
                ...(picture ? { pictureKey: picture.key } : {}),
              }
            : null,
          status: "queued" as const,
          ...(input.parentId ? { parentId: input.parentId } : {}),
        };
      }),
    );
    const songs = await createSongTakes(db, ownerId, rows);
    for (const song of songs) await queueRender(song.id, song.durationSec);
    return songs;
  }

  return {
    async create(db: Database, ownerId: string, input: CreateSongRequest): Promise<SongDetails> {
      const [song] = await createTakes(db, ownerId, input, 1);
      return song!;
    },

    /**
     * A song from a score a studio pass made of another (extend, replace a section, cover): stored
     * with its parent and queued; the render worker splices pass scores into the original's audio.
     */
    async createFromScore(
      db: Database,
      ownerId: string,
      input: {
        composition: Composition;
        parent: { id: string; creationMode: CreationMode; description: string | null };
        seed: number;
        isPublic?: boolean;
      },
    ): Promise<SongDetails> {
      return insertAndQueue(db, ownerId, input.composition, {
        description: input.parent.description,
        creationMode: input.parent.creationMode,
        isPublic: input.isPublic ?? false,
        seed: input.seed,
        inference: null,
        parentId: input.parent.id,
      });
    },

    /**
     * Several takes of one request: songs of their own with different seeds (derived from the
     * request's seed, so the same request makes the same takes), stored together as one take
     * group and returned in take order.
     */
    createTakes,
    /** The `song.render` job's body: one attempt, marking the song failed on the last one. */
    renderAttempt,

    /**
     * Marks a song failed after its render job gave up without saying why (it expired, or its
     * process died); a song already ready or failed is left alone.
     */
    async markRenderFailed(db: Database, songId: string, reason: string | null): Promise<void> {
      await failPendingSong(db, songId, renderFailureMessage(reason));
    },

    /**
     * Queues songs left queued or rendering (seeded without audio, or left by a run whose
     * in-process queue was lost); a song whose job is still queued is not queued twice.
     */
    async resumePending(db: Database): Promise<number> {
      const pending = await listPendingSongIds(db);
      for (const id of pending) await queueRender(id);
      return pending.length;
    },

    /** Resolves when no render job is waiting, retrying or running, nor any stream encoding (tests). */
    async idle() {
      await queue.idle();
      await streams.settled();
    },

    /** The WAV of a song the viewer can see, rendered again if the file is missing. */
    async audio(db: Database, viewer: SongViewer) {
      const found = await visibleScore(db, viewer);
      if (!found) return null;
      const ensured = await store.ensureAudio(found.composition, renderAgain(db, viewer.songId));
      return { song: found.song, key: ensured.key, bytes: ensured.bytes };
    },

    /**
     * The listening stream (MP3) of a song the viewer can see: stored once per song, or being
     * encoded (on its first play if it has none, its WAV rendered again if that is missing).
     */
    async stream(db: Database, viewer: SongViewer) {
      const found = await visibleScore(db, viewer);
      if (!found) return null;
      const stream = await streams.get(found.composition, renderAgain(db, viewer.songId));
      return { song: found.song, ...stream };
    },

    /**
     * After songs were deleted (with their owner's account): waits for their renders still in
     * flight, then removes the audio files no remaining song uses.
     */
    async forgetAudio(
      db: Database,
      deleted: {
        id: string;
        seed: number;
        audioKey: string;
        pictureKey?: string | null;
        coverKey?: string | null;
      }[],
    ): Promise<AudioCleanup> {
      await Promise.allSettled(deleted.map((song) => running.get(song.id)));
      await streams.settled(deleted.map((song) => song.audioKey));
      await removeUnusedPictures(
        db,
        deleted.flatMap((song) => [song.pictureKey, song.coverKey]),
      );
      return removeUnsharedAudio(db, { store, streams: options.streams }, deleted);
    },

    /** After songs were deleted: removes the pictures they were made from that no song uses. */
    forgetPictures(db: Database, pictureKeys: (string | null | undefined)[]): Promise<number> {
      return removeUnusedPictures(db, pictureKeys);
    },

    /**
     * The stems of a song the viewer can see (drums, bass, harmony, lead, and vocals when sung):
     * 32-bit float WAVs that sum to the mix before the master bus, rendered now in the pool.
     * `stems` is null for engine-1 songs, whose synth mixed as it played.
     */
    async stems(db: Database, viewer: SongViewer) {
      const found = await visibleScore(db, viewer);
      if (!found) return null;
      if (!isEngine2(found.composition)) return { song: found.song, stems: null };
      const { stems } = await pool.renderStems(found.composition);
      return { song: found.song, stems };
    },

    /** The score of a song the viewer can see, as a standard MIDI file. */
    async midi(db: Database, viewer: SongViewer) {
      const found = await visibleScore(db, viewer);
      return found ? { song: found.song, bytes: renderMidi(found.composition) } : null;
    },
  };
}
export type SongService = ReturnType<typeof createSongService>;
