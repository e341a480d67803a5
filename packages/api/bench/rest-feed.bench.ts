// The REST surface's cost: GET /api/v1/songs against song.feed through /api/trpc (the baseline),
// both in process on the same PostgreSQL database with BENCH_SONGS songs, requests one at a
// time and interleaved, in the same run. Also: the output validation `.output()` added to the
// feed (songPageOutput.parse of one page), and REST outside production, where trpc-to-openapi
// regenerates the OpenAPI document on every request.
//   pnpm --filter @harmoniq/api exec tsx bench/rest-feed.bench.ts   (BENCH_DATABASE_URL, BENCH_SONGS)
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDb, getFeed, migrate } from "@harmoniq/db";
import { seedAtScale } from "@harmoniq/db/seed";
import postgres from "postgres";
import { printBenchRow } from "@harmoniq/db/bench/report";
import { songPageOutput } from "../src/rest/schemas";
import { createApiServer } from "../src/server";

const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SONGS = Number(process.env.BENCH_SONGS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);

const name = `hq_bench_rest_${randomBytes(4).toString("hex")}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}"`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const dataDir = mkdtempSync(path.join(tmpdir(), "hq-bench-rest-"));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

async function timed(fn: () => Promise<unknown>) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

try {
  const seeding = await createDb({ url: url.toString(), max: 2 });
  await migrate(seeding);
  await seedAtScale(seeding.db, { songs: SONGS });
  await seeding.close();

  // trpc-to-openapi reads NODE_ENV on every request (see below).
  const env = process.env as Record<string, string | undefined>;
  const previousEnv = env.NODE_ENV;
  env.NODE_ENV = "production";
  const api = await createApiServer({
    NODE_ENV: "production",
    DATABASE_URL: url.toString(),
    BETTER_AUTH_SECRET: "bench-secret-bench-secret-bench-secret-00",
    HARMONIQ_DATA_DIR: dataDir,
    HARMONIQ_BASE_URL: "http://127.0.0.1:3903",
  });
  const origin = "http://127.0.0.1:3903";
  const trpcUrl = `${origin}/api/trpc/song.feed?input=${encodeURIComponent(JSON.stringify({ json: { limit: 20 } }))}`;
  const restUrl = `${origin}/api/v1/songs?limit=20`;
  const trpc = async () => {
    const res = await api.handleTrpc(new Request(trpcUrl));
    if (res.status !== 200) throw new Error(`tRPC ${res.status}`);
    await res.text();
  };
  const rest = async () => {
    const res = await api.handleRest(new Request(restUrl));
    if (res.status !== 200) throw new Error(`REST ${res.status}`);
    await res.text();
  };

  for (let i = 0; i < 30; i++) {
    await trpc();
    await rest();
  }
  const times = { trpc: [] as number[], rest: [] as number[], restDev: [] as number[] };
  for (let i = 0; i < ROUNDS; i++) {
    times.trpc.push(await timed(trpc));
    times.rest.push(await timed(rest));
  }
  // Outside production the library validates the router (builds the document) per request.
  env.NODE_ENV = "development";
  for (let i = 0; i < Math.min(ROUNDS, 50); i++) times.restDev.push(await timed(rest));
  env.NODE_ENV = previousEnv;

  const page = await getFeed(api.db, { limit: 20, viewerId: null });
  const parseTimes: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const start = performance.now();
    songPageOutput.parse(page);
    parseTimes.push(performance.now() - start);
  }

  const [t, r, d, p] = [
    median(times.trpc),
    median(times.rest),
    median(times.restDev),
    median(parseTimes),
  ];
  console.log(
    `\nREST vs tRPC, song.feed (20 items) over ${SONGS.toLocaleString("en")} songs, ${ROUNDS} requests each, median ms`,
  );
  console.table({
    "tRPC /api/trpc/song.feed": t.toFixed(3),
    "REST GET /api/v1/songs (production)": r.toFixed(3),
    "REST GET /api/v1/songs (development)": d.toFixed(3),
    "output validation of one page": p.toFixed(4),
  });
  printBenchRow({
    suite: "api",
    name: "REST GET /api/v1/songs median latency (in process)",
    value: r,
    unit: "ms",
    baseline: t,
    baselineName: "song.feed via /api/trpc",
    target: "≤ 1.2× tRPC",
  });
  printBenchRow({
    suite: "api",
    name: "song.feed output validation (one 20-item page)",
    value: p,
    unit: "ms",
    baseline: t,
    baselineName: "song.feed via /api/trpc (whole request)",
  });
  await api.close();
} finally {
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end({ timeout: 5 });
  rmSync(dataDir, { recursive: true, force: true });
}
