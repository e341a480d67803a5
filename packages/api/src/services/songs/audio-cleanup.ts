import { unlink } from "node:fs/promises";
import { listCompositionsBySeed, type Database, type JsonObject } from "@harmoniq/db";
import { audioKey, type AudioStore, type DiskAudioStore } from "@harmoniq/music/render";
import { readComposition } from "../composition-codec";

export interface AudioCleanup {
  /** Files deleted from the store. */
  removed: number;
  /** Files left because another song still renders to the same audio. */
  shared: number;
  /** Files left because the store cannot delete (only the disk store can today). */
  unsupported: number;
}

const isDiskStore = (store: AudioStore): store is DiskAudioStore =>
  typeof (store as Partial<DiskAudioStore>).pathFor === "function";

/** The storage key of the audio a stored score renders to. */
export const audioKeyOf = (composition: JsonObject) => audioKey(readComposition(composition));

/**
 * Removes the stored audio of songs that were just deleted, except audio another song still
 * uses: identical scores (same seed, same inputs) share one file. Call it after the songs'
 * rows are gone, so that they do not count as sharers.
 */
export async function removeUnsharedAudio(
  db: Database,
  store: AudioStore,
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
      try {
        await unlink(store.pathFor(key));
        result.removed += 1;
      } catch (error) {
        // Never rendered (or already gone): nothing to remove.
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
  }
  return result;
}
