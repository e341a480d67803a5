import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../database";
import { songReposts, songs, user } from "../schema";
import { likedBy } from "./likes";
import { clampLimit } from "./pagination";
import { authorColumns, songSummaryColumns } from "./songs";
import { songIsPublic } from "./visibility";

/**
 * The songs a user reposted, newest repost first, for their profile: public songs only (a song
 * that went private since drops out), each credited to its creator (`author`), with when it was
 * reposted and the viewer's like. One backward scan of song_reposts_user_created_idx.
 */
export async function listRepostsByUser(
  db: DbOrTx,
  { userId, viewerId, limit }: { userId: string; viewerId?: string | null; limit?: number },
) {
  return db
    .select({
      ...songSummaryColumns,
      author: authorColumns,
      likedByMe: likedBy(viewerId),
      repostedAt: songReposts.createdAt,
    })
    .from(songReposts)
    .innerJoin(songs, eq(songs.id, songReposts.songId))
    .innerJoin(user, eq(user.id, songs.ownerId))
    .where(and(eq(songReposts.userId, userId), songIsPublic))
    .orderBy(desc(songReposts.createdAt), desc(songReposts.songId))
    .limit(clampLimit(limit));
}
export type RepostedSong = Awaited<ReturnType<typeof listRepostsByUser>>[number];
