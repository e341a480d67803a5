import { and, desc, eq, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { PLAY_DEDUPE_WINDOW_SEC, type SongStatus } from "../constants";
import { badRequest, forbidden, isForeignKeyViolation, notFound, parseInput } from "../errors";
import {
  insertSongSchema,
  songLikes,
  songPlays,
  songs,
  updateSongSchema,
  user,
  type InsertSong,
  type JsonObject,
  type UpdateSong,
} from "../schema";
import { clampLimit, decodeCursor, isUuid, toPage } from "./pagination";
import { z } from "zod";
import { songIsPublic, songVisibleTo } from "./visibility";

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
  likeCount: songs.likeCount,
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
        after
          ? sql`(${songs.createdAt}, ${songs.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)`
          : undefined,
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
 * Likes a song the user can see. Idempotent: liking twice keeps one like. The like row and the
 * counter move in one statement, and the counter only when the row was really inserted: the
 * song's row is locked for that one statement and its commit, with no round trip to the
 * application in between (a viral song's likes queue on that lock).
 */
export async function likeSong(db: DbOrTx, songId: string, userId: string): Promise<LikeState> {
  if (!isUuid(songId)) throw notFound("Song");
  try {
    const [row] = await rowsOf<LikeChange>(
      db,
      sql`with visible as (
            select ${songs.id} as id from ${songs}
            where ${songs.id} = ${songId} and ${songVisibleTo(userId)}
          ), inserted as (
            insert into ${songLikes} (user_id, song_id) select ${userId}, id from visible
            on conflict do nothing returning song_id
          ), counted as (
            update ${songs} set like_count = like_count + 1
            where id in (select song_id from inserted) returning like_count
          )
          select exists (select 1 from visible) as visible,
                 (select like_count from counted) as "likeCount"`,
    );
    return { liked: true, likeCount: await settledLikeCount(db, songId, row) };
  } catch (error) {
    // The song (or the user) was deleted while we were liking it.
    if (isForeignKeyViolation(error)) throw notFound("Song");
    throw error;
  }
}

/** Removes a like; idempotent. One statement, like likeSong. */
export async function unlikeSong(db: DbOrTx, songId: string, userId: string): Promise<LikeState> {
  if (!isUuid(songId)) throw notFound("Song");
  const [row] = await rowsOf<LikeChange>(
    db,
    sql`with visible as (
          select ${songs.id} as id from ${songs}
          where ${songs.id} = ${songId} and ${songVisibleTo(userId)}
        ), deleted as (
          delete from ${songLikes}
          where ${songLikes.userId} = ${userId} and ${songLikes.songId} in (select id from visible)
          returning song_id
        ), counted as (
          update ${songs} set like_count = like_count - 1
          where id in (select song_id from deleted) returning like_count
        )
        select exists (select 1 from visible) as visible,
               (select like_count from counted) as "likeCount"`,
  );
  return { liked: false, likeCount: await settledLikeCount(db, songId, row) };
}

interface LikeChange {
  visible: boolean;
  /** The new count when this call changed it; null when the like was already there (or not). */
  likeCount: number | null;
}

/**
 * The count to answer with. When the call changed nothing (a repeated like or unlike), it is
 * read again: the statement's snapshot predates the concurrent call that did change it.
 */
async function settledLikeCount(db: DbOrTx, songId: string, row: LikeChange | undefined) {
  if (!row?.visible) throw notFound("Song");
  return row.likeCount ?? (await currentLikeCount(db, songId));
}

async function rowsOf<Row>(db: DbOrTx, query: SQL): Promise<Row[]> {
  // postgres.js returns the rows; PGlite an object holding them.
  const result: unknown = await db.execute(query);
  return Array.isArray(result) ? (result as Row[]) : (result as { rows: Row[] }).rows;
}

async function currentLikeCount(db: DbOrTx, songId: string): Promise<number> {
  const [row] = await db
    .select({ likeCount: songs.likeCount })
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
 * Recomputes every public song's trending score with the Hacker News formula,
 * (points) / (age in hours + 2) ^ 1.8, where points are likes plus a tenth of plays.
 * Run by a background job; the feed reads the stored, indexed score.
 */
export async function refreshTrendingScores(db: DbOrTx, now: Date = new Date()): Promise<number> {
  const rows = await db
    .update(songs)
    .set({
      trendingScore: trendingScoreSql(
        { likeCount: songs.likeCount, playCount: songs.playCount, createdAt: songs.createdAt },
        now,
      ),
    })
    .where(songIsPublic)
    .returning({ id: songs.id });
  return rows.length;
}

/** The trending formula as SQL over any expressions (the bulk seed computes it while inserting). */
export function trendingScoreSql(
  of: { likeCount: SQLWrapper; playCount: SQLWrapper; createdAt: SQLWrapper },
  now: Date,
): SQL<number> {
  return sql<number>`(${of.likeCount}::float8 + ${of.playCount}::float8 / 10.0) / power(greatest(extract(epoch from (${now.toISOString()}::timestamptz - ${of.createdAt})) / 3600.0, 0) + 2.0, 1.8)`;
}
