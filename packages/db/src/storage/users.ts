import { randomUUID } from "node:crypto";
import { and, eq, like, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "../database";
import { HANDLE_PATTERN, LIMITS } from "../constants";
import { badRequest, conflict, isUniqueViolation, notFound, parseInput } from "../errors";
import { countFollowerInSlot } from "./follows";
import { countInSlot, exactLikeCount } from "./likes";
import { songIsPublic } from "./visibility";
import {
  follows,
  songComments,
  songLikes,
  songs,
  updateProfileSchema,
  user,
  type UpdateProfile,
} from "../schema";

const profileColumns = {
  id: user.id,
  name: user.name,
  handle: user.handle,
  bio: user.bio,
  image: user.image,
  createdAt: user.createdAt,
};

/**
 * Creates a user row directly. Accounts are normally created by better-auth; this serves the
 * seed and tests.
 */
export async function createUser(
  db: DbOrTx,
  input: { name: string; email: string; handle: string; id?: string; bio?: string },
) {
  if (!HANDLE_PATTERN.test(input.handle))
    throw badRequest("Handle must be 3–30 characters: a-z, 0-9 or _");
  try {
    const [row] = await db
      .insert(user)
      .values({
        id: input.id ?? randomUUID(),
        name: input.name,
        email: input.email,
        handle: input.handle,
        bio: input.bio,
      })
      .returning(profileColumns);
    return row!;
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("That email or handle is already taken");
    throw error;
  }
}

export async function getUserById(db: DbOrTx, id: string) {
  const [row] = await db.select(profileColumns).from(user).where(eq(user.id, id));
  return row ?? null;
}

/** A public profile with totals over the user's public songs; null when no such handle. */
export async function getProfileByHandle(db: DbOrTx, handle: string) {
  const normalized = handle.trim().toLowerCase();
  if (!HANDLE_PATTERN.test(normalized)) return null;
  const [row] = await db.select(profileColumns).from(user).where(eq(user.handle, normalized));
  if (!row) return null;
  const [totals] = await db
    .select({
      songCount: sql<number>`count(*)::int`,
      totalPlays: sql<number>`coalesce(sum(${songs.playCount}), 0)::int`,
      totalLikes: sql<number>`coalesce(sum(${exactLikeCount(songs)}), 0)::int`,
    })
    .from(songs)
    .where(and(eq(songs.ownerId, row.id), songIsPublic));
  return { ...row, totals: totals ?? { songCount: 0, totalPlays: 0, totalLikes: 0 } };
}
export type Profile = NonNullable<Awaited<ReturnType<typeof getProfileByHandle>>>;

export async function updateProfile(db: DbOrTx, userId: string, patch: UpdateProfile) {
  const values = parseInput(updateProfileSchema, patch);
  try {
    const [row] = await db
      .update(user)
      .set(values)
      .where(eq(user.id, userId))
      .returning(profileColumns);
    if (!row) throw notFound("User");
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("That handle is already taken");
    throw error;
  }
}

/** A handle-shaped version of a name: "Ana María!" → "ana_maria". */
export function handleFromName(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, LIMITS.handleMax - 5);
  return base.length >= LIMITS.handleMin
    ? base
    : `${base}${base ? "_" : ""}user`.slice(0, LIMITS.handleMax);
}

/** `wanted` if free, else `wanted_2`, `wanted_3`… (one query for the taken ones). */
export async function findAvailableHandle(
  db: DbOrTx,
  wanted: string,
  { exceptUserId }: { exceptUserId?: string } = {},
) {
  const base = handleFromName(wanted);
  const taken = new Set(
    (
      await db
        .select({ handle: user.handle })
        .from(user)
        .where(
          and(
            like(user.handle, `${base.replace(/_/g, "\\_")}%`),
            exceptUserId ? ne(user.id, exceptUserId) : undefined,
          ),
        )
    ).map((row) => row.handle),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Deletes a user and everything they own. Their likes and comments on other people's songs
 * and their follows go too, so those songs' and people's counters are moved down in the same
 * transaction.
 */
export async function deleteUser(db: DbOrTx, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    // Locked first: a like or follow by this user that has not committed yet finishes before
    // we count (and is counted); one that starts later fails on the deleted user.
    await tx.select({ id: user.id }).from(user).where(eq(user.id, userId)).for("update");
    const likedOthers = tx
      .select({ songId: songLikes.songId })
      .from(songLikes)
      .innerJoin(songs, eq(songs.id, songLikes.songId))
      .where(and(eq(songLikes.userId, userId), ne(songs.ownerId, userId)));
    // Through the like slots, as unlikeSong does: their likes may not be folded yet.
    await tx.execute(countInSlot(sql`${likedOthers}`, -1));
    // The people they followed lose a follower (their follows go by cascade).
    await tx.execute(
      countFollowerInSlot(
        sql`select ${follows.followeeId} as user_id from ${follows} where ${follows.followerId} = ${userId}`,
        -1,
      ),
    );
    const commentCounts = await tx
      .select({ songId: songComments.songId, n: sql<number>`count(*)::int` })
      .from(songComments)
      .innerJoin(songs, eq(songs.id, songComments.songId))
      .where(and(eq(songComments.authorId, userId), ne(songs.ownerId, userId)))
      .groupBy(songComments.songId);
    for (const { songId, n } of commentCounts) {
      await tx
        .update(songs)
        .set({ commentCount: sql`${songs.commentCount} - ${n}` })
        .where(eq(songs.id, songId));
    }
    const deleted = await tx.delete(user).where(eq(user.id, userId)).returning({ id: user.id });
    if (deleted.length === 0) throw notFound("User");
  });
}
