// Feed and search speed at scale on PostgreSQL: the storage functions (Drizzle, prepared)
// against the same queries written by hand for raw postgres.js, in the same run.
//   pnpm --filter @harmoniq/db bench          (BENCH_DATABASE_URL, BENCH_SONGS=100000)
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { createDb, migrate } from "../src/client";
import { getFeed } from "../src/storage/feed";
import { refreshTrendingScores } from "../src/storage/songs";
import { seedAtScale } from "../src/seed-scale";
import { rawFeed } from "./raw-feed";
import { encodeCursor } from "../src/storage/pagination";

const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SONGS = Number(process.env.BENCH_SONGS ?? 100_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 400);

const name = `hq_bench_${randomBytes(4).toString("hex")}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}"`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;

const handle = await createDb({ url: url.toString(), max: 4 });
const raw = postgres(url.toString(), { max: 4, onnotice: () => {} });

try {
  await migrate(handle);
  const seedStart = performance.now();
  await seedAtScale(handle.db, { songs: SONGS });
  await refreshTrendingScores(handle.db);
  await raw`vacuum analyze`;
  const seedMs = performance.now() - seedStart;

  const viewer = "scale_u_1";
  const [deep] = await raw<{ created_at: Date; id: string }[]>`
    select created_at, id from songs where is_public order by created_at desc, id desc offset 20000 limit 1`;
  const deepCursor = encodeCursor(["new", deep!.created_at.toISOString(), deep!.id]);

  const cases: {
    name: string;
    target: number;
    drizzle: () => Promise<unknown>;
    raw: () => Promise<unknown>;
  }[] = [
    {
      name: "feed, newest page",
      target: 2,
      drizzle: () => getFeed(handle.db, { viewerId: viewer, limit: 20 }),
      raw: () => rawFeed(raw, { viewer, order: "created_at" }),
    },
    {
      name: "feed, top page",
      target: 2,
      drizzle: () => getFeed(handle.db, { viewerId: viewer, sort: "top", limit: 20 }),
      raw: () => rawFeed(raw, { viewer, order: "like_count" }),
    },
    {
      name: "feed, genre + mood filter",
      target: 2,
      drizzle: () =>
        getFeed(handle.db, { viewerId: viewer, genre: "Jazz", mood: "Dreamy", limit: 20 }),
      raw: () => rawFeed(raw, { viewer, order: "created_at", genre: "Jazz", mood: "Dreamy" }),
    },
    {
      name: "feed, 1000 pages deep (cursor)",
      target: 2,
      drizzle: () => getFeed(handle.db, { viewerId: viewer, cursor: deepCursor, limit: 20 }),
      raw: () => rawFeed(raw, { viewer, order: "created_at", after: [deep!.created_at, deep!.id] }),
    },
    {
      name: "text search, rare word 'zebra'",
      target: 20,
      drizzle: () => getFeed(handle.db, { viewerId: viewer, q: "zebra", limit: 20 }),
      raw: () => rawFeed(raw, { viewer, order: "created_at", tsquery: "zebra:*" }),
    },
    {
      name: "text search 'ocean night'",
      target: 20,
      drizzle: () => getFeed(handle.db, { viewerId: viewer, q: "ocean night", limit: 20 }),
      raw: () => rawFeed(raw, { viewer, order: "created_at", tsquery: "ocean:* & night:*" }),
    },
  ];

  const rows = [];
  for (const c of cases) {
    for (let i = 0; i < 50; i++) {
      await c.drizzle();
      await c.raw();
    }
    const drizzleTimes: number[] = [];
    const rawTimes: number[] = [];
    // Interleaved so that noise from the shared machine hits both sides alike.
    for (let i = 0; i < ITERATIONS; i++) {
      drizzleTimes.push(await time(c.drizzle));
      rawTimes.push(await time(c.raw));
    }
    const d = median(drizzleTimes);
    const r = median(rawTimes);
    rows.push({
      query: c.name,
      "drizzle median ms": d.toFixed(3),
      "raw median ms": r.toFixed(3),
      "ratio (drizzle/raw)": (d / r).toFixed(2),
      "drizzle p95 ms": percentile(drizzleTimes, 0.95).toFixed(3),
      target: `< ${c.target} ms, ≤ 1.5×`,
      met: d < c.target && d / r <= 1.5 ? "yes" : "NO",
    });
  }
  console.log(
    `\n@harmoniq/db feed benchmark — ${SONGS.toLocaleString("en")} songs on PostgreSQL, seeded in ${(seedMs / 1000).toFixed(1)} s, ${ITERATIONS} runs each`,
  );
  console.table(rows);
} finally {
  await raw.end({ timeout: 5 });
  await handle.close();
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end({ timeout: 5 });
}

async function time(fn: () => Promise<unknown>) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}
function median(values: number[]) {
  return percentile(values, 0.5);
}
function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}
