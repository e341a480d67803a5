// The listening stream on the path users hit: `GET /api/songs/:id/stream` through the server
// `pnpm start` runs (server.mjs: the entry hands it to Next.js, whose route handler calls the
// API's stream handler), beside the same request through the API's own node:http adapter (what
// packages/api/bench/stream.bench.ts measures), both serving the same song's files from one data
// directory and one PostgreSQL database, requests alternating so that both see the same machine.
// Measured: the time to the first 64 KiB of a Range request (what a player needs to start),
// for the stored MP3 stream and for the WAV, and on an old song's first play (its MP3 removed,
// so the server encodes it as it sends it). Size, encode speed and loudness are the stream
// bench's (packages/api).
//   pnpm --filter @harmoniq/web bench:stream
//   (BENCH_DATABASE_URL, BENCH_STREAM_SEC, BENCH_REQUESTS, BENCH_FIRST_PLAYS)
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import superjson from "superjson";
import { routeApiRequest, serveFetch } from "@harmoniq/api/http";
import { createApiServer } from "@harmoniq/api/server";
import { createDb, migrate } from "@harmoniq/db";
import { printBenchRow } from "@harmoniq/db/bench/report";
import postgres from "postgres";
import { signUp, startDeployedServer } from "./deployed-server";

const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DURATION_SEC = Number(process.env.BENCH_STREAM_SEC ?? 120);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 30);
const FIRST_PLAYS = Number(process.env.BENCH_FIRST_PLAYS ?? 5);
const FIRST_BYTES = 64 * 1024;
const PORT = 3441;
const suite = "web";
// One secret for both servers, as two instances of one deployment share it.
const SECRET = "bench-secret-bench-secret-bench-secret-03";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

const name = `hq_bench_stream_${randomBytes(4).toString("hex")}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}"`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const dataDir = mkdtempSync(path.join(tmpdir(), "hq-bench-deployed-stream-"));
const closers: (() => Promise<void>)[] = [];

try {
  const migrating = await createDb({ url: url.toString(), max: 1 });
  await migrate(migrating);
  await migrating.close();

  const server = await startDeployedServer(PORT, "pnpm-start", {
    E2E_DATA_DIR: dataDir,
    DATABASE_URL: url.toString(),
    BETTER_AUTH_SECRET: SECRET,
  });
  closers.push(server.stop);
  const deployed = server.base;
  const cookie = await signUp(deployed);
  const song = await createSong(deployed, cookie);
  const paths = { stream: `/api/songs/${song}/stream`, wav: `/api/songs/${song}/audio` };
  // Ready once the stored stream answers byte ranges (a first play streams the encode as it
  // goes, with no ranges).
  await waitFor(`the stored stream of ${song}`, async () => {
    const res = await fetch(`${deployed}${paths.stream}`, { headers: { range: "bytes=0-1" } });
    await res.arrayBuffer();
    return res.status === 206;
  });

  // The API's node:http adapter in this process, on the same database and files.
  const api = await createApiServer({
    NODE_ENV: "production",
    DATABASE_URL: url.toString(),
    BETTER_AUTH_SECRET: SECRET,
    HARMONIQ_DATA_DIR: dataDir,
    HARMONIQ_BASE_URL: "http://127.0.0.1:3442",
  });
  const adapter = await serveFetch((req) => routeApiRequest(api, req), 3442);
  closers.push(async () => {
    await adapter.close();
    await api.close();
  });

  // What a player does on Play: a Range request; it can start once the first 64 KiB are in.
  const firstBytes = async (target: string) => {
    const start = performance.now();
    const res = await fetch(target, { headers: { range: `bytes=0-${FIRST_BYTES - 1}` } });
    const body = await res.arrayBuffer();
    if (res.status !== 206 || body.byteLength !== FIRST_BYTES)
      throw new Error(`${target}: ${res.status}, ${body.byteLength} bytes`);
    return performance.now() - start;
  };
  const servers = { "`pnpm start`": deployed, "API node adapter": adapter.url };
  const times: Record<string, number[]> = {};
  for (let i = 0; i < 3; i++) {
    for (const base of Object.values(servers)) {
      for (const p of Object.values(paths)) await firstBytes(`${base}${p}`); // warm-up
    }
  }
  for (let i = 0; i < REQUESTS; i++) {
    for (const [server, base] of Object.entries(servers)) {
      for (const [kind, p] of Object.entries(paths)) {
        (times[`${kind}, ${server}`] ??= []).push(await firstBytes(`${base}${p}`));
      }
    }
  }
  console.log(
    `\n@harmoniq/web listening stream on the deployed path — a ${DURATION_SEC} s song, first ${FIRST_BYTES / 1024} KiB of a Range request, ${REQUESTS} requests each, alternating`,
  );
  console.table(
    Object.fromEntries(
      Object.entries(times).map(([label, xs]) => [
        label,
        { "p50 ms": median(xs).toFixed(1), "p95 ms": p95(xs).toFixed(1) },
      ]),
    ),
  );
  const row = (label: string, stat: (xs: number[]) => number, kind: "stream" | "wav") =>
    printBenchRow({
      suite,
      name: `first 64 KiB of a Range request, ${kind === "stream" ? "stored stream" : "WAV"}, \`pnpm start\` (deployed) (${label})`,
      value: stat(times[`${kind}, \`pnpm start\``]!),
      unit: "ms",
      baseline: stat(times[`${kind}, API node adapter`]!),
      baselineName: "API node adapter (packages/api's stream bench)",
      target: kind === "stream" ? "≤ 300 ms" : "reported",
    });
  row("p50", median, "stream");
  row("p95", p95, "stream");
  row("p50", median, "wav");

  // An old song's first play (its WAV stored, no MP3 yet): `Range: bytes=0-`, as players ask,
  // answered as the encode goes; the player can start at the first 64 KiB. The stored MP3 is
  // removed before each play and the next waits until the play's encode has stored it again.
  const audioDir = path.join(dataDir, "audio");
  const mp3 = readdirSync(audioDir).filter((f) => f.endsWith(".mp3"));
  if (mp3.length !== 1) throw new Error(`expected one stored stream, found ${mp3.length}`);
  const streamFile = path.join(audioDir, mp3[0]!);
  const firstPlay = async (target: string) => {
    rmSync(streamFile);
    const start = performance.now();
    const res = await fetch(target, { headers: { range: "bytes=0-" } });
    const reader = res.body!.getReader();
    let received = 0;
    while (received < FIRST_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
    }
    const ms = performance.now() - start;
    await reader.cancel();
    if (res.status !== 200 || received < FIRST_BYTES)
      throw new Error(`first play ${target}: ${res.status}, ${received} bytes`);
    await waitFor("the stream stored again", async () => existsSync(streamFile), 240);
    return ms;
  };
  const firstPlays: Record<string, number[]> = {};
  for (let i = 0; i < FIRST_PLAYS; i++) {
    for (const [server, base] of Object.entries(servers)) {
      (firstPlays[server] ??= []).push(await firstPlay(`${base}${paths.stream}`));
    }
  }
  console.table(
    Object.fromEntries(
      Object.entries(firstPlays).map(([server, xs]) => [
        `old song's first play, ${server}`,
        { "64 KiB p50 ms": median(xs).toFixed(1), "max ms": Math.max(...xs).toFixed(1) },
      ]),
    ),
  );
  printBenchRow({
    suite,
    name: `first 64 KiB on an old song's first play (encoding), \`pnpm start\` (deployed) (median of ${FIRST_PLAYS})`,
    value: median(firstPlays["`pnpm start`"]!),
    unit: "ms",
    baseline: median(firstPlays["API node adapter"]!),
    baselineName: "API node adapter (packages/api's stream bench)",
    target: "≤ 300 ms",
  });
} finally {
  for (const close of closers.reverse()) await close().catch(() => {});
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end({ timeout: 5 });
  rmSync(dataDir, { recursive: true, force: true });
}

async function waitFor(what: string, ready: () => Promise<boolean>, tries = 1200) {
  for (let i = 0; i < tries; i++) {
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} was not ready after ${tries / 2} s`);
}

/** A public song made through the deployed server's API; returns its id. */
async function createSong(base: string, cookie: string) {
  const res = await fetch(`${base}/api/trpc/song.create`, {
    method: "POST",
    headers: { cookie, origin: base, "content-type": "application/json" },
    body: JSON.stringify(
      superjson.serialize({
        creationMode: "description",
        description: "late train home, city lights",
        durationSec: DURATION_SEC,
        isPublic: true,
        takes: 1,
      }),
    ),
  });
  if (!res.ok) throw new Error(`song.create: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as {
    result: { data: Parameters<typeof superjson.deserialize>[0] };
  };
  return superjson.deserialize<{ id: string }>(body.result.data).id;
}
