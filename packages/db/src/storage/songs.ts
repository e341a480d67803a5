import { and, desc, eq, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { DbOrTx } from "../database";
import { selectRows } from "../driver-rows";
import { PLAY_DEDUPE_WINDOW_SEC, type SongStatus } from "../constants";
import { badRequest, forbidden, isForeignKeyViolation, notFound, parseInput } from "../errors";
import {
  insertSongSchema,
  songLikeSlots,
  songLikes,
  songPlays,
  songs,
  updateSongSchema,
  user,
  type InsertSong,
  type JsonObject,
  type UpdateSong,
} from "../schema";
import { afterPosition, clampLimit, decodeCursor, isUuid, toPage } from "./pagination";
import { z } from "zod";
import { songIsPublic, songVisibleTo } from "./visibility";

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

/** The columns every song view carries (search vectors and scores stay in the database). */
export const songSummaryColumns = {
  id: songs.id,
  title: songs.title,
  description: songs.description,
  mood: songs.mood,
  genre: songs.genre,
  creationMode: songs.creationMode,
  isPublic: songs.isPublic,
  status: songs.status,
  playCount: songs.playCount,
  likeCount: exactLikeCount(songs),
  commentCount: songs.commentCount,
  durationSec: songs.durationSec,
  waveform: songs.waveform,
  parentId: songs.parentId,
  createdAt: songs.createdAt,
  updatedAt: songs.updatedAt,
};

export const authorColumns = { id: user.id, name: user.name, handle: user.handle };

export const likedBy = (viewerId: string | null | undefined) =>
  viewerId
    ? sql<boolean>`exists (select 1 from ${songLikes} where ${songLikes.userId} = ${viewerId} and ${songLikes.songId} = ${songs.id})`
    : sql<boolean>`false`;

const songDetailColumns = {
  ...songSummaryColumns,
  ownerId: songs.ownerId,
  lyrics: songs.lyrics,
  seed: songs.seed,
  composition: songs.composition,
  inference: songs.inference,
  statusMessage: songs.statusMessage,
};

/** Stores a new song for `ownerId` (always the session's user, never input). */
export async function createSong(db: DbOrTx, ownerId: string, input: InsertSong) {
  const values = parseInput(insertSongSchema, input);
  if (values.parentId && !isUuid(values.parentId)) throw notFound("Parent song");
  try {
    // Stored and read back in one transaction: a caller that gets an error (the database gone
    // between the two statements) can rely on no song having been stored. The song engine
    // renders only the songs it is handed back; one stored behind its back stayed queued.
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(songs)
        .values({ ...values, ownerId })
        .returning({ id: songs.id });
      return (await getSong(tx, row!.id, ownerId))!;
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw notFound(values.parentId ? "Parent song" : "User");
    throw error;
  }
}

/** A song with its author, or null when it does not exist or the viewer may not see it. */
export async function getSong(db: DbOrTx, id: string, viewerId: string | null | undefined) {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({ ...songDetailColumns, author: authorColumns, likedByMe: likedBy(viewerId) })
    .from(songs)
    .innerJoin(user, eq(user.id, songs.ownerId))
    .where(and(eq(songs.id, id), songVisibleTo(viewerId)))
    .limit(1);
  return row ?? null;
}
export type SongDetails = NonNullable<Awaited<ReturnType<typeof getSong>>>;

/**
 * The one ownership rule for songs: someone else's private song does not exist for you
 * (NOT_FOUND); someone else's public song is visible but not yours to change (FORBIDDEN).
 */
export async function assertSongOwner(db: DbOrTx, id: string, userId: string) {
  if (!isUuid(id)) throw notFound("Song");
  const [row] = await db
    .select({ ownerId: songs.ownerId, isPublic: songs.isPublic })
    .from(songs)
    .where(eq(songs.id, id))
    .limit(1);
  if (!row || (!row.isPublic && row.ownerId !== userId)) throw notFound("Song");
  if (row.ownerId !== userId) throw forbidden("Only the song's owner can change it");
}

export async function updateSong(db: DbOrTx, id: string, userId: string, patch: UpdateSong) {
  const values = parseInput(updateSongSchema, patch);
  await assertSongOwner(db, id, userId);
  if (Object.keys(values).length > 0) {
    await db
      .update(songs)
      .set(values)
      .where(and(eq(songs.id, id), eq(songs.ownerId, userId)));
  }
  return (await getSong(db, id, userId))!;
}

export async function deleteSong(db: DbOrTx, id: string, userId: string): Promise<void> {
  await assertSongOwner(db, id, userId);
  await db.delete(songs).where(and(eq(songs.id, id), eq(songs.ownerId, userId)));
}

/** Server-side updates as a song is composed and rendered (never from user input). */
export async function setSongComposition(
  db: DbOrTx,
  id: string,
  values: {
    composition: JsonObject;
    durationSec: number;
    title?: string;
    lyrics?: string | null;
    inference?: JsonObject | null;
  },
): Promise<void> {
  await db.update(songs).set(values).where(eq(songs.id, id));
}

export async function setSongStatus(
  db: DbOrTx,
  id: string,
  status: SongStatus,
  extra: { statusMessage?: string | null; waveform?: string | null } = {},
): Promise<void> {
  const statusMessage = status === "failed" ? (extra.statusMessage ?? "Rendering failed") : null;
  await db
    .update(songs)
    .set({
      status,
      statusMessage,
      ...(extra.waveform !== undefined ? { waveform: extra.waveform } : {}),
    })
    .where(eq(songs.id, id));
}

const ownerCursor = z.tuple([z.iso.datetime(), z.uuid()]);

/**
 * A user's songs, newest first: all of them for the owner, public ones for everyone else.
 */
export async function listSongsByOwner(
  db: DbOrTx,
  ownerId: string,
  options: {
    viewerId?: string | null;
    cursor?: string | null;
    limit?: number;
    /** Only public songs, even for the owner (their public profile). */
    publicOnly?: boolean;
  } = {},
) {
  const limit = clampLimit(options.limit);
  const after = options.cursor ? decodeCursor(options.cursor, ownerCursor) : null;
  const rows = await db
    .select({ ...songSummaryColumns, author: authorColumns, likedByMe: likedBy(options.viewerId) })
    .from(songs)
    .innerJoin(user, eq(user.id, songs.ownerId))
    .where(
      and(
        eq(songs.ownerId, ownerId),
        options.publicOnly ? songIsPublic : songVisibleTo(options.viewerId),
        afterPosition("desc", [songs.createdAt, songs.id], after),
      ),
    )
    .orderBy(desc(songs.createdAt), desc(songs.id))
    .limit(limit + 1);
  return toPage(
    rows,
    limit,
    (row) => row,
    (row) => [row.createdAt.toISOString(), row.id],
  );
}

/** A song as lists show it: no lyrics or score, with its author and the viewer's like. */
export type SongSummary = Awaited<ReturnType<typeof listSongsByOwner>>["items"][number];

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
export async function likeSong(db: DbOrTx, songId: string, userId: string): Promise<LikeState> {
  if (!isUuid(songId)) throw notFound("Song");
  try {
    const [row] = await selectRows<{ visible: boolean }>(
      db,
      sql`with visible as (
            select ${songs.id} as id from ${songs}
            where ${songs.id} = ${songId} and ${songVisibleTo(userId)}
          ), inserted as (
            insert into ${songLikes} (user_id, song_id) select ${userId}, id from visible
            on conflict do nothing returning song_id
          ), counted as (
            ${countInSlot(sql`select song_id from inserted`, 1)}
          )
          select exists (select 1 from visible) as visible`,
    );
    return { liked: true, likeCount: await settledLikeCount(db, songId, row) };
  } catch (error) {
    // The song (or the user) was deleted while we were liking it.
    if (isForeignKeyViolation(error)) throw notFound("Song");
    throw error;
  }
}

/** Removes a like; idempotent. Like likeSong, with a slot counting −1. */
export async function unlikeSong(db: DbOrTx, songId: string, userId: string): Promise<LikeState> {
  if (!isUuid(songId)) throw notFound("Song");
  try {
    const [row] = await selectRows<{ visible: boolean }>(
      db,
      sql`with visible as (
            select ${songs.id} as id from ${songs}
            where ${songs.id} = ${songId} and ${songVisibleTo(userId)}
          ), deleted as (
            delete from ${songLikes}
            where ${songLikes.userId} = ${userId} and ${songLikes.songId} in (select id from visible)
            returning song_id
          ), counted as (
            ${countInSlot(sql`select song_id from deleted`, -1)}
          )
          select exists (select 1 from visible) as visible`,
    );
    return { liked: false, likeCount: await settledLikeCount(db, songId, row) };
  } catch (error) {
    if (isForeignKeyViolation(error)) throw notFound("Song");
    throw error;
  }
}

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

/**
 * Brings every public song's stored trending score up to date with `trendingScoreSql`, and
 * returns how many scores changed. The formula does not depend on the clock, so only songs
 * whose counters moved since the last run (or that just became public) are written: the
 * scan reads the table in slices of `TRENDING_BATCH_BLOCKS` pages (a TID range scan, one
 * short statement each, so no slice holds row locks for long), and the UPDATE touches only
 * rows whose score IS DISTINCT FROM the computed one. It folds the like slots first
 * (foldLikeSlots). Run by a background job every minute.
 */
export async function refreshTrendingScores(db: DbOrTx): Promise<number> {
  // Scores are computed from songs.like_count: bring the likes in the slots over first.
  await foldLikeSlots(db);
  const [size] = await selectRows<{ blocks: number }>(
    db,
    sql`select (pg_relation_size('songs') / current_setting('block_size')::int)::int as blocks`,
  );
  const score = trendingScoreSql({
    likeCount: songs.likeCount,
    playCount: songs.playCount,
    createdAt: songs.createdAt,
  });
  let changed = 0;
  for (let start = 0; start < Math.max(size?.blocks ?? 0, 1); start += TRENDING_BATCH_BLOCKS) {
    const end = start + TRENDING_BATCH_BLOCKS;
    // The last slice is open-ended: rows written past the end while we scanned are included.
    const last = end >= (size?.blocks ?? 0);
    const rows = await db
      .update(songs)
      .set({ trendingScore: score })
      .where(
        and(
          songIsPublic,
          sql`${songs.trendingScore} is distinct from ${score}`,
          sql`ctid >= ${`(${start},0)`}::tid`,
          last ? undefined : sql`ctid < ${`(${end},0)`}::tid`,
        ),
      )
      .returning({ id: songs.id });
    changed += rows.length;
  }
  return changed;
}

/** Pages of `songs` one refresh statement scans (4096 × 8 kB = 32 MB, ~30 000 songs at 1M). */
const TRENDING_BATCH_BLOCKS = 4096;

/** Reddit's epoch for its "hot" ranking (2005-12-08 07:46:43 UTC), in seconds. */
const HOT_EPOCH_SEC = 1134028003;
/** Seconds of age that weigh as much as a tenfold change in votes (12.5 hours). */
const HOT_DECAY_SEC = 45000;

/**
 * Reddit's "hot" ranking in float8, as published in reddit's `_sorts.pyx`:
 * log10(max(votes, 1)) + (created epoch − 1134028003) / 45000. Newer songs start higher
 * and every tenfold of votes is worth 12.5 hours of recency, so the order is "recent and
 * popular first" — without reference to the current time: a score changes only when the
 * song's counters do, which is what keeps the refresh cheap. (Votes are never negative
 * here, so Reddit's sign term is 1 or, at zero votes, irrelevant.)
 * Votes = likes + plays / 10: a like is a deliberate endorsement of the song, while plays
 * are passive and repeat (one per listener and dedupe window); about one listener in ten
 * likes what they play, so ten plays weigh one like and neither drowns the other.
 * Also used by the bulk seed, over its own expressions.
 */
export function trendingScoreSql(of: {
  likeCount: SQLWrapper;
  playCount: SQLWrapper;
  createdAt: SQLWrapper;
}): SQL<number> {
  return sql<number>`(log(greatest(${of.likeCount}::float8 + ${of.playCount}::float8 / 10.0, 1.0)) + (extract(epoch from ${of.createdAt})::float8 - ${sql.raw(String(HOT_EPOCH_SEC))}) / ${sql.raw(String(HOT_DECAY_SEC))}.0)`;
}
