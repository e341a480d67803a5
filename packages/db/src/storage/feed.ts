import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../client";
import { FEED_SORTS, GENRES, MOODS, type FeedSort, type Genre, type Mood } from "../constants";
import { badRequest } from "../errors";
import { songLikes, songs, user } from "../schema";
import { clampLimit, decodeCursor, toPage } from "./pagination";
import { authorColumns, songSummaryColumns } from "./songs";

export interface FeedParams {
  sort?: FeedSort;
  genre?: Genre;
  mood?: Mood;
  /** Words to find in titles, descriptions and lyrics (prefix match, all words must match). */
  q?: string;
  cursor?: string | null;
  limit?: number;
  viewerId?: string | null;
}

const sortColumn = {
  new: { column: songs.createdAt, cast: sql.raw("timestamptz") },
  top: { column: songs.likeCount, cast: sql.raw("int4") },
  trending: { column: songs.trendingScore, cast: sql.raw("float8") },
} as const;

const cursorSchemas = {
  new: z.tuple([z.literal("new"), z.iso.datetime(), z.uuid()]),
  top: z.tuple([z.literal("top"), z.number().int(), z.uuid()]),
  trending: z.tuple([z.literal("trending"), z.number(), z.uuid()]),
} as const;

/** Shape of one feed query: which optional clauses it has. Each shape is prepared once. */
interface FeedShape {
  sort: FeedSort;
  genre: boolean;
  mood: boolean;
  q: boolean;
  cursor: boolean;
}

function buildFeedQuery(db: Database, shape: FeedShape) {
  const { column, cast } = sortColumn[shape.sort];
  const conditions: SQL[] = [eq(songs.isPublic, true)];
  if (shape.genre) conditions.push(sql`${songs.genre} = ${sql.placeholder("genre")}`);
  if (shape.mood) conditions.push(sql`${songs.mood} = ${sql.placeholder("mood")}`);
  if (shape.q) {
    conditions.push(sql`${songs.searchVector} @@ to_tsquery('english', ${sql.placeholder("q")})`);
  }
  if (shape.cursor) {
    conditions.push(
      sql`(${column}, ${songs.id}) < (${sql.placeholder("afterValue")}::${cast}, ${sql.placeholder("afterId")}::uuid)`,
    );
  }
  return db
    .select({
      ...songSummaryColumns,
      trendingScore: songs.trendingScore,
      author: authorColumns,
      likedByMe: sql<boolean>`exists (select 1 from ${songLikes} where ${songLikes.userId} = ${sql.placeholder("viewerId")} and ${songLikes.songId} = ${songs.id})`,
    })
    .from(songs)
    .innerJoin(user, eq(user.id, songs.ownerId))
    .where(and(...conditions))
    .orderBy(desc(column), desc(songs.id))
    .limit(sql.placeholder("limit"))
    .prepare(
      `feed_${shape.sort}_${+shape.genre}${+shape.mood}${+shape.q}${+shape.cursor}`,
    );
}

type FeedQuery = ReturnType<typeof buildFeedQuery>;
const preparedByDb = new WeakMap<Database, Map<string, FeedQuery>>();

function feedQuery(db: Database, shape: FeedShape): FeedQuery {
  let cache = preparedByDb.get(db);
  if (!cache) preparedByDb.set(db, (cache = new Map()));
  const key = `${shape.sort}${+shape.genre}${+shape.mood}${+shape.q}${+shape.cursor}`;
  let query = cache.get(key);
  if (!query) cache.set(key, (query = buildFeedQuery(db, shape)));
  return query;
}

/**
 * Turns what a person typed into a prefix tsquery ("ocean nig" → "ocean:* & nig:*"). Only
 * letters and digits pass through, so nothing typed can break the query syntax.
 */
export function toPrefixTsquery(q: string): string | null {
  const words = q.normalize("NFKC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
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
  if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const { sort, genre, mood, q, cursor, viewerId } = parsed.data;
  const limit = clampLimit(parsed.data.limit);
  const tsquery = q !== undefined && q.trim() !== "" ? toPrefixTsquery(q) : undefined;
  if (tsquery === null) return { items: [], nextCursor: null };
  const after = cursor ? decodeCursor(cursor, cursorSchemas[sort]) : null;

  const query = feedQuery(db, {
    sort,
    genre: genre !== undefined,
    mood: mood !== undefined,
    q: tsquery !== undefined,
    cursor: after !== null,
  });
  const rows = await query.execute({
    genre,
    mood,
    q: tsquery,
    afterValue: after?.[1],
    afterId: after?.[2],
    viewerId: viewerId ?? "",
    limit: limit + 1,
  });
  return toPage(
    rows,
    limit,
    ({ trendingScore: _score, ...item }) => item,
    (row) => {
      if (sort === "new") return ["new", row.createdAt.toISOString(), row.id];
      if (sort === "top") return ["top", row.likeCount, row.id];
      return ["trending", row.trendingScore, row.id];
    },
  );
}

