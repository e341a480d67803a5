// Server-rendered Discover under load, on PostgreSQL with 100k songs (BENCH_SONGS), beside
// its baseline from the same server and run: the song.feed API call that fetches the same
// data. The ratio is what rendering the page costs on top of the data.
//   pnpm --filter @harmoniq/web bench:discover      (BENCH_DATABASE_URL, BENCH_SECONDS)
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createDb, migrate } from "@harmoniq/db";
import { seedAtScale } from "@harmoniq/db/seed";
import { printBenchRow } from "@harmoniq/db/bench/report";
import postgres from "postgres";

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SONGS = Number(process.env.BENCH_SONGS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 20;
const port = 3400;
const base = `http://localhost:${port}`;
const run = promisify(execFile);

const name = `hq_bench_web_${randomBytes(4).toString("hex")}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}"`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
let server: ReturnType<typeof spawn> | undefined;
try {
  const handle = await createDb({ url: url.toString(), max: 2 });
  await migrate(handle);
  await seedAtScale(handle.db, { songs: SONGS });
  await handle.close();

  server = spawn("node", [path.join(web, "e2e", "serve.mjs")], {
    cwd: web,
    env: { ...process.env, E2E_PORT: String(port), DATABASE_URL: url.toString() },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; ; i++) {
    if (i > 600) throw new Error("the server did not start");
    if (
      await fetch(`${base}/sign-in`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 500));
  }

  const feed = `${base}/api/trpc/song.feed?input=${encodeURIComponent(JSON.stringify({ json: { limit: 24 } }))}`;
  const rows = [];
  for (const [label, target] of [
    ["song.feed (the page's data, baseline)", feed],
    ["Discover page, server-rendered", `${base}/`],
  ] as const) {
    await autocannon(target, 3);
    rows.push({ label, ...(await autocannon(target, SECONDS)) });
  }
  const [baseline, page] = rows as [(typeof rows)[number], (typeof rows)[number]];
  console.log(
    `\n@harmoniq/web Discover under load — ${SONGS.toLocaleString("en")} songs on PostgreSQL, ${CONNECTIONS} connections, ${SECONDS} s`,
  );
  console.table(
    rows.map((r) => ({
      target: r.label,
      "requests/s": r.rps.toFixed(0),
      "p50 ms": r.p50,
      "p99 ms": r.p99,
      errors: r.errors,
      "vs baseline": (r.rps / baseline.rps).toFixed(2),
    })),
  );
  console.log(`Discover p99 ${page.p99} ms at ${page.rps.toFixed(0)} requests/s`);
  printBenchRow({
    suite: "web",
    name: `Discover server-rendered, throughput (${SONGS.toLocaleString("en")} songs)`,
    value: page.rps,
    unit: "req/s",
    baseline: baseline.rps,
    baselineName: "song.feed (the page's data)",
    ratio: page.rps / baseline.rps,
    target: "reported",
  });
  printBenchRow({
    suite: "web",
    name: "Discover server-rendered, p99 latency",
    value: page.p99,
    unit: "ms",
    baseline: baseline.p99,
    baselineName: "song.feed (the page's data)",
    ratio: page.p99 / baseline.p99,
    target: "reported",
  });
} finally {
  server?.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 1000));
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end({ timeout: 5 });
}

async function autocannon(target: string, seconds: number) {
  const bin = path.join(web, "node_modules", ".bin", "autocannon");
  const { stdout } = await run(
    bin,
    ["-c", String(CONNECTIONS), "-d", String(seconds), "-j", target],
    { maxBuffer: 16 * 1024 * 1024 },
  );
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
