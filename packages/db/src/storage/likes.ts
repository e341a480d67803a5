import { eq, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { DbOrTx } from "../database";
import { preparedRaw, runPrepared, selectRows } from "../driver-rows";
import { isForeignKeyViolation, notFound } from "../errors";
import { songLikeSlots, songLikes, songs } from "../schema";
import { isUuid } from "./pagination";
import { notifySql } from "./notifications";
import { songVisibleTo } from "./visibility";

// Likes: the like rows, the slotted counters that keep a viral song's likes off one row lock,
// and the fold that moves the slots into songs.like_count.

/** How many rows a song's unfolded likes are spread over (see likeSong). */
export const LIKE_SLOTS = 16;

/**
 * A song's exact like count: the folded count plus its slots not folded yet. Read in one
 * statement, so it is exact whether or not a fold commits meanwhile (one snapshot sees the
 * slots either before the fold or after it, together with the matching like_count).
 */
export function exactLikeCount(song: { id: SQLWrapper; likeCount: SQLWrapper }): SQL<number> {
  return sql<number>`(${song.likeCount} + coalesce((select sum(${songLikeSlots.n}) from ${songLikeSlots} where ${songLikeSlots.songId} = ${song.id}), 0))::int`;
}

/** Whether the viewer likes the song of the current row (false for anonymous viewers). */
export const likedBy = (viewerId: string | null | undefined) =>
  viewerId
    ? sql<boolean>`exists (select 1 from ${songLikes} where ${songLikes.userId} = ${viewerId} and ${songLikes.songId} = ${songs.id})`
    : sql<boolean>`false`;

export interface LikeState {
  liked: boolean;
  likeCount: number;
}

/**
 * Likes a song the user can see. Idempotent: liking twice keeps one like. The like row and
 * the count move in one statement, and the count only when the row was really inserted. The
 * count goes to one of LIKE_SLOTS rows of song_like_slots picked at random, not to the songs
 * row: a viral song's likes then queue on sixteen small rows instead of one wide row whose
 * update rewrites fourteen index entries (foldLikeSlots later moves the sums into songs).
 * The count returned is read back afterwards (see settledLikeCount).
 */
export async function likeSong(
  db: DbOrTx,
  { songId, userId }: { songId: string; userId: string },
): Promise<LikeState> {
  if (!isUuid(songId)) throw notFound("Song");
  try {
    const [row] = await runPrepared<{ visible: boolean }>(db, likeStatement, { songId, userId });
    return { liked: true, likeCount: await settledLikeCount(db, songId, row) };
  } catch (error) {
    // The song (or the user) was deleted while we were liking it.
    if (isForeignKeyViolation(error)) throw notFound("Song");
    throw error;
  }
}

/**
 * likeSong's statement, prepared (see runPrepared): the like row, a like slot and the
 * notification row in one statement, each only when the row before it was really written.
 */
const likeStatement = preparedRaw("like_song", () => {
  const songId = sql.placeholder("songId");
  const userId = sql.placeholder("userId");
  return sql`with visible as (
      select ${songs.id} as id, ${songs.ownerId} as owner_id from ${songs}
      where ${songs.id} = ${songId} and ${songVisibleTo(userId)}
    ), inserted as (
      insert into ${songLikes} (user_id, song_id) select ${userId}, id from visible
      on conflict do nothing returning song_id
    ), counted as (
      ${countInSlot(sql`select song_id from inserted`, 1)}
    ), notified as (
      ${notifySql("like", userId, sql`select visible.owner_id as recipient_id, visible.id as song_id from visible join inserted on inserted.song_id = visible.id`)}
    )
    select exists (select 1 from visible) as visible`;
});

/** Removes a like; idempotent. Like likeSong, with a slot counting −1. */
export async function unlikeSong(
  db: DbOrTx,
  { songId, userId }: { songId: string; userId: string },
): Promise<LikeState> {
  if (!isUuid(songId)) throw notFound("Song");
  try {
    const [row] = await runPrepared<{ visible: boolean }>(db, unlikeStatement, { songId, userId });
    return { liked: false, likeCount: await settledLikeCount(db, songId, row) };
  } catch (error) {
    if (isForeignKeyViolation(error)) throw notFound("Song");
    throw error;
  }
}

/** unlikeSong's statement, prepared like likeSong's. */
const unlikeStatement = preparedRaw("unlike_song", () => {
  const songId = sql.placeholder("songId");
  const userId = sql.placeholder("userId");
  return sql`with visible as (
      select ${songs.id} as id from ${songs}
      where ${songs.id} = ${songId} and ${songVisibleTo(userId)}
    ), deleted as (
      delete from ${songLikes}
      where ${songLikes.userId} = ${userId} and ${songLikes.songId} in (select id from visible)
      returning song_id
    ), counted as (
      ${countInSlot(sql`select song_id from deleted`, -1)}
    )
    select exists (select 1 from visible) as visible`;
});

/** Adds `delta` to a random like slot of each song the subquery returns. */
export function countInSlot(songIds: SQL, delta: 1 | -1): SQL {
  return sql`insert into ${songLikeSlots} (song_id, slot, n)
    select song_id, floor(random() * ${sql.raw(String(LIKE_SLOTS))})::int, ${sql.raw(String(delta))}
    from (${songIds}) changed
    on conflict (song_id, slot) do update set n = ${songLikeSlots}.n + excluded.n`;
}

/**
 * The count to answer with, read after the change, in a statement of its own: it sees every
 * like committed so far, so the last of many concurrent likes answers with the full count.
 */
async function settledLikeCount(db: DbOrTx, songId: string, row: { visible: boolean } | undefined) {
  if (!row?.visible) throw notFound("Song");
  return currentLikeCount(db, songId);
}

/**
 * Moves every song's like slots into songs.like_count, in one statement: the slots deleted
 * and the counts raised commit together, so a reader sees the exact count before, during and
 * after. A like that upserts a slot meanwhile waits for the fold and then starts a new slot
 * row (or, if it got there first, the fold waits and takes its newer value). Run by the
 * trending job (refreshTrendingScores) before it scores; returns the songs updated.
 */
export async function foldLikeSlots(db: DbOrTx): Promise<number> {
  // One fold at a time (two could deadlock on each other's slot rows): the others wait, then
  // find only the slots added since.
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('harmoniq.fold_like_slots'))`);
    return foldLikeSlotsNow(tx);
  });
}

async function foldLikeSlotsNow(db: DbOrTx): Promise<number> {
  const rows = await selectRows<{ id: string }>(
    db,
    sql`with folded as (
          delete from ${songLikeSlots} returning song_id, n
        ), totals as (
          select song_id, sum(n)::int as total from folded group by song_id
        )
        update ${songs} set like_count = like_count + totals.total
        from totals where ${songs.id} = totals.song_id and totals.total <> 0
        returning ${songs.id} as id`,
  );
  return rows.length;
}

async function currentLikeCount(db: DbOrTx, songId: string): Promise<number> {
  const [row] = await db
    .select({ likeCount: exactLikeCount(songs) })
    .from(songs)
    .where(eq(songs.id, songId));
  return row?.likeCount ?? 0;
}
