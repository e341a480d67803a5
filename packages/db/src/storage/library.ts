import {
  and,
  asc,
  desc,
  eq,
  gte,
  inArray,
  isNotNull,
  lt,
  ne,
  or,
  sql,
  type SQL,
} from "drizzle-orm";
import type { Genre } from "@harmoniq/vocabulary";
import type { DbOrTx } from "../database";
import { badRequest } from "../errors";
import { playlistSongs, songLikes, songPlays, songs, user } from "../schema";
import { isUuid } from "./pagination";
import { songIsPublic, songVisibleTo } from "./visibility";

// The library a music player browses (OpenSubsonic, `/rest/*`): the finished songs a listener
// may hear (their own, private or not, and everyone's public ones), their creators as artists
// and the genres. Nothing here ever returns a song the viewer may not see.

export const LIBRARY_ORDERS = [
  "newest",
  "random",
  "alphabetical",
  "frequent",
  "recent",
  "starred",
  /** By the creator's name, then by title. */
  "artist",
  /** Most liked first, by songs.like_count (folded each minute by the trending job). */
  "mostLiked",
  "oldest",
] as const;
export type LibraryOrder = (typeof LIBRARY_ORDERS)[number];

/** At most this many rows per call. */
export const LIBRARY_PAGE_MAX = 500;

const playable = (viewerId: string) =>
  and(songVisibleTo(viewerId), eq(songs.status, "ready")) as SQL;

const starredAt = (viewerId: string) =>
  sql<Date | null>`(select ${songLikes.createdAt} from ${songLikes} where ${songLikes.userId} = ${viewerId} and ${songLikes.songId} = ${songs.id})`.mapWith(
    (value: string | Date | null) => (value === null ? null : new Date(value)),
  );

const lastPlayedAt = (viewerId: string) =>
  sql<Date | null>`(select max(${songPlays.playedAt}) from ${songPlays} where ${songPlays.songId} = ${songs.id} and ${songPlays.listenerId} = ${viewerId})`;

const librarySongColumns = (viewerId: string) => ({
  id: songs.id,
  title: songs.title,
  genre: songs.genre,
  durationSec: songs.durationSec,
  playCount: songs.playCount,
  isPublic: songs.isPublic,
  createdAt: songs.createdAt,
  artistId: songs.ownerId,
  artistName: user.name,
  starredAt: starredAt(viewerId),
});
export type LibrarySong = {
  id: string;
  title: string;
  genre: Genre;
  durationSec: number;
  playCount: number;
  isPublic: boolean;
  createdAt: Date;
  artistId: string;
  artistName: string;
  starredAt: Date | null;
};

/** `%text%` for ILIKE with `%`, `_` and `\` matched as themselves; null for no filter. */
function containsPattern(query: string | undefined): string | null {
  const text = (query ?? "")
    .normalize("NFKC")
    .trim()
    .replace(/^"(.*)"$/, "$1")
    .trim();
  if (!text) return null;
  return `%${text.replace(/[\\%_]/g, "\\$&")}%`;
}

/** Whether `query` searches for anything: an empty or `""` query lists everything. */
export const isLibrarySearch = (query: string | undefined) => containsPattern(query) !== null;

const clamp = (n: number | undefined, fallback: number) =>
  Math.min(Math.max(Math.trunc(n ?? fallback), 0), LIBRARY_PAGE_MAX);

/** Songs created from the first of `from`'s years to the end of the other (UTC). */
function madeInYears({ from, to }: { from: number; to: number }): SQL {
  const first = Math.min(from, to);
  const last = Math.max(from, to);
  if (!Number.isInteger(first) || !Number.isInteger(last) || first < 1 || last > 9998) {
    throw badRequest("Years must be whole numbers from 1 to 9998");
  }
  // setUTCFullYear, unlike Date.UTC, takes years below 100 as they are.
  const start = new Date(0);
  start.setUTCFullYear(first, 0, 1);
  const end = new Date(0);
  end.setUTCFullYear(last + 1, 0, 1);
  return and(gte(songs.createdAt, start), lt(songs.createdAt, end)) as SQL;
}

/**
 * Orders with an index on public songs: the feed's (songs_public_new_owner_idx,
 * songs_public_top_idx) and the library's own songs_public_title_idx.
 */
const INDEXED_ORDERS: Partial<Record<LibraryOrder, SQL[]>> = {
  newest: [desc(songs.createdAt), desc(songs.id)],
  mostLiked: [desc(songs.likeCount), desc(songs.id)],
  alphabetical: [asc(sql`lower(${songs.title})`), asc(songs.id)],
};
/** Deeper than this, a page of those orders reads the table as any other order does. */
const INDEXED_DEPTH_MAX = 10_000;
/**
 * A search first looks for its page among this many public songs in the page's order (one walk
 * of the order's index); only when they hold too few matches does it read every match.
 */
export const LIBRARY_SEARCH_WINDOW = 1000;

/**
 * For the newest, most liked and alphabetical pages over the whole library (perhaps by genre or
 * searched): the candidates are the first public songs from the indexes above plus the viewer's
 * own private ones, as many of each as the page reaches. Filtered as "public or mine",
 * PostgreSQL would read and sort every song (a sequential scan: 200 ms at 100k songs); this reads
 * index ranges.
 *
 * A search ("title or creator's name contains"; across a join PostgreSQL could use no index for
 * it) looks as the feed does among the first LIBRARY_SEARCH_WINDOW public songs in order, one
 * walk of the order's index: if they hold as many matches as the page reaches (a common word),
 * those are the page's. Only when they hold fewer does it read further: every song whose title
 * matches, from the trigram index, sorted, and each matching creator's first songs (a rare word
 * has few of either). Either way the first matches in order are among the candidates, so the
 * page is the same.
 *
 * The statement stays fast as a prepared statement's generic plan (postgres.js prepares, and
 * PostgreSQL then plans without the pattern): creators are matched once, in a materialized CTE
 * whose only sensible path is user_name_trgm_idx, and checked by hash; the window's size is a
 * literal, not a parameter. Asked for "songs of matching creators" directly, a generic plan
 * read every creator (a sequential scan of "user": 110-210 ms a search at 1M under load).
 */
function indexedCandidates(
  db: DbOrTx,
  q: LibrarySongQuery,
  limit: number,
  pattern: string | null,
): SQL | undefined {
  const order = INDEXED_ORDERS[q.order ?? "newest"];
  const depth = limit + Math.max(Math.trunc(q.offset ?? 0), 0);
  if (!order || q.artistId || q.ids || q.years || depth > INDEXED_DEPTH_MAX) {
    return undefined;
  }
  const among = (which: SQL) =>
    and(which, eq(songs.status, "ready"), q.genre ? eq(songs.genre, q.genre) : undefined);
  /** The first public songs (or own private ones) in order, with the order's columns. */
  const first = (which: SQL, howMany: SQL | number = depth) =>
    sql`select ${songs.id}, ${songs.title}, ${songs.createdAt}, ${songs.likeCount}, ${songs.ownerId}
      from ${songs} where ${among(which)} order by ${sql.join(order, sql`, `)} limit ${howMany}`;
  const own = and(eq(songs.ownerId, q.viewerId), sql`not ${songs.isPublic}`) as SQL;
  if (!pattern) {
    const firstIds = (which: SQL) =>
      db
        .select({ id: songs.id })
        .from(songs)
        .where(among(which))
        .orderBy(...order)
        .limit(depth);
    return sql`${songs.id} in ((${firstIds(songIsPublic)}) union all (${firstIds(own)}))`;
  }
  // Every matching title, from the trigram index, then sorted. Left to choose, PostgreSQL walks
  // the order's index for a common word, checking each song until enough match: 3.4 s at 1M for
  // a word whose matches sort late, against 0.36 s this way. OFFSET 0 keeps the two steps apart;
  // the inner rows are named songs so that the order's columns still resolve.
  const titled = sql`${songs.title} ilike ${pattern}`;
  const everyTitleMatch = sql`select ${songs.id} from (select ${songs.id}, ${songs.title}, ${songs.createdAt}, ${songs.likeCount}
      from ${songs} where ${among(sql`${songIsPublic} and ${titled}`)} offset 0) as ${songs}
      order by ${sql.join(order, sql`, `)} limit ${depth}`;
  // Each matching creator's first public songs (one index probe per creator), the first of all.
  const byMatchingCreators = sql`select ${songs.id} from library_named cross join lateral
      (${first(sql`${songIsPublic} and ${songs.ownerId} = library_named.id`)}) as ${songs}
      order by ${sql.join(order, sql`, `)} limit ${depth}`;
  const ownMatches = sql`select id from (${first(sql`${own} and (${titled} or ${songs.ownerId} in (select id from library_named))`)}) as own_songs`;
  const named = sql`library_named as materialized (select ${user.id} from ${user} where ${user.name} ilike ${pattern})`;
  if (depth > LIBRARY_SEARCH_WINDOW) {
    return sql`${songs.id} = any(array(with ${named}
      (${everyTitleMatch}) union all (${byMatchingCreators}) union all (${ownMatches})))`;
  }
  // The window's matches; the rest only when those are too few (one-time filters: PostgreSQL
  // runs those branches only then). The candidates are an array, computed once and read by
  // primary key: as IN (…), a plan for a word most creators' names contain scanned every song
  // hoping to meet a candidate early (2.7 s at 1M). Duplicates are harmless.
  const window = first(songIsPublic, sql.raw(String(LIBRARY_SEARCH_WINDOW)));
  const tooFew = sql`(select count(*) from library_hits) < ${depth}`;
  return sql`${songs.id} = any(array(with ${named},
      library_hits as materialized (select window_songs.id from (${window}) as window_songs
        where window_songs.title ilike ${pattern}
          or window_songs.owner_id in (select id from library_named))
      (select id from library_hits)
      union all (select id from (${everyTitleMatch}) as every_match where ${tooFew})
      union all (select id from (${byMatchingCreators}) as by_creators where ${tooFew})
      union all (${ownMatches})))`;
}

export interface LibrarySongQuery {
  viewerId: string;
  order?: LibraryOrder;
  genre?: Genre;
  artistId?: string;
  /** Songs whose title or creator's name contains this text. */
  query?: string;
  /** Only these songs (a playlist's, say). */
  ids?: string[];
  /** Songs made in these years (UTC), both included, in either order. */
  years?: { from: number; to: number };
  limit?: number;
  offset?: number;
}

/** Playable songs the viewer may hear, in the asked order. */
export async function listLibrarySongs(db: DbOrTx, q: LibrarySongQuery): Promise<LibrarySong[]> {
  const limit = clamp(q.limit, 50);
  const ids = q.ids?.filter(isUuid);
  if (limit === 0 || ids?.length === 0) return [];
  const pattern = containsPattern(q.query);
  const where = and(
    playable(q.viewerId),
    ids ? inArray(songs.id, ids) : undefined,
    q.genre ? eq(songs.genre, q.genre) : undefined,
    q.artistId ? eq(songs.ownerId, q.artistId) : undefined,
    pattern ? sql`(${songs.title} ilike ${pattern} or ${user.name} ilike ${pattern})` : undefined,
    q.order === "starred" ? isNotNull(starredAt(q.viewerId)) : undefined,
    q.order === "recent" ? isNotNull(lastPlayedAt(q.viewerId)) : undefined,
    q.years ? madeInYears(q.years) : undefined,
    indexedCandidates(db, q, limit, pattern),
  );
  const orderBy: SQL[] = {
    newest: [desc(songs.createdAt), desc(songs.id)],
    random: [sql`random()`],
    alphabetical: [asc(sql`lower(${songs.title})`), asc(songs.id)],
    frequent: [desc(songs.playCount), desc(songs.id)],
    recent: [sql`${lastPlayedAt(q.viewerId)} desc`, desc(songs.id)],
    starred: [sql`${starredAt(q.viewerId)} desc`, desc(songs.id)],
    // Creators in user_name_idx's order, each one's few songs sorted (an incremental sort).
    artist: [
      asc(sql`lower(${user.name})`),
      asc(user.id),
      asc(sql`lower(${songs.title})`),
      asc(songs.id),
    ],
    mostLiked: [desc(songs.likeCount), desc(songs.id)],
    oldest: [asc(songs.createdAt), asc(songs.id)],
  }[q.order ?? "newest"];
  return db
    .select(librarySongColumns(q.viewerId))
    .from(songs)
    .innerJoin(user, eq(user.id, songs.ownerId))
    .where(where)
    .orderBy(...orderBy)
    .limit(limit)
    .offset(Math.max(Math.trunc(q.offset ?? 0), 0));
}

/** One playable song the viewer may hear, or null (unknown, private to someone else, not ready). */
export async function getLibrarySong(
  db: DbOrTx,
  { id, viewerId }: { id: string; viewerId: string },
): Promise<LibrarySong | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select(librarySongColumns(viewerId))
    .from(songs)
    .innerJoin(user, eq(user.id, songs.ownerId))
    .where(and(eq(songs.id, id), playable(viewerId)));
  return row ?? null;
}

export interface LibraryArtist {
  id: string;
  name: string;
  songCount: number;
}

/**
 * Creators with at least one song the viewer may hear, by name. Creators are read in
 * user_name_idx's order (or found by user_name_trgm_idx) and each one's songs counted from
 * songs_owner_status_idx, so a page costs its creators, not a count of every song.
 */
export async function listLibraryArtists(
  db: DbOrTx,
  q: { viewerId: string; query?: string; limit?: number; offset?: number; id?: string },
): Promise<LibraryArtist[]> {
  const pattern = containsPattern(q.query);
  const counted = db
    .select({ songCount: sql<number>`count(*)::int`.as("song_count") })
    .from(songs)
    .where(and(eq(songs.ownerId, user.id), playable(q.viewerId)))
    .as("counted");
  return db
    .select({ id: user.id, name: user.name, songCount: counted.songCount })
    .from(user)
    .crossJoinLateral(counted)
    .where(
      and(
        sql`${counted.songCount} > 0`,
        q.id ? eq(user.id, q.id) : undefined,
        pattern ? sql`${user.name} ilike ${pattern}` : undefined,
      ),
    )
    .orderBy(asc(sql`lower(${user.name})`), asc(user.id))
    .limit(clamp(q.limit, LIBRARY_PAGE_MAX))
    .offset(Math.max(Math.trunc(q.offset ?? 0), 0));
}

/**
 * Public songs by other creators that share a genre or a mood with the creator's songs the viewer
 * may hear (both first), in random order within that; never the creator's own songs.
 */
export async function listSimilarLibrarySongs(
  db: DbOrTx,
  q: { viewerId: string; artistId: string; limit?: number },
): Promise<LibrarySong[]> {
  const limit = clamp(q.limit, 50);
  if (limit === 0) return [];
  const theirs = await db
    .selectDistinct({ genre: songs.genre, mood: songs.mood })
    .from(songs)
    .where(and(playable(q.viewerId), eq(songs.ownerId, q.artistId)));
  if (theirs.length === 0) return [];
  const sameGenre = inArray(songs.genre, [...new Set(theirs.map((t) => t.genre))]);
  const sameMood = inArray(songs.mood, [...new Set(theirs.map((t) => t.mood))]);
  return db
    .select(librarySongColumns(q.viewerId))
    .from(songs)
    .innerJoin(user, eq(user.id, songs.ownerId))
    .where(
      and(
        playable(q.viewerId),
        eq(songs.isPublic, true),
        ne(songs.ownerId, q.artistId),
        or(sameGenre, sameMood),
      ),
    )
    .orderBy(sql`(${sameGenre} and ${sameMood}) desc`, sql`random()`)
    .limit(limit);
}

/** A creator with songs the viewer may hear, or null. */
export async function getLibraryArtist(
  db: DbOrTx,
  { id, viewerId }: { id: string; viewerId: string },
): Promise<LibraryArtist | null> {
  const [artist] = await listLibraryArtists(db, { viewerId, id, limit: 1 });
  return artist ?? null;
}

/** Genres with how many songs the viewer may hear in each. */
export async function listLibraryGenres(db: DbOrTx, viewerId: string) {
  return db
    .select({ genre: songs.genre, songCount: sql<number>`count(*)::int` })
    .from(songs)
    .where(playable(viewerId))
    .groupBy(songs.genre)
    .orderBy(asc(songs.genre));
}

/**
 * For each playlist, how many of its songs the viewer may hear (ready ones) and their length in
 * seconds; playlists without such songs are absent. Say which playlists: this reads entries only.
 */
export async function listLibraryPlaylistTotals(
  db: DbOrTx,
  { viewerId, playlistIds }: { viewerId: string; playlistIds: string[] },
): Promise<Map<string, { songCount: number; durationSec: number }>> {
  const ids = playlistIds.filter(isUuid);
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      playlistId: playlistSongs.playlistId,
      songCount: sql<number>`count(*)::int`,
      durationSec: sql<number>`sum(${songs.durationSec})::float8`.mapWith(Number),
    })
    .from(playlistSongs)
    .innerJoin(songs, eq(songs.id, playlistSongs.songId))
    .where(and(inArray(playlistSongs.playlistId, ids), playable(viewerId)))
    .groupBy(playlistSongs.playlistId);
  return new Map(rows.map(({ playlistId, ...totals }) => [playlistId, totals]));
}
