import { unlink } from "node:fs/promises";
import {
  listCompositionsBySeed,
  deleteUnusedSongPictures,
  type Database,
  type JsonObject,
} from "@harmoniq/db";
import { audioKey, streamKey, type AudioStore, type DiskAudioStore } from "@harmoniq/music/render";
import { readComposition } from "../composition-codec";

export interface AudioCleanup {
  /** Files deleted from the store. */
  removed: number;
  /** Files left because another song still renders to the same audio. */
  shared: number;
  /** Files left because the store cannot delete (only the disk store can today). */
  unsupported: number;
}

const isDiskStore = (store: Pick<AudioStore, "get">): store is DiskAudioStore =>
  typeof (store as Partial<DiskAudioStore>).pathFor === "function";

/** The storage key of the audio a stored score renders to. */
export const audioKeyOf = (composition: JsonObject) => audioKey(readComposition(composition));

/** Deletes a file of a disk store; false when it was never there. */
async function unlinkIfPresent(file: string): Promise<boolean> {
  try {
    await unlink(file);
    return true;
  } catch (error) {
    // Never rendered (or already gone): nothing to remove.
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    return false;
  }
}

/**
 * Removes the stored audio of songs that were just deleted, except audio another song still
 * uses: identical scores (same seed, same inputs) share one file. Call it after the songs'
 * rows are gone, so that they do not count as sharers. A song's stream (MP3) goes with its
 * WAV; the counts are of WAVs.
 */
export async function removeUnsharedAudio(
  db: Database,
  { store, streams }: { store: AudioStore; streams?: Pick<AudioStore, "get"> },
  deleted: { seed: number; audioKey: string }[],
): Promise<AudioCleanup> {
  const keys = new Set(deleted.map((song) => song.audioKey));
  const seeds = [...new Set(deleted.map((song) => song.seed))];
  const stillUsed = new Set(
    (await listCompositionsBySeed(db, seeds)).flatMap((row) =>
      row.composition ? [audioKeyOf(row.composition)] : [],
    ),
  );
  const result: AudioCleanup = { removed: 0, shared: 0, unsupported: 0 };
  for (const key of keys) {
    if (stillUsed.has(key)) {
      result.shared += 1;
    } else if (!isDiskStore(store)) {
      result.unsupported += 1;
    } else {
      if (await unlinkIfPresent(store.pathFor(key))) result.removed += 1;
      if (streams && isDiskStore(streams)) await unlinkIfPresent(streams.pathFor(streamKey(key)));
    }
  }
  return result;
}

/**
 * Removes stored pictures (image mode's covers) that no song uses any more: people's photos do
 * not outlive the songs made from them. The takes of one request share a picture, so a key
 * still in use stays. Returns how many files were deleted.
 */
export function removeUnusedPictures(
  db: Database,
  keys: (string | null | undefined)[],
): Promise<number> {
  return deleteUnusedSongPictures(db, [...new Set(keys.filter((key): key is string => !!key))]);
}
