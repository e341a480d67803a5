import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../database";
import { PLAY_DEDUPE_WINDOW_SEC } from "../constants";
import { badRequest, isForeignKeyViolation, notFound } from "../errors";
import { songPlays, songs } from "../schema";
import { isUuid } from "./pagination";
import { songVisibleTo } from "./visibility";

export interface PlayInput {
  songId: string;
  /** The signed-in listener, if any. */
  listenerId?: string | null;
  /** Identifies the listener for de-duplication: the user id, or a hash of an anonymous client. */
  listenerKey: string;
  at?: Date;
}

/**
 * Records a play. A listener's repeated plays of a song inside one de-duplication window
 * count once; the unique index decides, so concurrent duplicates cannot both count.
 */
export async function recordPlay(
  db: DbOrTx,
  input: PlayInput,
): Promise<{ playCount: number; counted: boolean }> {
  if (!isUuid(input.songId)) throw notFound("Song");
  if (!input.listenerKey) throw badRequest("A listener key is required");
  const at = input.at ?? new Date();
  const epochSec = Math.floor(at.getTime() / 1000);
  const windowStart = epochSec - (epochSec % PLAY_DEDUPE_WINDOW_SEC);
  try {
    return await db.transaction(async (tx) => {
      const [song] = await tx
        .select({ playCount: songs.playCount })
        .from(songs)
        .where(and(eq(songs.id, input.songId), songVisibleTo(input.listenerId)));
      if (!song) throw notFound("Song");
      const inserted = await tx
        .insert(songPlays)
        .values({
          songId: input.songId,
          listenerId: input.listenerId ?? null,
          listenerKey: input.listenerKey,
          windowStart,
          playedAt: at,
        })
        .onConflictDoNothing()
        .returning({ id: songPlays.id });
      if (inserted.length === 0) {
        const [current] = await tx
          .select({ playCount: songs.playCount })
          .from(songs)
          .where(eq(songs.id, input.songId));
        return { playCount: current?.playCount ?? song.playCount, counted: false };
      }
      const [updated] = await tx
        .update(songs)
        .set({ playCount: sql`${songs.playCount} + 1` })
        .where(eq(songs.id, input.songId))
        .returning({ playCount: songs.playCount });
      return { playCount: updated!.playCount, counted: true };
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw notFound("Song");
    throw error;
  }
}
