import { and, desc, eq, ne, sql } from "drizzle-orm";
import { alias, unionAll } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Database } from "../database";
import { badRequest } from "../errors";
import { follows, songLikes, songReposts, songs, user } from "../schema";
import { afterPosition, clampLimit, decodeCursor, encodeCursor } from "./pagination";
import { authorColumns, songSummaryColumns } from "./songs";
import { songIsPublic } from "./visibility";

// The following feed: the public songs of the people I follow, and the public songs they
// repost, newest first (a repost counts from the moment it was reposted).
//
// How a page is found: for each person followed, the newest `limit + 1` of their public songs
// after the cursor, straight from the partial index songs_public_owner_new_idx (owner_id,
// created_at, id WHERE is_public) read backwards — an index-only scan that stops after a few
// entries — and likewise their newest `limit + 1` reposts from song_reposts_user_created_idx
// (each checked against its song's visibility); then the newest `limit + 1` of all those.
// The songs are found first: when they fill a page, a repost older than the oldest of them
// cannot make it, so the reposts probes start there and look up few songs or none (those
// look-ups cost four times the probes at 1M songs). Following F creators costs 2F short index
// probes, whatever the size of the songs table and however prolific the creators are. Only that page's songs are then joined to their rows,
// authors, reposters and likes. A song that reaches me twice in one page (posted by one person
// I follow and reposted by another) is shown once, as its newest event.

const cursorSchema = z.tuple([z.literal("following"), z.iso.datetime(), z.uuid()]);

const reposter = alias(user, "reposter");

/** Shape of one query: with or without a cursor. Each is prepared once per database. */
function buildFollowingFeedQuery(db: Database, withCursor: boolean) {
  const pageLimit = sql.placeholder("limit");
  const afterAt = sql.placeholder("afterAt");
  const afterId = sql.placeholder("afterId");
  const newest = db
    .select({ id: songs.id, createdAt: songs.createdAt })
    .from(songs)
    .where(
      and(
        sql`${songs.ownerId} = ${follows.followeeId}`,
        songIsPublic,
        withCursor
          ? afterPosition("desc", [songs.createdAt, songs.id], [afterAt, afterId])
          : undefined,
      ),
    )
    .orderBy(desc(songs.createdAt), desc(songs.id))
    .limit(pageLimit)
    .as("newest");
  // The newest `limit + 1` songs of the people followed, found first: a repost older than the
  // oldest of them cannot make the page, so when there are that many, each reposts probe
  // starts at that time and usually finds nothing to check against its song.
  const newestSongs = db.$with("newest_songs").as(
    db
      .select({
        id: sql<string>`${newest.id}`.as("id"),
        createdAt: sql<Date>`${newest.createdAt}`.as("created_at"),
      })
      .from(follows)
      .crossJoinLateral(newest)
      .where(eq(follows.followerId, sql.placeholder("viewerId")))
      .orderBy(sql`2 desc, 1 desc`)
      .limit(pageLimit),
  );
  const repostsFrom = sql`coalesce((select min(created_at) from ${newestSongs} having count(*) >= ${pageLimit}), '-infinity'::timestamptz)`;
  const reposted = db
    .select({ id: songReposts.songId, createdAt: songReposts.createdAt })
    .from(songReposts)
    .innerJoin(songs, eq(songs.id, songReposts.songId))
    .where(
      and(
        sql`${songReposts.userId} = ${follows.followeeId}`,
        sql`${songReposts.createdAt} >= ${repostsFrom}`,
        songIsPublic,
        ne(songs.ownerId, sql.placeholder("viewerId")),
        withCursor
          ? afterPosition("desc", [songReposts.createdAt, songReposts.songId], [afterAt, afterId])
          : undefined,
      ),
    )
    .orderBy(desc(songReposts.createdAt), desc(songReposts.songId))
    .limit(pageLimit)
    .as("reposted");
  const events = unionAll(
    db
      .select({
        // Names of their own: the page's columns are referred to unqualified, beside songs.
        id: sql<string>`${newestSongs.id}`.as("event_id"),
        createdAt: sql<Date>`${newestSongs.createdAt}`.as("event_at"),
        reposterId: sql<string | null>`null::text`.as("reposter_id"),
      })
      .from(newestSongs),
    db
      .select({
        id: reposted.id,
        createdAt: reposted.createdAt,
        reposterId: sql<string | null>`${follows.followeeId}`.as("reposter_id"),
      })
      .from(follows)
      .crossJoinLateral(reposted)
      .where(eq(follows.followerId, sql.placeholder("viewerId"))),
  )
    .orderBy(sql`2 desc, 1 desc`)
    .limit(pageLimit)
    .as("page");
  return db
    .with(newestSongs)
    .select({
      ...songSummaryColumns,
      author: authorColumns,
      likedByMe: sql<boolean>`exists (select 1 from ${songLikes} where ${songLikes.userId} = ${sql.placeholder("viewerId")} and ${songLikes.songId} = ${songs.id})`,
      /** When it reached the feed: created, or reposted. */
      feedAt: sql<Date>`${events.createdAt}`.mapWith(songs.createdAt),
      repostedBy: {
        id: sql<string>`${reposter.id}`,
        name: sql<string>`${reposter.name}`,
        handle: sql<string>`${reposter.handle}`,
      },
    })
    .from(events)
    .innerJoin(songs, eq(songs.id, events.id))
    .innerJoin(user, eq(user.id, songs.ownerId))
    .leftJoin(reposter, eq(reposter.id, events.reposterId))
    .orderBy(desc(events.createdAt), desc(events.id));
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
 * The public songs of the people the viewer follows and the public songs they repost, newest
 * first, in keyset pages, with the same items as the public feed plus `repostedBy` (who I
 * follow reposted it; null for their own song). A private song never appears, and neither do
 * the viewer's own songs.
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
  // One line per song: its newest event in this page (rows come newest first).
  const seen = new Set<string>();
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const items = [];
  for (const { feedAt: _feedAt, repostedBy, ...song } of pageRows) {
    if (seen.has(song.id)) continue;
    seen.add(song.id);
    items.push({ ...song, repostedBy: repostedBy?.id ? repostedBy : null });
  }
  const last = pageRows[pageRows.length - 1];
  return {
    items,
    nextCursor:
      hasMore && last ? encodeCursor(["following", last.feedAt.toISOString(), last.id]) : null,
  };
}
