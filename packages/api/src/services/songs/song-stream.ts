import type { Composition } from "@harmoniq/music";
import {
  audioKey,
  streamKey,
  type AudioStore,
  type DiskAudioStore,
  type RenderPool,
  type WavFile,
} from "@harmoniq/music/render";

/** Renders a song's WAV off the request thread (a studio pass from its original's stored audio). */
export type RenderWav = (composition: Composition) => Promise<Uint8Array>;

export interface SongStreamOptions {
  /** Encodes streams off the request thread. */
  pool: Pick<RenderPool, "encodeMp3">;
  /**
   * The songs' WAVs (the stream's source). A store with files (the disk store) lets the encoder
   * read a stored WAV itself, as it goes.
   */
  store: AudioStore & Partial<Pick<DiskAudioStore, "file">>;
  /** The songs' streams (MP3), keyed by `streamKey(audioKey)`. */
  streams: Pick<AudioStore, "get" | "put">;
}

/** Gets each new chunk of an encode, then null at its end (with the error if it failed). */
type Follower = (chunk: Uint8Array | null, error?: unknown) => void;

/** A stream being encoded: the MP3 so far, and whoever follows the rest. */
interface Encoding {
  chunks: Uint8Array[];
  ended: boolean;
  /** Set when it ended by failing: whoever follows it later must fail too, not end short. */
  failure?: { error: unknown };
  followers: Set<Follower>;
  /** Resolves at the first MP3 bytes (or the end); rejects if the encode fails before them. */
  started: Promise<void>;
  /** The whole MP3, once stored. */
  done: Promise<Uint8Array>;
}

/** A song's stream: stored bytes, or an encode in flight that can be followed as it is made. */
export type SongStreamFile =
  | { key: string; bytes: Uint8Array; encoding?: undefined }
  | {
      key: string;
      bytes?: undefined;
      encoding: {
        /** Resolves once the first MP3 bytes exist (rejects if the encode failed before them). */
        started: Promise<void>;
        /** The MP3 from its first byte: what is made so far, then the rest as it comes. */
        follow(): ReadableStream<Uint8Array>;
        /** The whole MP3, once encoded and stored. */
        done: Promise<Uint8Array>;
      };
    };

/**
 * The listening stream of each song: encoded from its WAV once, stored, then served from the
 * store. Songs rendered before streams existed get theirs on first play, which can start as the
 * encode goes. In one process a stream is encoded at most once at a time: concurrent first plays
 * follow the same encode.
 */
export function createSongStreams({ pool, store, streams }: SongStreamOptions) {
  const encoding = new Map<string, Encoding>();

  /**
   * Encodes and stores the stream from `source` (the song's WAV, or its stored file), joining an
   * encode in flight.
   */
  function encode(key: string, source: () => Promise<Uint8Array | WavFile>): Encoding {
    const inFlight = encoding.get(key);
    if (inFlight) return inFlight;
    let markStarted!: () => void;
    let failStart!: (error: unknown) => void;
    const started = new Promise<void>((resolve, reject) => {
      markStarted = resolve;
      failStart = reject;
    });
    // A failure is reported through `done` (and `started` when nothing was made yet).
    started.catch(() => {});
    const run: Encoding = { chunks: [], ended: false, followers: new Set(), started, done: null! };
    const publish = (chunk: Uint8Array | null, error?: unknown) => {
      if (chunk) run.chunks.push(chunk);
      else {
        run.ended = true;
        if (error) run.failure = { error };
      }
      if (chunk || !error) markStarted();
      else failStart(error);
      for (const follower of run.followers) follower(chunk, error);
    };
    run.done = (async () => {
      try {
        // Stored meanwhile (by an encode that just finished, or another instance): not again.
        const stored = await streams.get(key);
        if (stored) {
          publish(stored);
          publish(null);
          return stored;
        }
        const mp3 = await pool.encodeMp3(await source(), (chunk) => publish(chunk));
        // A pool that made it in one piece (no chunks on the way) is followed in one piece.
        if (run.chunks.length === 0) publish(mp3);
        publish(null);
        await streams.put(key, mp3);
        return mp3;
      } catch (error) {
        if (!run.ended) publish(null, error);
        throw error;
      } finally {
        encoding.delete(key);
      }
    })();
    // Its failure reaches whoever awaits `done` or follows it; with no one (a listener gone),
    // it must not become an unhandled rejection, which would end the process.
    run.done.catch(() => {});
    encoding.set(key, run);
    return run;
  }

  function follow(run: Encoding): ReadableStream<Uint8Array> {
    let follower: Follower;
    return new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of run.chunks) controller.enqueue(chunk);
        if (run.failure) {
          controller.error(run.failure.error);
          return;
        }
        if (run.ended) {
          controller.close();
          return;
        }
        follower = (chunk, error) => {
          if (chunk) controller.enqueue(chunk);
          else if (error) controller.error(error);
          else controller.close();
        };
        run.followers.add(follower);
      },
      cancel() {
        run.followers.delete(follower);
      },
    });
  }

  const asFile = (key: string, run: Encoding): SongStreamFile => ({
    key,
    encoding: { started: run.started, follow: () => follow(run), done: run.done },
  });

  return {
    /**
     * The song's stream: from the store, or being encoded now (its WAV rendered first by
     * `render` if that is missing too).
     */
    async get(composition: Composition, render: RenderWav): Promise<SongStreamFile> {
      const key = streamKey(audioKey(composition));
      const inFlight = encoding.get(key);
      if (inFlight) return asFile(key, inFlight);
      const stored = await streams.get(key);
      if (stored) return { key, bytes: stored };
      // Its stored file when the store has files (read by the encoder as it goes: a first play's
      // first bytes wait neither for the whole WAV to be read nor for its copy to the worker),
      // else its bytes, rendered again if missing.
      const wav = async () =>
        (await store.file?.(audioKey(composition))) ??
        (await store.ensureAudio(composition, render)).bytes;
      return asFile(key, encode(key, wav));
    },

    /**
     * Encodes a just-rendered song's stream unless it is stored already. The encode is in
     * flight (and seen by `get` and `settled`) as soon as this is called.
     */
    async prepare(composition: Composition, wav: Uint8Array): Promise<void> {
      await encode(streamKey(audioKey(composition)), async () => wav).done;
    },

    /** Resolves when the encodes of these audio keys (or all, without keys) have settled. */
    async settled(audioKeys?: string[]): Promise<void> {
      const runs = audioKeys
        ? audioKeys.flatMap((k) => encoding.get(streamKey(k)) ?? [])
        : [...encoding.values()];
      await Promise.allSettled(runs.map((run) => run.done));
    },
  };
}
export type SongStreams = ReturnType<typeof createSongStreams>;
