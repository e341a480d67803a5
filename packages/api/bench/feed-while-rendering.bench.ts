// Does rendering hurt the server? Feed latency over HTTP with the render pool idle, then while
// 4 songs of 60 s render at once (they run in worker threads, not on the request thread).
//   pnpm --filter @harmoniq/api exec tsx bench/feed-while-rendering.bench.ts
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { seedAtScale } from "@harmoniq/db/seed";
import { compose } from "@harmoniq/music";
import { getRenderPool } from "@harmoniq/music/render";
import { printBenchRow } from "@harmoniq/db/bench/report";
import { startApiOverHttp } from "./api-over-http";

const dataDir = mkdtempSync(path.join(tmpdir(), "hq-bench-render-"));
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
try {
  const served = await startApiOverHttp(dataDir, "bench-secret-bench-secret-bench-secret-01");
  const { api } = served;
  await seedAtScale(api.db, { songs: 5000 });
  const feedUrl = `${served.url}/api/trpc/song.feed?input=${encodeURIComponent(JSON.stringify({ json: { limit: 20 } }))}`;

  const measure = async () => {
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const start = performance.now();
      await (await fetch(feedUrl)).arrayBuffer();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return {
      p50: times[Math.floor(times.length / 2)]!,
      p99: times[Math.floor(times.length * 0.99)]!,
    };
  };

  await measure(); // warm-up
  const idle = await measure();
  const pool = getRenderPool();
  const moods = ["Hype", "Dreamy", "Melancholic", "Happy"] as const;
  const renders = moods.map((mood, i) =>
    pool.render(
      compose({
        creationMode: "description",
        description: "a long night drive",
        mood,
        genre: "EDM",
        seed: i,
        durationSec: 60,
      }),
    ),
  );
  let rendering = true;
  const done = Promise.all(renders).then(() => (rendering = false));
  const busy = await measure();
  const stillRendering = rendering;
  await done;

  console.log(
    `\n@harmoniq/api feed latency while rendering — ${REQUESTS} sequential requests, render pool of ${pool.stats().size} worker(s)`,
  );
  console.table([
    { state: "render pool idle", "p50 ms": idle.p50.toFixed(2), "p99 ms": idle.p99.toFixed(2) },
    {
      state: "4 × 60 s songs rendering",
      "p50 ms": busy.p50.toFixed(2),
      "p99 ms": busy.p99.toFixed(2),
    },
  ]);
  printBenchRow({
    suite: "api",
    name: "song.feed p50 while 4 × 60 s songs render",
    value: busy.p50,
    unit: "ms",
    baseline: idle.p50,
    baselineName: "render pool idle",
    ratio: busy.p50 / idle.p50,
    target: "≤ 2× idle",
  });
  console.log(
    `p50 ratio ${(busy.p50 / idle.p50).toFixed(2)}× (target ≤ 2×)${stillRendering ? "" : " — note: the renders finished before the measurement did"}`,
  );
  await served.close();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
