// What users hit, under load, on PostgreSQL with 100k songs (BENCH_SONGS), every figure beside
// its baseline from the same run:
//   1. `song.feed` over HTTP at 50 connections through the production server that `pnpm start`
//      runs (server.mjs), against raw node:http + postgres.js running the same SQL. Printed
//      beside it: the API's own node:http adapter (the figure packages/api's bench reports) and
//      plain `next start` with the anonymous cache off (how the app was deployed before).
//   2. Discover server-rendered at 20 connections through the same server, against the page's
//      own data request (song.feed with the page's input) on that server.
// Anonymous visitors are what the targets are about (the feed and Discover are public pages);
// signed-in figures, which no cache ever serves, are printed beside them too.
//   pnpm --filter @harmoniq/web bench:deployed     (BENCH_DATABASE_URL, BENCH_SONGS, BENCH_SECONDS)
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { serveFetch } from "@harmoniq/api/http";
import { createApiServer } from "@harmoniq/api/server";
import { createDb, migrate } from "@harmoniq/db";
import { printBenchRow } from "@harmoniq/db/bench/report";
import { rawFeed } from "@harmoniq/db/bench/raw-feed";
import { seedAtScale } from "@harmoniq/db/seed";
import postgres from "postgres";
import { signUp, startDeployedServer } from "./deployed-server";

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SONGS = Number(process.env.BENCH_SONGS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const FEED_CONNECTIONS = 50;
const PAGE_CONNECTIONS = 20;
const run = promisify(execFile);
const trpcGet = (base: string, proc: string, input: unknown) =>
  `${base}/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
// The feed as packages/api's bench asks for it, and Discover's own first request (lib/feed.ts).
const FEED_INPUT = { limit: 20 };
const DISCOVER_INPUT = { sort: "new", limit: 12 };

type Result = Awaited<ReturnType<typeof autocannon>> & { label: string };
const results: Result[] = [];
async function measure(label: string, target: string, connections: number, headers = {}) {
  await autocannon(target, 3, connections, headers); // warm-up
  const result = { label, ...(await autocannon(target, SECONDS, connections, headers)) };
  results.push(result);
  console.log(
    `  ${label}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors}`,
  );
  return result;
}

const name = `hq_bench_deployed_${randomBytes(4).toString("hex")}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}"`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const dataDir = mkdtempSync(path.join(tmpdir(), "hq-bench-deployed-"));
const closers: (() => Promise<void>)[] = [];

try {
  const seeding = await createDb({ url: url.toString(), max: 2 });
  await migrate(seeding);
  await seedAtScale(seeding.db, { songs: SONGS });
  await seeding.close();
  console.log(`seeded ${SONGS.toLocaleString("en")} songs`);

  // The baseline: plain node:http and postgres.js, the same SQL, plain JSON.
  const raw = postgres(url.toString(), { max: 10, onnotice: () => {} });
  closers.push(() => raw.end({ timeout: 5 }));
  const rawServer = createServer((req, res) => {
    rawFeed(raw, { viewer: "", order: "created_at" })
      .then((rows) =>
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ items: rows.slice(0, 20) })),
      )
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((done) => rawServer.listen(3932, "127.0.0.1", done));
  closers.push(() => new Promise((done) => rawServer.close(() => done())));
  const rawResult = await measure(
    "raw node:http + postgres.js (baseline)",
    "http://127.0.0.1:3932/feed",
    FEED_CONNECTIONS,
  );

  // The API's own node:http adapter, in this process, no cache: the figure packages/api reports.
  const api = await createApiServer({
    NODE_ENV: "production",
    DATABASE_URL: url.toString(),
    BETTER_AUTH_SECRET: "bench-secret-bench-secret-bench-secret-00",
    HARMONIQ_DATA_DIR: dataDir,
    HARMONIQ_BASE_URL: "http://127.0.0.1:3931",
    HARMONIQ_ANONYMOUS_CACHE_MS: "0",
  });
  const adapter = await serveFetch((req) => api.handleTrpc(req), 3931);
  const adapterResult = await measure(
    "song.feed, API node adapter (no Next.js, no cache)",
    trpcGet(adapter.url, "song.feed", FEED_INPUT),
    FEED_CONNECTIONS,
  );
  await adapter.close();
  await api.close();

  // Before: plain `next start`, anonymous cache off.
  const before = await startServer(3421, "next-start", { HARMONIQ_ANONYMOUS_CACHE_MS: "0" });
  const beforeFeed = await measure(
    "song.feed, `next start` (before: Next.js routing, no cache)",
    trpcGet(before.base, "song.feed", FEED_INPUT),
    FEED_CONNECTIONS,
  );
  const beforeData = await measure(
    "Discover's data request, `next start` (before)",
    trpcGet(before.base, "song.feed", DISCOVER_INPUT),
    PAGE_CONNECTIONS,
  );
  const beforePage = await measure(
    "Discover page, `next start` (before)",
    `${before.base}/`,
    PAGE_CONNECTIONS,
  );
  await before.stop();

  // The production entry alone, anonymous cache and session cache off: what skipping Next.js
  // routing is worth, and signed-in figures as they were before the session cache.
  const entryOnly = await startServer(3423, "pnpm-start", {
    HARMONIQ_ANONYMOUS_CACHE_MS: "0",
    HARMONIQ_SESSION_CACHE_MS: "0",
  });
  const entryFeed = await measure(
    "song.feed, `pnpm start` with HARMONIQ_ANONYMOUS_CACHE_MS=0",
    trpcGet(entryOnly.base, "song.feed", FEED_INPUT),
    FEED_CONNECTIONS,
  );
  const noSessionCookie = await signUp(entryOnly.base);
  const noSessionFeed = await measure(
    "song.feed, `pnpm start`, signed in, HARMONIQ_SESSION_CACHE_MS=0 (before)",
    trpcGet(entryOnly.base, "song.feed", FEED_INPUT),
    FEED_CONNECTIONS,
    { cookie: noSessionCookie },
  );
  const noSessionData = await measure(
    "Discover's data request, `pnpm start`, signed in, HARMONIQ_SESSION_CACHE_MS=0 (before)",
    trpcGet(entryOnly.base, "song.feed", DISCOVER_INPUT),
    PAGE_CONNECTIONS,
    { cookie: noSessionCookie },
  );
  const noSessionPage = await measure(
    "Discover page, `pnpm start`, signed in, HARMONIQ_SESSION_CACHE_MS=0 (before)",
    `${entryOnly.base}/`,
    PAGE_CONNECTIONS,
    { cookie: noSessionCookie },
  );
  await entryOnly.stop();

  // After: what `pnpm start` runs, with its defaults.
  const after = await startServer(3422, "pnpm-start", {});
  const cookie = await signUp(after.base);
  const feed = await measure(
    "song.feed, `pnpm start` (deployed), anonymous",
    trpcGet(after.base, "song.feed", FEED_INPUT),
    FEED_CONNECTIONS,
  );
  const feedSignedIn = await measure(
    "song.feed, `pnpm start` (deployed), signed in (never cached)",
    trpcGet(after.base, "song.feed", FEED_INPUT),
    FEED_CONNECTIONS,
    { cookie },
  );
  const data = await measure(
    "Discover's data request, `pnpm start`, anonymous",
    trpcGet(after.base, "song.feed", DISCOVER_INPUT),
    PAGE_CONNECTIONS,
  );
  const page = await measure(
    "Discover page, `pnpm start`, anonymous",
    `${after.base}/`,
    PAGE_CONNECTIONS,
  );
  const dataSignedIn = await measure(
    "Discover's data request, `pnpm start`, signed in (never cached)",
    trpcGet(after.base, "song.feed", DISCOVER_INPUT),
    PAGE_CONNECTIONS,
    { cookie },
  );
  const pageSignedIn = await measure(
    "Discover page, `pnpm start`, signed in (never cached)",
    `${after.base}/`,
    PAGE_CONNECTIONS,
    { cookie },
  );
  await after.stop();

  console.log(
    `\n@harmoniq/web on the deployed path — ${SONGS.toLocaleString("en")} songs on PostgreSQL, ${SECONDS} s each (feed ${FEED_CONNECTIONS} connections, pages ${PAGE_CONNECTIONS})`,
  );
  console.table(
    results.map((r) => ({
      measure: r.label,
      "requests/s": r.rps.toFixed(0),
      "p50 ms": r.p50,
      "p99 ms": r.p99,
      errors: r.errors,
      "vs raw": r.label.includes("Discover") ? "" : (r.rps / rawResult.rps).toFixed(2),
    })),
  );

  const feedRow = (label: string, r: Result, target: string | null) =>
    printBenchRow({
      suite: "web",
      name: `song.feed over HTTP, ${label}, throughput (${FEED_CONNECTIONS} connections, ${SONGS.toLocaleString("en")} songs)`,
      value: r.rps,
      unit: "req/s",
      baseline: rawResult.rps,
      baselineName: "raw node:http + postgres.js",
      target,
    });
  feedRow("`pnpm start` (deployed), anonymous", feed, "≥ 0.6× raw");
  printBenchRow({
    suite: "web",
    name: "song.feed over HTTP, `pnpm start` (deployed), anonymous, p99 latency",
    value: feed.p99,
    unit: "ms",
    baseline: rawResult.p99,
    baselineName: "raw node:http + postgres.js",
    target: "≤ 100 ms",
  });
  feedRow("`pnpm start`, signed in (uncached)", feedSignedIn, "reported");
  feedRow("`pnpm start`, signed in, session cache off (before)", noSessionFeed, "reported");
  feedRow("API node adapter (old bench figure)", adapterResult, "reported");
  feedRow("`next start`, no cache (before)", beforeFeed, "reported");
  feedRow("`pnpm start`, cache off (the entry alone)", entryFeed, "reported");
  printBenchRow({
    suite: "web",
    name: "song.feed over HTTP, signed in / adapter / `next start` p99",
    value: feedSignedIn.p99,
    unit: "ms",
    baseline: adapterResult.p99,
    baselineName: `API node adapter; \`next start\` before: ${beforeFeed.p99} ms`,
    target: "reported",
  });
  const pageRow = (label: string, p: Result, d: Result, target: string | null) => {
    printBenchRow({
      suite: "web",
      name: `Discover server-rendered, ${label}, throughput (${SONGS.toLocaleString("en")} songs)`,
      value: p.rps,
      unit: "req/s",
      baseline: d.rps,
      baselineName: "song.feed with the page's input, same server",
      target,
    });
    printBenchRow({
      suite: "web",
      name: `Discover server-rendered, ${label}, p99 latency`,
      value: p.p99,
      unit: "ms",
      baseline: d.p99,
      baselineName: "song.feed with the page's input, same server",
      target: target ? "≤ 150 ms" : "reported",
    });
  };
  pageRow("`pnpm start`, anonymous", page, data, "≥ 0.6× its data request");
  pageRow("`pnpm start`, signed in (uncached)", pageSignedIn, dataSignedIn, null);
  pageRow(
    "`pnpm start`, signed in, session cache off (before)",
    noSessionPage,
    noSessionData,
    null,
  );
  pageRow("`next start`, no cache (before)", beforePage, beforeData, null);
  const feedMet = feed.rps / rawResult.rps >= 0.6 && feed.p99 <= 100;
  const pageMet = page.rps / data.rps >= 0.6 && page.p99 <= 150;
  console.log(
    `targets: feed ≥ 0.6× raw with p99 ≤ 100 ms → ${feedMet ? "met" : "NOT met"}; Discover ≥ 0.6× its data with p99 ≤ 150 ms → ${pageMet ? "met" : "NOT met"}`,
  );
} finally {
  for (const close of closers.reverse()) await close().catch(() => {});
  await new Promise((r) => setTimeout(r, 1000));
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end({ timeout: 5 });
  rmSync(dataDir, { recursive: true, force: true });
}

/** The production build through e2e/serve.mjs, on this bench's database. */
async function startServer(
  port: number,
  kind: "pnpm-start" | "next-start",
  env: Record<string, string>,
) {
  const server = await startDeployedServer(port, kind, { ...env, DATABASE_URL: url.toString() });
  closers.push(server.stop);
  return server;
}

/** autocannon in a child process, so the load generator does not share this event loop. */
async function autocannon(
  target: string,
  seconds: number,
  connections: number,
  headers: Record<string, string> = {},
) {
  const bin = path.join(web, "node_modules", ".bin", "autocannon");
  const args = ["-c", String(connections), "-d", String(seconds), "-j"];
  for (const [key, value] of Object.entries(headers)) args.push("-H", `${key}=${value}`);
  const { stdout } = await run(bin, [...args, target], { maxBuffer: 16 * 1024 * 1024 });
  const r = JSON.parse(stdout) as {
    requests: { average: number };
    latency: { p50: number; p99: number };
    errors: number;
    non2xx: number;
  };
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.non2xx,
  };
}
