import {
  createSong,
  getSong,
  isDatabaseUnavailable,
  setSongComposition,
  setSongStatus,
  songs,
  eq,
  inArray,
  type Database,
  type JsonObject,
  type SongDetails,
} from "@harmoniq/db";
import {
  analyzeImage,
  audioKey,
  compose,
  encodeWaveform,
  renderMidi,
  type AudioStore,
  type Composition,
  type CompositionRequest,
  type Genre,
  type Logger,
  type Mood,
  type RenderPool,
  type SongWriterProvider,
} from "@harmoniq/music";

export interface CreateSongRequest {
  creationMode: "description" | "lyrics" | "image";
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
  parentId?: string;
}

/** Renders interrupted by the database being unavailable are retried for about two minutes. */
const DATABASE_RETRIES = 12;

export interface SongEngineOptions {
  /** Renders compositions off the request thread. */
  pool: Pick<RenderPool, "render">;
  store: AudioStore;
  /** Writes lyrics and titles in description mode when not the embedded writer. */
  writer?: SongWriterProvider;
  logger?: Logger;
  defaultDurationSec?: number;
}

/**
 * Turns requests into songs: composes (fast, on the calling thread), stores the song as
 * `queued`, and renders in the worker pool: queued → rendering → ready | failed. Audio is
 * deterministic, so a missing file is rendered again, never lost.
 */
export function createSongEngine(options: SongEngineOptions) {
  const { pool, store } = options;
  const logger = options.logger ?? { warn: (message: string) => console.warn(message) };
  const inFlight = new Map<string, Promise<void>>();

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

  async function render(db: Database, songId: string, attempt = 0): Promise<void> {
    try {
      const composition = await loadComposition(db, songId);
      if (!composition) return;
      await setSongStatus(db, songId, "rendering");
      const result = await pool.render(composition);
      await store.put(audioKey(composition), result.wav);
      await setSongStatus(db, songId, "ready", { waveform: encodeWaveform(result.peaks) });
    } catch (error) {
      // The database down or restarting says nothing about the song, and the status could not
      // be written anyway (the song would stay queued or rendering): render again once it is back.
      if (isDatabaseUnavailable(error) && attempt < DATABASE_RETRIES) {
        await new Promise((done) => setTimeout(done, Math.min(500 * 2 ** attempt, 15_000)));
        return render(db, songId, attempt + 1);
      }
      logger.warn(`Rendering song ${songId} failed: ${(error as Error).message}`);
      await setSongStatus(db, songId, "failed", {
        statusMessage:
          "We could not render this song's audio. Try remixing it or creating it again.",
      }).catch(() => {});
    }
  }

  /** Loads a song's score, composing it first for songs stored without one (e.g. the demo seed). */
  async function loadComposition(db: Database, songId: string): Promise<Composition | null> {
    const [row] = await db
      .select({
        composition: songs.composition,
        creationMode: songs.creationMode,
        description: songs.description,
        lyrics: songs.lyrics,
        title: songs.title,
        mood: songs.mood,
        genre: songs.genre,
        seed: songs.seed,
        durationSec: songs.durationSec,
      })
      .from(songs)
      .where(eq(songs.id, songId));
    if (!row) return null;
    if (row.composition) return row.composition as unknown as Composition;
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
      composition: composition as unknown as JsonObject,
      durationSec: composition.durationSec,
      lyrics: composition.lyrics?.text ?? row.lyrics,
    });
    return composition;
  }

  /** A song the viewer can see, with its score (composed now if it was stored without one). */
  async function visibleScore(db: Database, songId: string, viewerId: string | null) {
    const song = await getSong(db, songId, viewerId);
    if (!song) return null;
    const composition = song.composition
      ? (song.composition as unknown as Composition)
      : await loadComposition(db, songId);
    return composition ? { song, composition } : null;
  }

  function enqueue(db: Database, songId: string): Promise<void> {
    const existing = inFlight.get(songId);
    if (existing) return existing;
    const job = render(db, songId).finally(() => inFlight.delete(songId));
    inFlight.set(songId, job);
    return job;
  }

  return {
    async create(db: Database, ownerId: string, input: CreateSongRequest): Promise<SongDetails> {
      const image = input.image ? await analyzeImage(input.image) : null;
      const seed = input.seed ?? Math.floor(Math.random() * 2_147_483_647);
      const composition = await buildComposition({
        creationMode: input.creationMode,
        description: input.description ?? null,
        lyrics: input.lyrics ?? null,
        image: image?.features ?? null,
        title: input.title ?? null,
        mood: input.mood ?? null,
        genre: input.genre ?? null,
        seed,
        durationSec: input.durationSec ?? options.defaultDurationSec ?? 60,
      });
      const song = await createSong(db, ownerId, {
        title: composition.title,
        description: input.description ?? null,
        lyrics: composition.lyrics?.text ?? null,
        mood: composition.mood,
        genre: composition.genre,
        creationMode: input.creationMode,
        isPublic: input.isPublic ?? false,
        seed,
        durationSec: composition.durationSec,
        composition: composition as unknown as JsonObject,
        inference: image ? (composition.inferred.image as unknown as JsonObject) : null,
        status: "queued",
        ...(input.parentId ? { parentId: input.parentId } : {}),
      });
      void enqueue(db, song.id);
      return song;
    },

    /** Renders a song now (or joins its render in progress). */
    render: enqueue,

    /** Picks up songs left queued or rendering (after a restart, or seeded without audio). */
    async resumePending(db: Database): Promise<number> {
      const pending = await db
        .select({ id: songs.id })
        .from(songs)
        .where(inArray(songs.status, ["queued", "rendering"]));
      for (const { id } of pending) void enqueue(db, id);
      return pending.length;
    },

    /** Resolves when every render started so far has finished (tests, graceful shutdown). */
    async idle(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight.values()]);
    },

    /** The WAV of a song the viewer can see, rendered again if the file is missing. */
    async audio(db: Database, songId: string, viewerId: string | null) {
      const found = await visibleScore(db, songId, viewerId);
      if (!found) return null;
      const ensured = await store.ensureAudio(
        found.composition,
        async (c) => (await pool.render(c)).wav,
      );
      return { song: found.song, key: ensured.key, bytes: ensured.bytes };
    },

    /** The score of a song the viewer can see, as a standard MIDI file. */
    async midi(db: Database, songId: string, viewerId: string | null) {
      const found = await visibleScore(db, songId, viewerId);
      return found ? { song: found.song, bytes: renderMidi(found.composition) } : null;
    },
  };
}
export type SongEngine = ReturnType<typeof createSongEngine>;
