import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../database";
import { badRequest } from "../errors";
import { follows, songLikes, songs, user } from "../schema";
import { afterPosition, clampLimit, decodeCursor, toPage } from "./pagination";
import { authorColumns, songSummaryColumns } from "./songs";
import { songIsPublic } from "./visibility";

// The following feed: the public songs of the people I follow, newest first.
//
// How a page is found: for each person followed, the newest `limit + 1` of their public songs
// after the cursor, straight from the partial index songs_public_owner_new_idx (owner_id,
// created_at, id WHERE is_public) read backwards — an index-only scan that stops after a few
// entries — then the newest `limit + 1` of all those. Following F creators costs F short index
// probes, whatever the size of the songs table and however prolific the creators are; walking
// the global "new" index instead would read ever more songs the fewer of their creators I
// follow. Only that page's songs are then joined to their rows, authors and likes.

const cursorSchema = z.tuple([z.literal("following"), z.iso.datetime(), z.uuid()]);

/** Shape of one query: with or without a cursor. Each is prepared once per database. */
function buildFollowingFeedQuery(db: Database, withCursor: boolean) {
  const pageLimit = sql.placeholder("limit");
  const newest = db
    .select({ id: songs.id, createdAt: songs.createdAt })
    .from(songs)
    .where(
      and(
        sql`${songs.ownerId} = ${follows.followeeId}`,
        songIsPublic,
        withCursor
          ? afterPosition(
              "desc",
              [songs.createdAt, songs.id],
              [sql.placeholder("afterAt"), sql.placeholder("afterId")],
            )
          : undefined,
      ),
    )
    .orderBy(desc(songs.createdAt), desc(songs.id))
    .limit(pageLimit)
    .as("newest");
  const page = db
    .select({ id: newest.id, createdAt: newest.createdAt })
    .from(follows)
    .crossJoinLateral(newest)
    .where(eq(follows.followerId, sql.placeholder("viewerId")))
    .orderBy(desc(newest.createdAt), desc(newest.id))
    .limit(pageLimit)
    .as("page");
  return db
    .select({
      ...songSummaryColumns,
      author: authorColumns,
      likedByMe: sql<boolean>`exists (select 1 from ${songLikes} where ${songLikes.userId} = ${sql.placeholder("viewerId")} and ${songLikes.songId} = ${songs.id})`,
    })
    .from(page)
    .innerJoin(songs, eq(songs.id, page.id))
    .innerJoin(user, eq(user.id, songs.ownerId))
    .orderBy(desc(page.createdAt), desc(page.id));
}

const prepare = (db: Database, withCursor: boolean) =>
  buildFollowingFeedQuery(db, withCursor).prepare(`following_feed_${+withCursor}`);
type FollowingFeedQuery = ReturnType<typeof prepare>;
const preparedByDb = new WeakMap<Database, Map<boolean, FollowingFeedQuery>>();

function followingFeedQuery(db: Database, withCursor: boolean): FollowingFeedQuery {
  let cache = preparedByDb.get(db);
  if (!cache) preparedByDb.set(db, (cache = new Map()));
  let query = cache.get(withCursor);
  if (!query) cache.set(withCursor, (query = prepare(db, withCursor)));
  return query;
}

export interface FollowingFeedParams {
  /** Whose following feed: always the signed-in user. */
  viewerId: string;
  cursor?: string | null;
  limit?: number;
}

/**
 * The public songs of the people the viewer follows, newest first, in keyset pages, with the
 * same items as the public feed. A private song never appears, and neither do the viewer's own
 * songs (one cannot follow oneself).
 */
export async function getFollowingFeed(db: Database, params: FollowingFeedParams) {
  const { viewerId, cursor } = params;
  if (typeof viewerId !== "string" || viewerId.length === 0)
    throw badRequest("The following feed needs a signed-in viewer");
  const limit = clampLimit(params.limit);
  const after = cursor ? decodeCursor(cursor, cursorSchema) : null;
  const rows = await followingFeedQuery(db, after !== null).execute({
    viewerId,
    limit: limit + 1,
    afterAt: after?.[1],
    afterId: after?.[2],
  });
  return toPage(
    rows,
    limit,
    (row) => row,
    (row) => ["following", row.createdAt.toISOString(), row.id],
  );
}
