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
// How a page is found, two ways with the same result (one statement; PostgreSQL runs only the
// branch taken). Walk first, for someone who follows many people: everyone's newest public
// songs after the cursor, backwards from songs_public_new_owner_idx (created_at, id, owner_id
// WHERE is_public, the owner read from the index), kept when the owner is followed, until a
// page is full — exact when it fills the page or reaches the last song. Otherwise, probe each
// person followed: their newest `limit + 1` public songs from songs_public_owner_new_idx
// (owner_id, created_at, id WHERE is_public), then the newest `limit + 1` of all those
// (2F short index probes for F people followed, which is what made 1 000 followees slow).
// Reposts the same two ways (song_reposts_created_idx, or song_reposts_user_created_idx per
// person), each checked against its song's visibility. The songs are found first: when they
// fill a page, a repost older than the oldest of them cannot make it, so the reposts are read
// from there on only. Only that page's songs are then joined to their rows, authors,
// reposters and likes. A song that reaches me twice in one page (posted by one person I follow
// and reposted by another) is shown once, as its newest event.

/**
 * How far the walk over everyone's newest songs goes, per item of the page, before the feed
 * probes each person followed instead: the walk is exact when the people followed made at least
 * 1 in 250 of the newest public songs (a walk that fails costs ~1 ms at 1M songs before the
 * probes; see docs/PERFORMANCE.md).
 */
const WALK_ROWS_PER_ITEM = 250;
/**
 * The walk is tried only for someone who follows at least this many people: below, probing
 * each of them is cheaper than walking first (at 1M songs, following 10: 1 ms probing, 5 ms
 * walking first), and the walk would rarely find a page among everyone's newest.
 */
const WALK_FOLLOWEES_MIN = 200;

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
  // The same songs found the other way round: walk the newest `walkRows` public songs (after
  // the cursor) from songs_public_new_owner_idx, owner read from the index, and keep those of
  // people followed. Exact when it finds a whole page, or when it reached the last song.
  const window = db
    .select({ id: songs.id, createdAt: songs.createdAt, ownerId: songs.ownerId })
    .from(songs)
    .where(
      and(
        songIsPublic,
        withCursor
          ? afterPosition("desc", [songs.createdAt, songs.id], [afterAt, afterId])
          : undefined,
      ),
    )
    .orderBy(desc(songs.createdAt), desc(songs.id))
    .limit(sql.placeholder("walkRows"))
    .as("walk_window");
  // `(… in (select …)) is true` rather than a join: PostgreSQL keeps it a filter against a hash
  // of the people followed, so the walk reads the index in order and stops at a whole page
  // (a join would read the whole window, then sort it).
  const followed = sql`(select ${follows.followeeId} from ${follows} where ${follows.followerId} = ${sql.placeholder("viewerId")})`;
  const walked = db.$with("walked").as(
    db
      .select({ id: window.id, createdAt: window.createdAt })
      .from(window)
      .where(sql`(${window.ownerId} in ${followed}) is true`)
      .orderBy(desc(window.createdAt), desc(window.id))
      .limit(pageLimit),
  );
  // The walk is tried only for someone who follows many people: for a few, probing each costs
  // less than the walk would (and the walk would rarely fill a page). `case` keeps that check
  // first, so the walk does not run otherwise; counting the window is needed only when the walk
  // found less than a page.
  const followsMany = sql`(select count(*) from (select 1 from ${follows} where ${follows.followerId} = ${sql.placeholder("viewerId")} limit ${sql.placeholder("walkFollowees")}) f) >= ${sql.placeholder("walkFollowees")}`;
  const walkIsExact = sql`(case when ${followsMany} then (select count(*) from ${walked}) >= ${pageLimit} or (select count(*) from ${window}) < ${sql.placeholder("walkRows")} else false end)`;
  // Otherwise (people followed post rarely, beneath many others' songs): each one's newest
  // `limit + 1`, which PostgreSQL runs only then (a one-time filter).
  const byFollowee = db
    .select({
      id: sql<string>`${newest.id}`.as("id"),
      createdAt: sql<Date>`${newest.createdAt}`.as("created_at"),
    })
    .from(follows)
    .crossJoinLateral(newest)
    .where(eq(follows.followerId, sql.placeholder("viewerId")))
    .orderBy(sql`2 desc, 1 desc`)
    .limit(pageLimit)
    .as("by_followee");
  // The newest `limit + 1` songs of the people followed, found first: a repost older than the
  // oldest of them cannot make the page, so when there are that many, each reposts probe
  // starts at that time and usually finds nothing to check against its song.
  const newestSongs = db.$with("newest_songs").as(
    unionAll(
      db
        .select({
          id: sql<string>`${walked.id}`.as("id"),
          createdAt: sql<Date>`${walked.createdAt}`.as("created_at"),
        })
        .from(walked)
        .where(walkIsExact),
      db
        .select({ id: byFollowee.id, createdAt: byFollowee.createdAt })
        .from(byFollowee)
        .where(sql`not ${walkIsExact}`),
    ),
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
  // Reposts found the same two ways: walk everyone's newest `walkRows` reposts from that time
  // on (song_reposts_created_idx, reposter read from the index) and keep those by people
  // followed of public songs not mine; exact when it finds a whole page or reaches the end.
  // Otherwise each person followed is probed, as above.
  const repostWindow = db.$with("repost_window").as(
    db
      .select({
        songId: songReposts.songId,
        createdAt: songReposts.createdAt,
        userId: songReposts.userId,
      })
      .from(songReposts)
      .where(
        and(
          sql`${songReposts.createdAt} >= ${repostsFrom}`,
          withCursor
            ? afterPosition("desc", [songReposts.createdAt, songReposts.songId], [afterAt, afterId])
            : undefined,
        ),
      )
      .orderBy(desc(songReposts.createdAt), desc(songReposts.songId))
      .limit(sql.placeholder("walkRows")),
  );
  const repostsWalked = db.$with("reposts_walked").as(
    db
      .select({
        id: repostWindow.songId,
        createdAt: repostWindow.createdAt,
        reposterId: repostWindow.userId,
      })
      .from(repostWindow)
      .innerJoin(
        follows,
        and(
          eq(follows.followerId, sql.placeholder("viewerId")),
          eq(follows.followeeId, repostWindow.userId),
        ),
      )
      .innerJoin(songs, eq(songs.id, repostWindow.songId))
      .where(and(songIsPublic, ne(songs.ownerId, sql.placeholder("viewerId"))))
      .orderBy(desc(repostWindow.createdAt), desc(repostWindow.songId))
      .limit(pageLimit),
  );
  const repostWalkIsExact = sql`(case when ${followsMany} then (select count(*) from ${repostsWalked}) >= ${pageLimit} or (select count(*) from ${repostWindow}) < ${sql.placeholder("walkRows")} else false end)`;
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
        id: sql<string>`${repostsWalked.id}`,
        createdAt: sql<Date>`${repostsWalked.createdAt}`,
        reposterId: sql<string | null>`${repostsWalked.reposterId}`,
      })
      .from(repostsWalked)
      .where(repostWalkIsExact),
    db
      .select({
        id: reposted.id,
        createdAt: reposted.createdAt,
        reposterId: sql<string | null>`${follows.followeeId}`.as("reposter_id"),
      })
      .from(follows)
      .crossJoinLateral(reposted)
      .where(
        and(eq(follows.followerId, sql.placeholder("viewerId")), sql`not ${repostWalkIsExact}`),
      ),
  )
    .orderBy(sql`2 desc, 1 desc`)
    .limit(pageLimit)
    .as("page");
  return db
    .with(walked, newestSongs, repostWindow, repostsWalked)
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
    walkRows: WALK_ROWS_PER_ITEM * (limit + 1),
    walkFollowees: WALK_FOLLOWEES_MIN,
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
