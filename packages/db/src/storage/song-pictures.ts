import { and, eq, inArray, notExists, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../database";
import { songPictures, songs } from "../schema";

/** The key a song's row names its picture by (image mode), inside its stored inference. */
export const songPictureKey = sql<string | null>`${songs.inference}->>'pictureKey'`;

/** Stores a picture under its content key; storing the same picture again changes nothing. */
export async function putSongPicture(db: DbOrTx, key: string, bytes: Uint8Array): Promise<void> {
  await db.insert(songPictures).values({ key, bytes }).onConflictDoNothing();
}

/** A stored picture's bytes, or null. */
export async function getSongPicture(db: DbOrTx, key: string): Promise<Uint8Array | null> {
  const [row] = await db
    .select({ bytes: songPictures.bytes })
    .from(songPictures)
    .where(eq(songPictures.key, key));
  return row ? new Uint8Array(row.bytes) : null;
}

/**
 * After songs were deleted or their covers replaced: removes those of these pictures no song
 * names any more, as the picture it was made from or as its uploaded cover (the takes of one
 * request, or two people's songs from one photo, share one). Returns how many went.
 */
export async function deleteUnusedSongPictures(db: DbOrTx, keys: string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const removed = await db
    .delete(songPictures)
    .where(
      and(
        inArray(songPictures.key, keys),
        notExists(
          db
            .select({ one: sql`1` })
            .from(songs)
            .where(
              or(
                sql`${songPictureKey} = ${songPictures.key}`,
                eq(songs.coverKey, songPictures.key),
              ),
            ),
        ),
      ),
    )
    .returning({ key: songPictures.key });
  return removed.length;
}
