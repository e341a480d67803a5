// Read paths at scale on PostgreSQL: the storage functions (Drizzle, prepared) against the same
// queries written by hand for raw postgres.js, interleaved in the same run, plus disk cost.
//   pnpm --filter @harmoniq/db bench                       a fresh database of 100 000 songs, dropped after
//   pnpm --filter @harmoniq/db bench --scale 1000000       the same at a million songs
//   pnpm --filter @harmoniq/db bench --db postgres://…/harmoniq_scale_1m
//       an existing database: seeded once (--scale) if it has no songs, reused as is after
//   --only playlist                                        only the cases whose name contains "playlist"
//   --playlist-songs 5000                                  the size of the paged playlist (kept when reused)
// Env: BENCH_DB_URL (= --db), BENCH_SONGS (= --scale), BENCH_PLAYLIST_SONGS (= --playlist-songs),
// BENCH_DATABASE_URL (server for fresh databases), BENCH_ITERATIONS (runs per query, default 300).
import { randomBytes } from "node:crypto";
import { generateNKeysBetween } from "fractional-indexing";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { createDb, migrate, type DatabaseHandle } from "../src/client";
import { seedAtScale } from "../src/seed/scale";
import { getFeed, toPrefixTsquery, toSubstringPattern, type FeedParams } from "../src/storage/feed";
import { getFollowingFeed } from "../src/storage/following-feed";
import { encodeCursor } from "../src/storage/pagination";
import { getPlaylist } from "../src/storage/playlists";
import { listSongsByOwner } from "../src/storage/songs";
import { refreshTrendingScores } from "../src/storage/trending";
import { rawFeed, type RawOptions } from "./raw-feed";
import { rawFollowingFeed, rawPlaylist, rawProfilePage } from "./raw-lists";
import { printBenchRow } from "./report";

const { values: args } = parseArgs({
  options: {
    scale: { type: "string" },
    db: { type: "string" },
    only: { type: "string" },
    "playlist-songs": { type: "string" },
  },
  allowPositionals: true,
});
const existingUrl = args.db ?? process.env.BENCH_DB_URL;
const SONGS = Number(args.scale ?? process.env.BENCH_SONGS ?? 100_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
/** The paged playlist: this many songs picked all over the table. */
const PLAYLIST_SONGS = Number(args["playlist-songs"] ?? process.env.BENCH_PLAYLIST_SONGS ?? 5000);
const PLAYLIST_PAGE = 100;
/** The following feed is measured for someone who follows this many creators. */
const FOLLOWED_CREATORS = 1000;
/** Each of them has reposted this many songs of others (some since made private). */
const REPOSTS_PER_CREATOR = 5;
/** …and for someone who follows only this many (some of the same creators, with their reposts). */
const FEW_FOLLOWED_CREATORS = 10;
const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const fresh = existingUrl ? null : `hq_bench_${randomBytes(4).toString("hex")}`;
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
let url = existingUrl;
if (fresh) {
  await admin.unsafe(`create database "${fresh}"`);
  const u = new URL(serverUrl);
  u.pathname = `/${fresh}`;
  url = u.toString();
}
const handle = await createDb({ url, max: 4 });
const raw = postgres(url!, { max: 4, onnotice: () => {} });

try {
  await migrate(handle);
  const seedMs = await seedIfEmpty(handle);
  const [counted] = await raw<{ songs: number }[]>`select count(*)::int as songs from songs`;
  const songs = counted!.songs;
  const scale = scaleLabel(songs);

  const viewer = "scale_u_1";
  const [deep] = await raw<{ created_at: Date; id: string }[]>`
    select created_at, id from songs where is_public order by created_at desc, id desc offset 20000 limit 1`;
  const [deepTop] = await raw<{ like_count: number; id: string }[]>`
    select like_count, id from songs where is_public order by like_count desc, id desc offset 20000 limit 1`;
  const [profile] = await raw<{ owner_id: string }[]>`
    select owner_id from songs where is_public order by created_at desc limit 1`;
  const [thousand] = await raw<{ id: string }[]>`
    select id from playlists where name = 'The Thousand' order by created_at desc limit 1`;

  const followed = await followCreators(viewer, FOLLOWED_CREATORS);
  const reposts = await repostAsFollowed(viewer, REPOSTS_PER_CREATOR);
  // Someone who follows few creators: too few of the newest songs are theirs for the walk over
  // everyone's newest songs to fill a page, so the feed probes each of them after it.
  const fewFollower = "scale_u_3";
  const fewFollowed = await followCreators(fewFollower, FEW_FOLLOWED_CREATORS);
  const paged = await pagedPlaylist(viewer, PLAYLIST_SONGS);
  const pagedName = `playlist of ${PLAYLIST_SONGS.toLocaleString("en")} songs`;

  const feed = (params: FeedParams) => () => getFeed(handle.db, { viewerId: viewer, ...params });
  const rawSearch =
    (q: string, order: RawOptions["order"] = "created_at") =>
    () =>
      rawFeed(raw, {
        viewer,
        order,
        tsquery: toPrefixTsquery(q) ?? undefined,
        pattern: toSubstringPattern(q) ?? undefined,
      });
  const cases: Case[] = [
    {
      name: "feed newest page",
      target: 2,
      drizzle: feed({ limit: 20 }),
      raw: () => rawFeed(raw, { viewer, order: "created_at" }),
    },
    {
      name: "feed top page",
      target: 2,
      drizzle: feed({ sort: "top", limit: 20 }),
      raw: () => rawFeed(raw, { viewer, order: "like_count" }),
    },
    {
      name: "feed trending page",
      target: 20,
      drizzle: feed({ sort: "trending", limit: 20 }),
      raw: () => rawFeed(raw, { viewer, order: "trending_score" }),
    },
    {
      name: "feed newest, genre filter",
      target: 2,
      drizzle: feed({ genre: "Jazz", limit: 20 }),
      raw: () => rawFeed(raw, { viewer, order: "created_at", genre: "Jazz" }),
    },
    {
      name: "feed top, mood filter",
      target: 2,
      drizzle: feed({ sort: "top", mood: "Dreamy", limit: 20 }),
      raw: () => rawFeed(raw, { viewer, order: "like_count", mood: "Dreamy" }),
    },
    {
      name: "feed newest, genre + mood",
      target: 2,
      drizzle: feed({ genre: "Jazz", mood: "Dreamy", limit: 20 }),
      raw: () => rawFeed(raw, { viewer, order: "created_at", genre: "Jazz", mood: "Dreamy" }),
    },
    {
      name: "feed trending, genre filter",
      target: 20,
      drizzle: feed({ sort: "trending", genre: "Rock", limit: 20 }),
      raw: () => rawFeed(raw, { viewer, order: "trending_score", genre: "Rock" }),
    },
    {
      name: "feed newest, 1000 pages deep",
      target: 2,
      drizzle: feed({
        cursor: encodeCursor(["new", deep!.created_at.toISOString(), deep!.id]),
        limit: 20,
      }),
      raw: () => rawFeed(raw, { viewer, order: "created_at", after: [deep!.created_at, deep!.id] }),
    },
    {
      name: "feed top, 1000 pages deep",
      target: 2,
      drizzle: feed({
        sort: "top",
        cursor: encodeCursor(["top", deepTop!.like_count, deepTop!.id]),
        limit: 20,
      }),
      raw: () =>
        rawFeed(raw, { viewer, order: "like_count", after: [deepTop!.like_count, deepTop!.id] }),
    },
    {
      name: "search words 'ocean night' (common)",
      target: 20,
      drizzle: feed({ q: "ocean night", limit: 20 }),
      raw: rawSearch("ocean night"),
    },
    {
      name: "search word 'marmalade' (rare)",
      target: 20,
      drizzle: feed({ q: "marmalade", limit: 20 }),
      raw: rawSearch("marmalade"),
    },
    {
      name: "search word 'zebra' (no match)",
      target: 20,
      drizzle: feed({ q: "zebra", limit: 20 }),
      raw: rawSearch("zebra"),
    },
    {
      name: "search substring 'ight' (common)",
      target: 50,
      drizzle: feed({ q: "ight", limit: 20 }),
      raw: rawSearch("ight"),
    },
    {
      name: "search substring 'armalad' (rare)",
      target: 50,
      drizzle: feed({ q: "armalad", limit: 20 }),
      raw: rawSearch("armalad"),
    },
    {
      name: "search substring 'armalad', top",
      target: 50,
      drizzle: feed({ q: "armalad", sort: "top", limit: 20 }),
      raw: rawSearch("armalad", "like_count"),
    },
    {
      name: "profile page (public songs, newest)",
      target: 5,
      drizzle: () =>
        listSongsByOwner(handle.db, profile!.owner_id, {
          viewerId: viewer,
          publicOnly: true,
          limit: 20,
        }),
      raw: () => rawProfilePage(raw, profile!.owner_id, viewer),
    },
    {
      name: `following feed page (follows ${followed.toLocaleString("en")} creators, ${reposts.toLocaleString("en")} reposts)`,
      target: 5,
      drizzle: () => getFollowingFeed(handle.db, { viewerId: viewer, limit: 20 }),
      raw: () => rawFollowingFeed(raw, viewer),
    },
    {
      // The same page beside the query as it was before the walk (migration 0011): what the
      // walk over everyone's newest songs saves, measured in the same run.
      name: `following feed page (follows ${followed.toLocaleString("en")} creators, ${reposts.toLocaleString("en")} reposts), vs probing each followee`,
      target: 5,
      drizzle: () => getFollowingFeed(handle.db, { viewerId: viewer, limit: 20 }),
      raw: () => rawFollowingFeed(raw, viewer, "probe each followee"),
      baselineName: "raw postgres.js probing each followee (before migration 0011)",
    },
    {
      name: `following feed page (follows ${fewFollowed} creators), vs probing each followee`,
      target: 5,
      drizzle: () => getFollowingFeed(handle.db, { viewerId: fewFollower, limit: 20 }),
      raw: () => rawFollowingFeed(raw, fewFollower, "probe each followee"),
      baselineName: "raw postgres.js probing each followee (before migration 0011)",
    },
    {
      name: "playlist of 1000 songs",
      target: 5,
      drizzle: () => getPlaylist(handle.db, { id: thousand!.id, viewerId: viewer }),
      raw: () => rawPlaylist(raw, thousand!.id, viewer),
    },
    {
      name: "playlist of 1000 songs, first page of 100",
      target: 5,
      drizzle: () => getPlaylist(handle.db, { id: thousand!.id, viewerId: viewer }, { limit: 100 }),
      raw: () => rawPlaylist(raw, thousand!.id, viewer, 100),
    },
    {
      name: `${pagedName} (the owner's), first page of ${PLAYLIST_PAGE}`,
      target: 5,
      drizzle: () =>
        getPlaylist(handle.db, { id: paged.id, viewerId: viewer }, { limit: PLAYLIST_PAGE }),
      raw: () => rawPlaylist(raw, paged.id, viewer, PLAYLIST_PAGE),
    },
    {
      // The same page beside the query as it was before the counter (migration 0008): what the
      // counter saves, measured in the same run.
      name: `${pagedName} (the owner's), first page of ${PLAYLIST_PAGE}, vs counting song by song`,
      target: 5,
      drizzle: () =>
        getPlaylist(handle.db, { id: paged.id, viewerId: viewer }, { limit: PLAYLIST_PAGE }),
      raw: () => rawPlaylist(raw, paged.id, viewer, PLAYLIST_PAGE, null, "song by song"),
      baselineName: "raw postgres.js counting song by song (before migration 0008)",
    },
    {
      name: `${pagedName}, first page of ${PLAYLIST_PAGE}, another reader`,
      target: 5,
      drizzle: () =>
        getPlaylist(handle.db, { id: paged.id, viewerId: "scale_u_2" }, { limit: PLAYLIST_PAGE }),
      raw: () => rawPlaylist(raw, paged.id, "scale_u_2", PLAYLIST_PAGE),
    },
    {
      name: `${pagedName} (the owner's), last page of ${PLAYLIST_PAGE}`,
      target: 5,
      drizzle: () =>
        getPlaylist(
          handle.db,
          { id: paged.id, viewerId: viewer },
          { cursor: paged.lastPage[viewer], limit: PLAYLIST_PAGE },
        ),
      raw: () => rawPlaylist(raw, paged.id, viewer, PLAYLIST_PAGE, paged.deepKey),
    },
    {
      name: `${pagedName}, last page of ${PLAYLIST_PAGE}, another reader`,
      target: 5,
      drizzle: () =>
        getPlaylist(
          handle.db,
          { id: paged.id, viewerId: "scale_u_2" },
          { cursor: paged.lastPage.scale_u_2, limit: PLAYLIST_PAGE },
        ),
      raw: () => rawPlaylist(raw, paged.id, "scale_u_2", PLAYLIST_PAGE, paged.deepKey),
    },
  ];

  const table = [];
  // --only <text>: just the cases whose name contains it.
  for (const c of cases.filter((c) => !args.only || c.name.includes(args.only))) {
    const iterations = c.target >= 5 ? Math.ceil(ITERATIONS / 3) : ITERATIONS;
    for (let i = 0; i < 30; i++) {
      await c.drizzle();
      await c.raw();
    }
    const drizzleTimes: number[] = [];
    const rawTimes: number[] = [];
    // Interleaved so that noise from the shared machine hits both sides alike.
    for (let i = 0; i < iterations; i++) {
      drizzleTimes.push(await time(c.drizzle));
      rawTimes.push(await time(c.raw));
    }
    const d = percentile(drizzleTimes, 0.5);
    const r = percentile(rawTimes, 0.5);
    table.push({
      query: c.name,
      "median ms": d.toFixed(3),
      "raw ms": r.toFixed(3),
      baseline: c.baselineName ?? "raw postgres.js",
      ratio: (d / r).toFixed(2),
      "p95 ms": percentile(drizzleTimes, 0.95).toFixed(3),
      runs: iterations,
      target: `< ${c.target} ms`,
      met: d < c.target ? "yes" : "NO",
    });
    bench(`${c.name} (${scale})`, d, "ms", r, `< ${c.target} ms`, c.baselineName);
  }
  console.log(
    `\n@harmoniq/db read paths — ${songs.toLocaleString("en")} songs on PostgreSQL` +
      (seedMs === null ? " (existing database)" : `, seeded in ${(seedMs / 1000).toFixed(1)} s`),
  );
  console.table(table);
  await printDiskCost(raw, scale);
} finally {
  await raw.end({ timeout: 5 });
  await handle.close();
  if (fresh) await admin.unsafe(`drop database if exists "${fresh}" with (force)`);
  await admin.end({ timeout: 5 });
}

/**
 * Makes `viewer` follow `count` creators who have public songs (spread over the users by a
 * hash, so not only the oldest accounts); kept when the database is reused. Returns how many
 * creators the viewer follows.
 */
async function followCreators(viewer: string, count: number): Promise<number> {
  await raw`
    insert into follows (follower_id, followee_id)
    select ${viewer}, u.id from "user" u
    where u.id like 'scale_u_%' and u.id <> ${viewer}
      and exists (select 1 from songs s where s.owner_id = u.id and s.is_public)
    order by hashtext(u.id) limit ${count}
    on conflict do nothing`;
  await raw`vacuum analyze follows`;
  const [row] = await raw<{ n: number }[]>`
    select count(*)::int as n from follows where follower_id = ${viewer}`;
  return row!.n;
}

/**
 * Makes each creator the viewer follows repost `perCreator` songs of other people, at times
 * spread over the last 30 days (so that reposts and new songs share the feed's first pages).
 * The songs are picked at random, private ones included as the table holds them (a song made
 * private after it was reposted), which the feed must skip. Kept when the database is reused. Returns the reposts the followed creators
 * have made.
 */
async function repostAsFollowed(viewer: string, perCreator: number): Promise<number> {
  await raw`
    insert into song_reposts (user_id, song_id, created_at)
    select f.followee_id, s.id, now() - random() * interval '30 days'
    from follows f
    cross join generate_series(1, ${perCreator}) k
    join lateral (
      select id from songs
      where id >= (md5(f.followee_id || k)::uuid) and owner_id <> f.followee_id
      order by id limit 1) s on true
    where f.follower_id = ${viewer}
      and not exists (select 1 from song_reposts r where r.user_id = f.followee_id)
    on conflict do nothing`;
  await raw`vacuum analyze song_reposts`;
  const [row] = await raw<{ n: number }[]>`
    select count(*)::int as n from song_reposts r join follows f on f.followee_id = r.user_id
    where f.follower_id = ${viewer}`;
  return row!.n;
}

/**
 * The viewer's public playlist of `size` songs picked all over the table, public and private
 * (someone else's private song is in it but hidden from its readers, as when a song is made
 * private after it was added), made once and kept when the database is reused. Returns it with the key and index a cursor to its last page carries. Inserted directly,
 * as an import would: the app's own limit per playlist is LIMITS.playlistSongsMax.
 */
async function pagedPlaylist(owner: string, size: number) {
  const name = `Bench paged ${size}`;
  let [playlist] = await raw<{ id: string }[]>`
    select id from playlists where owner_id = ${owner} and name = ${name} limit 1`;
  if (!playlist) {
    const keys = generateNKeysBetween(null, null, size);
    playlist = await raw.begin(async (tx) => {
      const [made] = await tx<{ id: string }[]>`
        insert into playlists (owner_id, name, is_public) values (${owner}, ${name}, true)
        returning id`;
      await tx`
        with picked as (
          select id, row_number() over (order by hashtext(id::text), id) as ord from songs
          order by hashtext(id::text), id limit ${size}
        )
        insert into playlist_songs (playlist_id, song_id, position)
        select ${made!.id}, p.id, k.key
        from picked p
        join unnest(${tx.array(keys)}::text[]) with ordinality as k(key, ord) on k.ord = p.ord`;
      return made!;
    });
    await raw`vacuum analyze playlist_songs`;
  }
  const [stored] = await raw<{ n: number }[]>`
    select count(*)::int as n from playlist_songs where playlist_id = ${playlist!.id}`;
  console.log(`  paged playlist: ${stored!.n} songs`);
  const [deep] = await raw<{ position: string }[]>`
    select position from playlist_songs where playlist_id = ${playlist!.id}
    order by position desc offset ${PLAYLIST_PAGE} limit 1`;
  /** The cursor a reader gets to the last page: key, index of its first song, songCount. */
  const lastPageCursor = async (reader: string) => {
    const [seen] = await raw<{ before: number; total: number }[]>`
      select count(*) filter (where e.position <= ${deep!.position})::int as before,
             count(*)::int as total
      from playlist_songs e join songs s on s.id = e.song_id
      where e.playlist_id = ${playlist!.id} and (s.is_public or s.owner_id = ${reader})`;
    return encodeCursor([deep!.position, seen!.before, seen!.total]);
  };
  return {
    id: playlist!.id,
    deepKey: deep!.position,
    lastPage: {
      [owner]: await lastPageCursor(owner),
      scale_u_2: await lastPageCursor("scale_u_2"),
    },
  };
}

interface Case {
  name: string;
  target: number;
  drizzle: () => Promise<unknown>;
  raw: () => Promise<unknown>;
  /** What `raw` runs, when it is not the same SQL by hand. */
  baselineName?: string;
}

async function seedIfEmpty(db: DatabaseHandle): Promise<number | null> {
  const [any] = await raw<
    { n: number }[]
  >`select count(*)::int as n from (select 1 from songs limit 1) s`;
  if (any!.n > 0) return null;
  const started = performance.now();
  await seedAtScale(db.db, { songs: SONGS, onProgress: (m) => console.log(`  seed: ${m}`) });
  // The seed already writes the scores; this is what the background job would do.
  await refreshTrendingScores(db.db);
  await raw`vacuum analyze songs`;
  return performance.now() - started;
}

/** Bytes on disk (heap, TOAST and every index) per row of the main tables. */
async function printDiskCost(sql: postgres.Sql, scale: string) {
  const rows = await sql<{ table: string; rows: number; total: number; indexes: number }[]>`
    select c.relname as table, c.reltuples::float8 as rows,
           pg_total_relation_size(c.oid)::float8 as total, pg_indexes_size(c.oid)::float8 as indexes
    from pg_class c
    where c.relname in ('songs', 'song_likes', 'song_plays', 'song_comments', 'playlist_songs', 'user')
      and c.relkind = 'r'`;
  console.table(
    rows.map((r) => ({
      table: r.table,
      rows: Math.round(r.rows),
      "total MB": (r.total / 2 ** 20).toFixed(1),
      "indexes MB": (r.indexes / 2 ** 20).toFixed(1),
      "bytes/row": Math.round(r.total / Math.max(1, r.rows)),
      "index bytes/row": Math.round(r.indexes / Math.max(1, r.rows)),
    })),
  );
  for (const r of rows) {
    bench(`disk per row, ${r.table} incl. indexes (${scale})`, r.total / r.rows, "bytes");
  }
}

function bench(
  name: string,
  value: number,
  unit: string,
  baseline: number | null = null,
  target: string | null = null,
  baselineName = "raw postgres.js",
) {
  printBenchRow({
    suite: "db",
    name,
    value,
    unit,
    baseline,
    baselineName,
    target,
  });
}

function scaleLabel(n: number) {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  if (n >= 1000 && n % 1000 === 0) return `${n / 1000}k`;
  return `${n} songs`;
}

async function time(fn: () => Promise<unknown>) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}
