import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../database";
import { selectRows } from "../driver-rows";
import { badRequest, isForeignKeyViolation, notFound } from "../errors";
import { followerCountSlots, follows, user } from "../schema";
import { notifySql } from "./notifications";
import { clampLimit, decodeCursor, toPage, type Page } from "./pagination";

// Follows: the follow rows, and the slotted follower counts that keep a popular creator's new
// followers off one row lock.

/** How many rows a user's follower count is spread over (see followUser). */
export const FOLLOWER_SLOTS = 16;

/** User ids are better-auth's text ids; anything longer cannot be one. */
const USER_ID_MAX = 100;
const isUserId = (value: string) => value.length > 0 && value.length <= USER_ID_MAX;

/** The exact follower count of the user of `userId`: the sum of their slots. */
export function exactFollowerCount(userId: SQL | string): SQL<number> {
  return sql<number>`coalesce((select sum(${followerCountSlots.n}) from ${followerCountSlots} where ${followerCountSlots.userId} = ${userId}), 0)::int`;
}

/** How many people the user of `userId` follows (their own rows: a short index-only count). */
export function exactFollowingCount(userId: SQL | string): SQL<number> {
  return sql<number>`(select count(*) from ${follows} where ${follows.followerId} = ${userId})::int`;
}

/** Whether the viewer follows the user of `userId` (false for anonymous viewers). */
export function followedBy(viewerId: string | null | undefined, userId: SQL | string) {
  return viewerId
    ? sql<boolean>`exists (select 1 from ${follows} where ${follows.followerId} = ${viewerId} and ${follows.followeeId} = ${userId})`
    : sql<boolean>`false`;
}

export interface FollowState {
  following: boolean;
  followerCount: number;
}

function checkFollowPair(followerId: string, followeeId: string) {
  if (!isUserId(followeeId)) throw notFound("User");
  if (followerId === followeeId) throw badRequest("You cannot follow yourself");
}

/** Adds `delta` to a random follower slot of each user the subquery returns (as `user_id`). */
export function countFollowerInSlot(userIds: SQL, delta: 1 | -1): SQL {
  return sql`insert into ${followerCountSlots} (user_id, slot, n)
    select user_id, floor(random() * ${sql.raw(String(FOLLOWER_SLOTS))})::int, ${sql.raw(String(delta))}
    from (${userIds}) changed
    on conflict (user_id, slot) do update set n = ${followerCountSlots}.n + excluded.n`;
}

/**
 * Follows a user. Idempotent: following twice keeps one follow. The follow row and the count
 * move in one statement, and the count only when the row was really inserted; the count goes
 * to one of FOLLOWER_SLOTS rows picked at random (as likes do), so hundreds of people
 * following one creator at once do not all wait for one row. Following oneself is a
 * BAD_REQUEST and an unknown user NOT_FOUND; neither changes anything.
 */
export async function followUser(
  db: DbOrTx,
  { followerId, followeeId }: { followerId: string; followeeId: string },
): Promise<FollowState> {
  checkFollowPair(followerId, followeeId);
  try {
    const [row] = await selectRows<{ found: boolean }>(
      db,
      sql`with target as (
            select ${user.id} as id from ${user} where ${user.id} = ${followeeId}
          ), inserted as (
            insert into ${follows} (follower_id, followee_id) select ${followerId}, id from target
            on conflict do nothing returning followee_id
          ), counted as (
            ${countFollowerInSlot(sql`select followee_id as user_id from inserted`, 1)}
          ), notified as (
            ${notifySql("follow", followerId, sql`select followee_id as recipient_id, null::uuid as song_id from inserted`)}
          )
          select exists (select 1 from target) as found`,
    );
    return { following: true, followerCount: await settledFollowerCount(db, followeeId, row) };
  } catch (error) {
    // Either account was deleted while we were following.
    if (isForeignKeyViolation(error)) throw notFound("User");
    throw error;
  }
}

/** Stops following a user; idempotent. Like followUser, with a slot counting −1. */
export async function unfollowUser(
  db: DbOrTx,
  { followerId, followeeId }: { followerId: string; followeeId: string },
): Promise<FollowState> {
  checkFollowPair(followerId, followeeId);
  try {
    const [row] = await selectRows<{ found: boolean }>(
      db,
      sql`with target as (
            select ${user.id} as id from ${user} where ${user.id} = ${followeeId}
          ), deleted as (
            delete from ${follows}
            where ${follows.followerId} = ${followerId} and ${follows.followeeId} in (select id from target)
            returning followee_id
          ), counted as (
            ${countFollowerInSlot(sql`select followee_id as user_id from deleted`, -1)}
          )
          select exists (select 1 from target) as found`,
    );
    return { following: false, followerCount: await settledFollowerCount(db, followeeId, row) };
  } catch (error) {
    if (isForeignKeyViolation(error)) throw notFound("User");
    throw error;
  }
}

/**
 * The count to answer with, read after the change in a statement of its own: it sees every
 * follow committed so far, so the last of many concurrent follows answers with the full count.
 */
async function settledFollowerCount(
  db: DbOrTx,
  userId: string,
  row: { found: boolean } | undefined,
) {
  if (!row?.found) throw notFound("User");
  const [counted] = await selectRows<{ n: number }>(
    db,
    sql`select ${exactFollowerCount(userId)} as n`,
  );
  return Number(counted?.n ?? 0);
}

export interface FollowCounts {
  followerCount: number;
  followingCount: number;
  followedByMe: boolean;
}

/** A user's follower and following counts, and whether the viewer follows them (NOT_FOUND for no such user). */
export async function getFollowCounts(
  db: DbOrTx,
  { userId, viewerId }: { userId: string; viewerId: string | null | undefined },
): Promise<FollowCounts> {
  if (!isUserId(userId)) throw notFound("User");
  const [row] = await db
    .select({
      followerCount: exactFollowerCount(userId),
      followingCount: exactFollowingCount(userId),
      followedByMe: followedBy(viewerId, userId),
    })
    .from(user)
    .where(eq(user.id, userId));
  if (!row) throw notFound("User");
  return row;
}

const followCursor = z.tuple([z.iso.datetime(), z.string().min(1).max(USER_ID_MAX)]);

export interface FollowListParams {
  /** Whose followers (or whom they follow). */
  userId: string;
  /** Who is looking: each person listed carries whether the viewer follows them. */
  viewerId?: string | null;
  cursor?: string | null;
  limit?: number;
}

/** One person in a followers or following list. */
export interface FollowListItem {
  id: string;
  name: string;
  handle: string;
  image: string | null;
  followedAt: Date;
  followedByMe: boolean;
}

/** The user's followers, most recent first, in keyset pages. NOT_FOUND for an unknown user. */
export function listFollowers(db: DbOrTx, params: FollowListParams) {
  return listFollows(db, params, "followers");
}

/** Whom the user follows, most recently followed first, in keyset pages. */
export function listFollowing(db: DbOrTx, params: FollowListParams) {
  return listFollows(db, params, "following");
}

async function listFollows(
  db: DbOrTx,
  { userId, viewerId, cursor, limit: wanted }: FollowListParams,
  which: "followers" | "following",
): Promise<Page<FollowListItem>> {
  const limit = clampLimit(wanted);
  const after = cursor ? decodeCursor(cursor, followCursor) : null;
  if (!isUserId(userId)) throw notFound("User");
  const [exists] = await db.select({ id: user.id }).from(user).where(eq(user.id, userId));
  if (!exists) throw notFound("User");
  // Followers: rows where the user is followed, listing the followers; following: the reverse.
  const [self, other] =
    which === "followers"
      ? [follows.followeeId, follows.followerId]
      : [follows.followerId, follows.followeeId];
  const rows = await db
    .select({
      id: user.id,
      name: user.name,
      handle: user.handle,
      image: user.image,
      followedAt: follows.createdAt,
      followedByMe: followedBy(viewerId, sql`${user.id}`),
    })
    .from(follows)
    .innerJoin(user, eq(user.id, other))
    .where(
      and(
        eq(self, userId),
        after
          ? sql`(${follows.createdAt}, ${other}) < (${after[0]}::timestamptz, ${after[1]}::text)`
          : undefined,
      ),
    )
    .orderBy(desc(follows.createdAt), desc(other))
    .limit(limit + 1);
  return toPage(
    rows,
    limit,
    (row) => row,
    (row) => [row.followedAt.toISOString(), row.id],
  );
}
