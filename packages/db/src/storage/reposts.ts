import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../database";
import { selectRows } from "../driver-rows";
import { badRequest, isForeignKeyViolation, notFound } from "../errors";
import { notifications, songReposts, songs } from "../schema";
import { isUuid } from "./pagination";
import { songVisibleTo } from "./visibility";

// Reposts: someone else's public song, shown to the reposter's followers and on their profile,
// credited to its creator. songs.repost_count moves in the statement that adds or removes the
// repost row, and only when a row really changed, so it stays exact under concurrency.

/** Whether the viewer reposts the song of the current row (false for anonymous viewers). */
export const repostedBy = (viewerId: string | null | undefined) =>
  viewerId
    ? sql<boolean>`exists (select 1 from ${songReposts} where ${songReposts.userId} = ${viewerId} and ${songReposts.songId} = ${songs.id})`
    : sql<boolean>`false`;

export interface RepostState {
  reposted: boolean;
  repostCount: number;
}

/**
 * Reposts a public song of someone else. Idempotent: reposting twice keeps one repost (and
 * tells the creator once). A song the user cannot see is NOT_FOUND; their own song (public or
 * private) is a BAD_REQUEST. Neither changes anything.
 */
export async function repostSong(
  db: DbOrTx,
  { songId, userId }: { songId: string; userId: string },
): Promise<RepostState> {
  if (!isUuid(songId)) throw notFound("Song");
  try {
    const [row] = await selectRows<{ ownerId: string | null }>(
      db,
      sql`with target as (
            select ${songs.id} as id, ${songs.ownerId} as owner_id, ${songs.isPublic} as is_public
            from ${songs} where ${songs.id} = ${songId} and ${songVisibleTo(userId)}
          ), inserted as (
            insert into ${songReposts} (user_id, song_id)
            select ${userId}, id from target where is_public and owner_id <> ${userId}
            on conflict do nothing returning song_id
          ), counted as (
            update ${songs} set repost_count = repost_count + 1
            where ${songs.id} in (select song_id from inserted) returning ${songs.id}
          ), notified as (
            insert into ${notifications} (recipient_id, actor_id, kind, song_id)
            select target.owner_id, ${userId}, 'repost', target.id
            from target join inserted on inserted.song_id = target.id
          )
          select (select owner_id from target) as "ownerId"`,
    );
    if (!row?.ownerId) throw notFound("Song");
    if (row.ownerId === userId) throw badRequest("You cannot repost your own song");
    return { reposted: true, repostCount: await currentRepostCount(db, songId) };
  } catch (error) {
    // The song (or the user) was deleted while we were reposting it.
    if (isForeignKeyViolation(error)) throw notFound("Song");
    throw error;
  }
}

/**
 * Removes a repost; idempotent. A repost of a song that has since gone private can still be
 * removed; otherwise a song the user cannot see is NOT_FOUND.
 */
export async function unrepostSong(
  db: DbOrTx,
  { songId, userId }: { songId: string; userId: string },
): Promise<RepostState> {
  if (!isUuid(songId)) throw notFound("Song");
  const [row] = await selectRows<{ visible: boolean; removed: boolean }>(
    db,
    sql`with deleted as (
          delete from ${songReposts}
          where ${songReposts.userId} = ${userId} and ${songReposts.songId} = ${songId}
          returning song_id
        ), counted as (
          update ${songs} set repost_count = repost_count - 1
          where ${songs.id} in (select song_id from deleted) returning ${songs.id}
        )
        select exists (select 1 from ${songs} where ${songs.id} = ${songId} and ${songVisibleTo(userId)}) as visible,
          exists (select 1 from deleted) as removed`,
  );
  if (!row?.visible && !row?.removed) throw notFound("Song");
  return { reposted: false, repostCount: await currentRepostCount(db, songId) };
}

/** Read in a statement of its own, after the change: it sees every repost committed so far. */
async function currentRepostCount(db: DbOrTx, songId: string): Promise<number> {
  const [row] = await db
    .select({ repostCount: songs.repostCount })
    .from(songs)
    .where(eq(songs.id, songId));
  return row?.repostCount ?? 0;
}
