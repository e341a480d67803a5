// At 100 000 songs, every read path a visitor hits must find its rows through an index: the
// test runs each storage call, captures the SQL it sends, and asks PostgreSQL for the plan
// (EXPLAIN (FORMAT JSON)) both as planned for the values and as a prepared statement's generic
// plan. A sequential scan of `songs` anywhere fails it. PostgreSQL only (TEST_DATABASE_URL).
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drizzleConfig, type Database } from "../client";
import { FEED_SORTS, type FeedSort } from "../constants";
import { songs } from "../schema";
import { seedAtScale } from "../seed/scale";
import { createTestDb, testDatabaseUrl, type TestDatabase } from "../testing";
import { getFeed, type FeedParams } from "./feed";
import { getFollowingFeed } from "./following-feed";
import { listLibraryArtists, listLibrarySongs } from "./library";
import { encodeCursor } from "./pagination";
import { getPlaylist } from "./playlists";
import { listSongsByOwner } from "./songs";

interface Captured {
  query: string;
  params: unknown[];
}
interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

describe.skipIf(!testDatabaseUrl)("query plans at 100 000 songs (PostgreSQL)", () => {
  let t: TestDatabase;
  let client: postgres.Sql;
  let db: Database;
  let captured: Captured[] = [];
  const viewer = "scale_u_1";

  beforeAll(async () => {
    t = await createTestDb({ max: 2 });
    // Fewer likes and plays than the benchmark: the plans depend on the songs, and CI time
    // on the rows.
    await seedAtScale(t.db, { songs: 100_000, likesPerSong: 2, playsPerSong: 1 });
    client = postgres(t.url!, { max: 1, onnotice: () => {} });
    db = drizzle(client, {
      ...drizzleConfig,
      logger: { logQuery: (query, params) => captured.push({ query, params }) },
    });
  }, 180_000);
  afterAll(async () => {
    await client?.end({ timeout: 5 });
    await t?.close();
  });

  /** The plans (values-specific, then generic) of every query `run` sends that reads songs. */
  async function plansOf(run: () => Promise<unknown>) {
    captured = [];
    await run();
    const queries = captured.filter((c) => c.query.includes('"songs"'));
    expect(queries.length).toBeGreaterThan(0);
    const plans: PlanNode[] = [];
    for (const { query, params } of queries) {
      await client.unsafe(`prepare hq_plan as ${query}`);
      try {
        for (const mode of ["force_custom_plan", "force_generic_plan"]) {
          await client.unsafe(`set plan_cache_mode = ${mode}`);
          const args = params.length ? `(${params.map(literal).join(", ")})` : "";
          const [row] = await client.unsafe<{ "QUERY PLAN": [{ Plan: PlanNode }] }[]>(
            `explain (format json) execute hq_plan${args}`,
          );
          plans.push(row!["QUERY PLAN"][0].Plan);
        }
      } finally {
        await client.unsafe(`deallocate hq_plan`);
        await client.unsafe(`reset plan_cache_mode`);
      }
    }
    return plans;
  }

  async function expectNoSongsSeqScan(run: () => Promise<unknown>, tables = ["songs"]) {
    const plans = await plansOf(run);
    const seqScans = plans
      .flatMap(nodes)
      .filter((n) => n["Node Type"] === "Seq Scan" && tables.includes(n["Relation Name"]!));
    expect(seqScans).toEqual([]);
    return plans;
  }

  const feed = (params: FeedParams) => () =>
    getFeed(db, { viewerId: viewer, limit: 20, ...params });

  it("sees a sequential scan when there is one (a filter on an unindexed column)", async () => {
    const plans = await plansOf(() =>
      db.select({ id: songs.id }).from(songs).where(eq(songs.seed, 42)),
    );
    expect(plans.flatMap(nodes).some((n) => n["Node Type"] === "Seq Scan")).toBe(true);
  });

  it("feed: every sort, with and without genre and mood filters", async () => {
    for (const sort of FEED_SORTS) {
      for (const filter of [
        {},
        { genre: "Jazz" },
        { mood: "Dreamy" },
        { genre: "Rock", mood: "Hype" },
      ]) {
        await expectNoSongsSeqScan(feed({ sort, ...(filter as FeedParams) }));
      }
    }
  });

  it("feed: a page deep into the cursor, for every sort", async () => {
    for (const sort of FEED_SORTS) {
      const column = { new: "created_at", top: "like_count", trending: "trending_score" }[sort];
      // Timestamps as epoch milliseconds: Drizzle makes this client return them as text.
      const [row] = await client.unsafe<{ value: number; id: string }[]>(
        `select ${sort === "new" ? "extract(epoch from created_at) * 1000" : column}::float8 as value, id
         from songs where is_public order by ${column} desc, id desc offset 20000 limit 1`,
      );
      const value = sort === "new" ? new Date(row!.value).toISOString() : row!.value;
      const cursor = encodeCursor([sort satisfies FeedSort, value, row!.id]);
      await expectNoSongsSeqScan(feed({ sort, cursor }));
    }
  });

  it("search: common and rare words, substrings, and both sorts", async () => {
    for (const q of ["ocean night", "marmalade", "zebra", "ight", "armalad", "!!!"]) {
      for (const sort of ["new", "top"] as const) {
        await expectNoSongsSeqScan(feed({ q, sort }));
      }
    }
    // The rare substring is found through the trigram index (OR-ed with the word index).
    const plans = await expectNoSongsSeqScan(feed({ q: "armalad" }));
    expect(plans.flatMap(nodes).map((n) => n["Index Name"])).toContain("songs_title_trgm_idx");
    expect((await feed({ q: "armalad" })()).items.length).toBeGreaterThan(0);
  });

  it("following feed: someone who follows 1000 creators, first page and deep", async () => {
    const follower = "scale_u_2";
    await client`
      insert into follows (follower_id, followee_id)
      select ${follower}, id from "user" where id like 'scale_u_%' and id <> ${follower}
      order by hashtext(id) limit 1000`;
    await client`analyze follows`;
    const first = await getFollowingFeed(db, { viewerId: follower, limit: 20 });
    expect(first.items).toHaveLength(20);
    for (const cursor of [null, first.nextCursor]) {
      const plans = await expectNoSongsSeqScan(() =>
        getFollowingFeed(db, { viewerId: follower, cursor, limit: 20 }),
      );
      // The walk over everyone's newest public songs reads the owner from the index; each
      // followed creator's newest (when the walk finds too few) come from the partial index.
      const indexes = plans.flatMap(nodes).map((n) => n["Index Name"]);
      expect(indexes).toContain("songs_public_new_owner_idx");
      expect(indexes).toContain("songs_public_owner_new_idx");
    }
  });

  it("a profile page and a playlist of 1000 songs, whole and in pages", async () => {
    const [owner] = await client<{ owner_id: string }[]>`
      select owner_id from songs where is_public order by created_at desc limit 1`;
    await expectNoSongsSeqScan(() =>
      listSongsByOwner(db, owner!.owner_id, { viewerId: viewer, publicOnly: true }),
    );
    const [big] = await client<
      { id: string }[]
    >`select id from playlists where name = 'The Thousand'`;
    await expectNoSongsSeqScan(async () => {
      const playlist = await getPlaylist(db, { id: big!.id, viewerId: viewer });
      expect(playlist!.songs).toHaveLength(1000);
    });
    // Page by page (what playlist.byId serves): the first page with its count, then a later one.
    let cursor: string | null = null;
    await expectNoSongsSeqScan(async () => {
      const first = await getPlaylist(db, { id: big!.id, viewerId: viewer }, { limit: 100 });
      expect(first!.songCount).toBe(1000);
      cursor = first!.nextCursor;
    });
    await expectNoSongsSeqScan(async () => {
      const next = await getPlaylist(db, { id: big!.id, viewerId: viewer }, { cursor, limit: 100 });
      expect(next!.songs.map((e) => e.position)[0]).toBe(100);
    });
  });

  it("player library (Subsonic): song lists, searches and the artist list", async () => {
    for (const order of ["newest", "alphabetical", "artist", "mostLiked"] as const) {
      await expectNoSongsSeqScan(() => listLibrarySongs(db, { viewerId: viewer, order }));
    }
    for (const query of ["", "ocean", "armalad", "listener 42"]) {
      await expectNoSongsSeqScan(() =>
        listLibrarySongs(db, { viewerId: viewer, order: "alphabetical", query, limit: 20 }),
      );
      await expectNoSongsSeqScan(() =>
        listLibraryArtists(db, { viewerId: viewer, query, limit: 20 }),
      );
    }
    // search3's own order. Its creators are matched by user_name_trgm_idx in the generic plan
    // too: reading every user there cost 40-140 ms a search at 1M.
    for (const query of ["ocean", "armalad", "listener 42"]) {
      for (const order of ["newest", "mostLiked"] as const) {
        await expectNoSongsSeqScan(
          () => listLibrarySongs(db, { viewerId: viewer, order, query, limit: 20 }),
          ["songs", "user"],
        );
      }
    }
    const plans = await expectNoSongsSeqScan(() =>
      listLibraryArtists(db, { viewerId: viewer, limit: 500 }),
    );
    // Each creator's songs are counted from the index alone.
    expect(plans.flatMap(nodes).map((n) => n["Index Name"])).toContain("songs_owner_status_idx");
  });
});

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/** A parameter as an SQL literal for EXECUTE (PostgreSQL casts it to the parameter's type). */
function literal(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  const text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === "string"
        ? value
        : JSON.stringify(value);
  return `'${text.replace(/'/g, "''")}'`;
}
