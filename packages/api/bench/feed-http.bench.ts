// song.feed over HTTP on PostgreSQL with 100k songs, 50 connections (autocannon in its own
// process), against a raw node:http + postgres.js server running the same SQL, in the same run.
//   pnpm --filter @harmoniq/api bench      (BENCH_DATABASE_URL, BENCH_SONGS, BENCH_SECONDS)
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createDb, migrate } from "@harmoniq/db";
import { seedAtScale } from "@harmoniq/db/seed";
import { rawFeed } from "@harmoniq/db/bench/raw-feed";
import postgres from "postgres";
import { serveFetch } from "../src/http/node-adapter";
import { createApiServer } from "../src/server";
import { printBenchRow } from "@harmoniq/db/bench/report";

const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SONGS = Number(process.env.BENCH_SONGS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const run = promisify(execFile);

const name = `hq_bench_api_${randomBytes(4).toString("hex")}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}"`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const dataDir = mkdtempSync(path.join(tmpdir(), "hq-bench-api-"));
const closers: (() => Promise<void>)[] = [];

try {
  const seeding = await createDb({ url: url.toString(), max: 2 });
  await migrate(seeding);
  const seeded = await seedAtScale(seeding.db, { songs: SONGS });
  await seeding.close();

  const api = await createApiServer({
    NODE_ENV: "production",
    DATABASE_URL: url.toString(),
    BETTER_AUTH_SECRET: "bench-secret-bench-secret-bench-secret-00",
    HARMONIQ_DATA_DIR: dataDir,
    HARMONIQ_BASE_URL: "http://127.0.0.1:3901",
  });
  const raw = postgres(url.toString(), { max: 10, onnotice: () => {} });

  const trpcServer = await serveFetch((req) => api.handleTrpc(req), 3901);
  closers.push(trpcServer.close);
  // The baseline: plain node:http and postgres.js, the same SQL, plain JSON.
  const rawServer = createServer((req, res) => {
    rawFeed(raw, { viewer: "", order: "created_at" })
      .then((rows) =>
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ items: rows.slice(0, 20) })),
      )
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((done) => rawServer.listen(3902, "127.0.0.1", done));
  closers.push(() => new Promise((done) => rawServer.close(() => done())));

  const feedPath = `/api/trpc/song.feed?input=${encodeURIComponent(JSON.stringify({ json: { limit: 20 } }))}`;
  const results = [];
  for (const [label, target] of [
    ["raw node:http + postgres.js", "http://127.0.0.1:3902/feed"],
    ["song.feed via tRPC (fetch adapter)", `${trpcServer.url}${feedPath}`],
  ] as const) {
    await autocannon(target, 3); // warm-up
    results.push({ label, ...(await autocannon(target, SECONDS)) });
  }
  const [base, trpc] = results as [(typeof results)[number], (typeof results)[number]];
  console.log(
    `\n@harmoniq/api feed over HTTP — ${seeded.songs.toLocaleString("en")} songs on PostgreSQL, ${CONNECTIONS} connections, ${SECONDS} s each`,
  );
  console.table(
    results.map((r) => ({
      server: r.label,
      "requests/s": r.rps.toFixed(0),
      "p50 ms": r.p50,
      "p99 ms": r.p99,
      errors: r.errors,
      "throughput vs raw": (r.rps / base.rps).toFixed(2),
    })),
  );
  printBenchRow({
    suite: "api",
    name: `song.feed over HTTP, throughput (${CONNECTIONS} connections)`,
    value: trpc.rps,
    unit: "req/s",
    baseline: base.rps,
    baselineName: "raw node:http + postgres.js",
    ratio: trpc.rps / base.rps,
    target: "≥ 0.5× raw",
  });
  printBenchRow({
    suite: "api",
    name: "song.feed over HTTP, p99 latency",
    value: trpc.p99,
    unit: "ms",
    baseline: base.p99,
    baselineName: "raw node:http + postgres.js",
    ratio: trpc.p99 / base.p99,
    target: "< 100 ms",
  });
  console.log(
    `target: ≥ 0.50 of raw throughput with p99 < 100 ms → ${trpc.rps / base.rps >= 0.5 && trpc.p99 < 100 ? "met" : "NOT met"}`,
  );
  await raw.end({ timeout: 5 });
  await api.close();
} finally {
  for (const close of closers) await close();
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end({ timeout: 5 });
  rmSync(dataDir, { recursive: true, force: true });
}

/** autocannon in a child process, so the load generator does not share this event loop. */
async function autocannon(target: string, seconds: number) {
  const bin = path.join(
    path.dirname(new URL(import.meta.url).pathname),
    "..",
    "node_modules",
    ".bin",
    "autocannon",
  );
  const { stdout } = await run(
    bin,
    ["-c", String(CONNECTIONS), "-d", String(seconds), "-j", target],
    {
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const result = JSON.parse(stdout) as {
    requests: { average: number };
    latency: { p50: number; p99: number };
    errors: number;
    non2xx: number;
  };
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}
