import { and, desc, eq, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../database";
import { FEED_SORTS, GENRES, MOODS, type FeedSort, type Genre, type Mood } from "../constants";
import { badRequest } from "../errors";
import { songLikes, songs, user } from "../schema";
import { afterPosition, clampLimit, decodeCursor, toPage } from "./pagination";
import { exactLikeCount } from "./likes";
import { authorColumns, songSummaryColumns } from "./songs";
import { songIsPublic } from "./visibility";

export interface FeedParams {
  sort?: FeedSort;
  genre?: Genre;
  mood?: Mood;
  /**
   * What to look for: every word as a word prefix in the title, description or lyrics, or the
   * whole text anywhere inside the title ("ight" finds "Night Lights").
   */
  q?: string;
  cursor?: string | null;
  limit?: number;
  viewerId?: string | null;
}

const sortColumn = {
  new: { column: songs.createdAt, type: "timestamptz" },
  top: { column: songs.likeCount, type: "int4" },
  trending: { column: songs.trendingScore, type: "float8" },
} as const;

const cursorSchemas = {
  new: z.tuple([z.literal("new"), z.iso.datetime(), z.uuid()]),
  top: z.tuple([z.literal("top"), z.number().int(), z.uuid()]),
  trending: z.tuple([z.literal("trending"), z.number(), z.uuid()]),
} as const;

/**
 * How a search is run. Walking the sort index and testing each row is fastest for common
 * words, and the GIN index is fastest for rare ones; PostgreSQL cannot tell them apart for
 * prefix queries, so we decide ourselves: first look for a full page among the first
 * SEARCH_WINDOW songs in sort order ("recent"); only if that falls short, ask the GIN index for
 * every match ("all"). The first page of matches in sort order is the same either way.
 */
type SearchMode = "none" | "recent" | "all";
export const SEARCH_WINDOW = 1000;

/**
 * Which search conditions a query has: word prefixes (the tsvector's GIN index), a substring
 * of the title (the pg_trgm GIN index), or either (PostgreSQL ORs the two bitmaps).
 */
type SearchMatch = "words" | "substring" | "both";

/** Trigram indexes need three characters to narrow anything down; shorter text is words only. */
export const SUBSTRING_MIN_LENGTH = 3;

/** Shape of one feed query: which optional clauses it has. Each shape is prepared once. */
interface FeedShape {
  sort: FeedSort;
  genre: boolean;
  mood: boolean;
  search: SearchMode;
  match: SearchMatch;
  cursor: boolean;
}

const shapeKey = (shape: FeedShape) =>
  `feed_${shape.sort}_${+shape.genre}${+shape.mood}${+shape.cursor}_${shape.search}` +
  (shape.search === "none" ? "" : `_${shape.match}`);

// The page is picked by the stored like_count (what the top indexes hold); the exact count,
// with the likes not folded yet, is added to the 20 rows of the page only.
const pageColumns = {
  ...songSummaryColumns,
  likeCount: songs.likeCount,
  ownerId: songs.ownerId,
  trendingScore: songs.trendingScore,
};

type FeedValues = {
  genre?: Genre;
  mood?: Mood;
  q?: string;
  pattern?: string;
  afterValue?: string | number;
  afterId?: string;
  viewerId: string;
  limit: number;
};

/**
 * The feed query for one shape. With `values` the query carries them inline (run once,
 * planned for those values); without, it has placeholders and is prepared once and reused.
 */
function buildFeedQuery(db: Database, shape: FeedShape, values?: FeedValues) {
  const param = <K extends keyof FeedValues>(name: K) =>
    values ? sql`${values[name]}` : sql.placeholder(name);
  const pageLimit = values ? values.limit : sql.placeholder("limit");
  const { column, type } = sortColumn[shape.sort];
  const conditions: SQL[] = [songIsPublic];
  if (shape.genre) conditions.push(sql`${songs.genre} = ${param("genre")}`);
  if (shape.mood) conditions.push(sql`${songs.mood} = ${param("mood")}`);
  if (shape.cursor) {
    conditions.push(
      afterPosition("desc", [column, songs.id], [param("afterValue"), param("afterId")], type)!,
    );
  }
  const matches = (vector: SQLWrapper, title: SQLWrapper) => {
    const words = sql`${vector} @@ to_tsquery('english', ${param("q")})`;
    const substring = sql`${title} ilike ${param("pattern")}`;
    if (shape.match === "words") return words;
    if (shape.match === "substring") return substring;
    return sql`(${words} or ${substring})`;
  };
  const sortOf = (fields: { createdAt: unknown; likeCount: unknown; trendingScore: unknown }) =>
    ({ new: fields.createdAt, top: fields.likeCount, trending: fields.trendingScore })[
      shape.sort
    ] as SQL;

  // Page first, on songs alone, so PostgreSQL walks one index and stops after `limit` rows;
  // then join the authors and the viewer's likes for just that page.
  let page;
  if (shape.search === "recent") {
    const window = db
      .select({ ...pageColumns, searchVector: songs.searchVector })
      .from(songs)
      .where(and(...conditions))
      .orderBy(desc(column), desc(songs.id))
      .limit(SEARCH_WINDOW)
      .as("window");
    const { searchVector, ...windowColumns } = window._.selectedFields;
    page = db
      .select(windowColumns)
      .from(window)
      .where(matches(searchVector as SQLWrapper, window.title))
      .orderBy(desc(sortOf(window)), desc(window.id))
      .limit(pageLimit)
      .as("page");
  } else if (shape.search === "all") {
    // A LIMIT that never binds keeps the match set a separate step (PostgreSQL cannot merge a
    // limited subquery into the outer one), so the GIN index finds the matches instead of a
    // walk down the sort index. The usual idiom, OFFSET 0, is dropped by Drizzle.
    const found = db
      .select(pageColumns)
      .from(songs)
      .where(and(...conditions, matches(songs.searchVector, songs.title)))
      .limit(Number.MAX_SAFE_INTEGER)
      .as("found");
    page = db
      .select(found._.selectedFields)
      .from(found)
      .orderBy(desc(sortOf(found)), desc(found.id))
      .limit(pageLimit)
      .as("page");
  } else {
    page = db
      .select(pageColumns)
      .from(songs)
      .where(and(...conditions))
      .orderBy(desc(column), desc(songs.id))
      .limit(pageLimit)
      .as("page");
  }
  const { ownerId: _ownerId, ...columns } = page._.selectedFields;
  return db
    .select({
      ...columns,
      likeCount: exactLikeCount(page),
      sortedLikeCount: page.likeCount,
      author: authorColumns,
      likedByMe: sql<boolean>`exists (select 1 from ${songLikes} where ${songLikes.userId} = ${param("viewerId")} and ${songLikes.songId} = ${page.id})`,
    })
    .from(page)
    .innerJoin(user, eq(user.id, page.ownerId))
    .orderBy(desc(sortOf(page)), desc(page.id));
}

const prepareFeedQuery = (db: Database, shape: FeedShape) =>
  buildFeedQuery(db, shape).prepare(shapeKey(shape));
type FeedQuery = ReturnType<typeof prepareFeedQuery>;
const preparedByDb = new WeakMap<Database, Map<string, FeedQuery>>();

function feedQuery(db: Database, shape: FeedShape): FeedQuery {
  let cache = preparedByDb.get(db);
  if (!cache) preparedByDb.set(db, (cache = new Map()));
  const key = shapeKey(shape);
  let query = cache.get(key);
  if (!query) cache.set(key, (query = prepareFeedQuery(db, shape)));
  return query;
}

/**
 * The ILIKE pattern for finding `q` anywhere in a title, or null when it is too short for the
 * trigram index. `%`, `_` and `\\` are escaped: they are matched as themselves.
 */
export function toSubstringPattern(q: string): string | null {
  const text = q.normalize("NFKC").trim().replace(/\s+/g, " ");
  if ([...text].length < SUBSTRING_MIN_LENGTH) return null;
  return `%${text.replace(/[\\%_]/g, "\\$&")}%`;
}

/**
 * Turns what a person typed into a prefix tsquery ("ocean nig" → "ocean:* & nig:*"). Only
 * letters and digits pass through, so nothing typed can break the query syntax.
 */
export function toPrefixTsquery(q: string): string | null {
  const words =
    q
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  return words
    .slice(0, 8)
    .map((word) => `${word.slice(0, 64)}:*`)
    .join(" & ");
}

const feedParamsSchema = z
  .object({
    sort: z.enum(FEED_SORTS).default("new"),
    genre: z.enum(GENRES).optional(),
    mood: z.enum(MOODS).optional(),
    q: z.string().max(200).optional(),
    cursor: z.string().max(500).nullish(),
    limit: z.number().optional(),
    viewerId: z.string().nullish(),
  })
  .strict();

/**
 * The public feed: public songs only (a private song never appears, even to its owner),
 * sorted by new, top or trending, filtered by genre, mood and words, paged by keyset cursor.
 */
export async function getFeed(db: Database, params: FeedParams = {}) {
  const parsed = feedParamsSchema.safeParse(params);
  if (!parsed.success)
    throw badRequest(
      parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    );
  const { sort, genre, mood, q, cursor, viewerId } = parsed.data;
  const limit = clampLimit(parsed.data.limit);
  const text = q !== undefined && q.trim() !== "" ? q : null;
  const searching = text !== null;
  const tsquery = text === null ? null : toPrefixTsquery(text);
  const pattern = text === null ? null : toSubstringPattern(text);
  if (searching && tsquery === null && pattern === null) return { items: [], nextCursor: null };
  const match: SearchMatch = tsquery === null ? "substring" : pattern === null ? "words" : "both";
  const after = cursor ? decodeCursor(cursor, cursorSchemas[sort]) : null;

  const values: FeedValues = {
    genre,
    mood,
    q: tsquery ?? undefined,
    pattern: pattern ?? undefined,
    afterValue: after?.[1],
    afterId: after?.[2],
    viewerId: viewerId ?? "",
    limit: limit + 1,
  };
  const shape = (search: SearchMode): FeedShape => ({
    sort,
    genre: genre !== undefined,
    mood: mood !== undefined,
    search,
    match,
    cursor: after !== null,
  });
  let rows = await feedQuery(db, shape(searching ? "recent" : "none")).execute(values);
  if (searching && rows.length <= limit) {
    // Rare words: planned for this very query (a prepared generic plan cannot see that the
    // words are rare and would not pick the GIN indexes).
    rows = await buildFeedQuery(db, shape("all"), values);
  }
  return toPage(
    rows,
    limit,
    ({ trendingScore: _score, sortedLikeCount: _sorted, ...item }) => item,
    (row) => {
      if (sort === "new") return ["new", row.createdAt.toISOString(), row.id];
      if (sort === "top") return ["top", row.sortedLikeCount, row.id];
      return ["trending", row.trendingScore, row.id];
    },
  );
}
