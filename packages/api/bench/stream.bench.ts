// The listening stream (MP3) against the WAV it is made from, for one rendered song, through the
// API's HTTP handlers: bytes per minute, encode speed (× real time, beside the render's), the
// time to the first 64 KiB of a Range request (what a player needs to start) on a stored stream
// vs the WAV, the same for a first play that has to encode, and (with ffmpeg) the loudness of both.
// The Range timings through the server users run (`pnpm start`), with this adapter's beside
// them, are apps/web/bench/deployed-stream.bench.ts (`pnpm --filter @harmoniq/web bench:stream`).
//   pnpm --filter @harmoniq/api exec tsx bench/stream.bench.ts
//   (BENCH_STREAM_SEC, default 120; BENCH_REQUESTS, default 30; BENCH_FIRST_PLAYS, default 7)
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import superjson from "superjson";
import type { JsonObject } from "@harmoniq/db";
import { printBenchRow } from "@harmoniq/db/bench/report";
import { closeRenderPool, getRenderPool } from "@harmoniq/music/render";
import { readComposition } from "../src/services/composition-codec";
import { signUpOverHttp, startApiOverHttp } from "./api-over-http";

const DURATION_SEC = Number(process.env.BENCH_STREAM_SEC ?? 120);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 30);
const FIRST_BYTES = 64 * 1024;
const FIRST_PLAYS = Number(process.env.BENCH_FIRST_PLAYS ?? 7);
const suite = "api: listening stream";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

/** Integrated loudness (LUFS) by ffmpeg's EBU R128 meter; null without ffmpeg. */
function integratedLoudness(file: string): number | null {
  const run = spawnSync("ffmpeg", ["-nostats", "-i", file, "-af", "ebur128", "-f", "null", "-"], {
    encoding: "utf8",
  });
  if (run.error || run.status !== 0) return null;
  const summary = run.stderr.slice(run.stderr.lastIndexOf("Summary:"));
  const match = /I:\s+(-?[\d.]+) LUFS/.exec(summary);
  return match ? Number(match[1]) : null;
}

const dataDir = mkdtempSync(path.join(tmpdir(), "hq-bench-stream-"));
let close = async () => {};
try {
  const served = await startApiOverHttp(dataDir, "bench-secret-bench-secret-bench-secret-02");
  const { api } = served;
  close = served.close;
  // A listener signs up and makes a public song; the server renders it, then encodes its stream.
  const headers = await signUpOverHttp(served.url, "bench@example.test");
  const created = await fetch(`${served.url}/api/trpc/song.create`, {
    method: "POST",
    headers,
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
  if (!created.ok) throw new Error(`song.create: ${created.status} ${await created.text()}`);
  const song = superjson.deserialize<{ id: string; composition: JsonObject }>(
    ((await created.json()) as { result: { data: Parameters<typeof superjson.deserialize>[0] } })
      .result.data,
  );
  await api.services.songs.idle();

  const wav = (await api.services.songs.audio(api.db, { songId: song.id, viewerId: null }))!.bytes;
  const seconds = (wav.byteLength - 44) / 4 / 44_100;
  const audioUrl = `${served.url}/api/songs/${song.id}/audio`;
  const streamUrl = `${served.url}/api/songs/${song.id}/stream`;
  const full = await fetch(streamUrl);
  const mp3 = new Uint8Array(await full.arrayBuffer());
  const streamFile = path.join(dataDir, "audio", `${full.headers.get("etag")!.slice(1, -1)}.mp3`);
  const perMinute = (bytes: number) => bytes / (seconds / 60) / 1e6;
  console.log(
    `\nload average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")} on ${availableParallelism()} cores`,
  );
  console.log(
    `@harmoniq/api listening stream — a ${seconds.toFixed(1)} s song: WAV ${(wav.byteLength / 1e6).toFixed(2)} MB, ` +
      `MP3 ${(mp3.byteLength / 1e6).toFixed(2)} MB (${full.headers.get("content-type")})`,
  );
  printBenchRow({
    suite,
    name: "stream size (MB per minute of audio)",
    value: perMinute(mp3.byteLength),
    unit: "MB/min",
    baseline: perMinute(wav.byteLength),
    baselineName: "WAV",
    target: "≤ 1.5 MB/min",
  });

  // Encode speed in the render pool (a worker thread), beside the render of the same song.
  const pool = getRenderPool();
  const composition = readComposition(song.composition);
  const renderStart = performance.now();
  await pool.render(composition);
  const renderSec = (performance.now() - renderStart) / 1000;
  const encodes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    await pool.encodeMp3(wav);
    encodes.push((performance.now() - start) / 1000);
  }
  const encodeSec = median(encodes);
  console.log(
    `encode ${encodeSec.toFixed(2)} s (median of 3), render ${renderSec.toFixed(2)} s, for ${seconds.toFixed(1)} s of audio`,
  );
  printBenchRow({
    suite,
    name: "MP3 encode speed (× real time, higher is faster)",
    value: seconds / encodeSec,
    unit: "× real time",
    baseline: seconds / renderSec,
    baselineName: "render of the same song",
    target: "≥ 10× (a 3-minute song's first play waits ≤ 18 s)",
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
  const times = { stream: [] as number[], wav: [] as number[] };
  for (let i = 0; i < REQUESTS; i++) {
    // Alternate, so both see the same machine.
    times.stream.push(await firstBytes(streamUrl));
    times.wav.push(await firstBytes(audioUrl));
  }
  console.table({
    "stream (stored MP3)": { "p50 ms": median(times.stream), "p95 ms": p95(times.stream) },
    WAV: { "p50 ms": median(times.wav), "p95 ms": p95(times.wav) },
  });
  printBenchRow({
    suite,
    name: "first 64 KiB of a Range request, stored stream (p50)",
    value: median(times.stream),
    unit: "ms",
    baseline: median(times.wav),
    baselineName: "WAV",
    target: "≤ 300 ms",
  });
  printBenchRow({
    suite,
    name: "first 64 KiB of a Range request, stored stream (p95)",
    value: p95(times.stream),
    unit: "ms",
    baseline: p95(times.wav),
    baselineName: "WAV",
    target: "≤ 300 ms",
  });

  // A song from before streams (its WAV stored, no stream yet): its first play (`Range:
  // bytes=0-`, as players ask) follows the encode as it goes; the player can start at the first
  // 64 KiB. Each play is followed by a play of the stored stream, so both see the same machine.
  const firstPlay = async () => {
    const start = performance.now();
    const res = await fetch(streamUrl, { headers: { range: "bytes=0-" } });
    const reader = res.body!.getReader();
    let received = 0;
    let firstByteMs = 0;
    while (received < FIRST_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      if (received === 0) firstByteMs = performance.now() - start;
      received += value.byteLength;
    }
    const ms = performance.now() - start;
    await reader.cancel();
    if (res.status !== 200 || received < FIRST_BYTES) throw new Error(`first play: ${res.status}`);
    return { firstByteMs, ms };
  };
  const plays = { first: [] as number[], firstByte: [] as number[], stored: [] as number[] };
  for (let i = 0; i < FIRST_PLAYS; i++) {
    await api.services.songs.idle();
    rmSync(streamFile);
    const play = await firstPlay();
    plays.first.push(play.ms);
    plays.firstByte.push(play.firstByteMs);
    // Stored again by that play's encode (the listener left after 64 KiB, the encode did not).
    await api.services.songs.idle();
    plays.stored.push(await firstBytes(streamUrl));
  }
  console.table({
    "old song's first play (encoding)": {
      "first bytes p50 ms": median(plays.firstByte),
      "64 KiB p50 ms": median(plays.first),
      "64 KiB max ms": Math.max(...plays.first),
    },
    "stored stream (between them)": { "64 KiB p50 ms": median(plays.stored) },
  });
  printBenchRow({
    suite,
    name: `first 64 KiB on an old song's first play (encoding, median of ${FIRST_PLAYS})`,
    value: median(plays.first),
    unit: "ms",
    baseline: median(plays.stored),
    baselineName: "stored stream (same song, between the first plays)",
    target: "≤ 300 ms",
  });
  printBenchRow({
    suite,
    name: `first MP3 bytes on an old song's first play (median of ${FIRST_PLAYS})`,
    value: median(plays.firstByte),
    unit: "ms",
    baseline: median(plays.stored),
    baselineName: "stored stream's first 64 KiB",
    target: "reported (tens of ms)",
  });

  // Loudness: the stream should sound as loud as the WAV.
  const wavFile = path.join(dataDir, "bench.wav");
  const mp3File = path.join(dataDir, "bench.mp3");
  writeFileSync(wavFile, wav);
  writeFileSync(mp3File, mp3);
  const [wavLufs, mp3Lufs] = [integratedLoudness(wavFile), integratedLoudness(mp3File)];
  if (wavLufs !== null && mp3Lufs !== null) {
    console.log(`loudness (ffmpeg ebur128): WAV ${wavLufs} LUFS, MP3 ${mp3Lufs} LUFS`);
    printBenchRow({
      suite,
      name: "integrated loudness, MP3 − WAV (ffmpeg ebur128)",
      value: Math.abs(mp3Lufs - wavLufs),
      unit: "LU",
      baseline: null,
      target: "≤ 0.5 LU",
    });
  } else {
    console.log("ffmpeg not found: loudness comparison skipped");
  }
  console.log(
    `load average at the end ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")}`,
  );
} finally {
  await close();
  await closeRenderPool();
  rmSync(dataDir, { recursive: true, force: true });
}
