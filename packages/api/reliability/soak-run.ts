// The soak: a fresh database, the app in its own process, several minutes of mixed traffic,
// the app's memory sampled throughout, then the consistency checks. Used by the `soak` script
// (minutes) and by soak.test.ts (a short version in `pnpm test:pg`).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { rssMiB, startApp } from "./app";
import { checkConsistency, openSql } from "./consistency";
import { createFreshDatabase } from "./databases";
import { prepareLoad, runLoad, SOAK_MIX } from "./load";
import { failureSamples, percentile, summarize } from "./stats";

export interface SoakOptions {
  adminUrl: string;
  durationSec: number;
  connections: number;
  /** Memory before this is warm-up, not growth; default a fifth of the run (at least 10 s). */
  warmupSec?: number;
  log?: (line: string) => void;
}

export async function runSoak(options: SoakOptions) {
  const log = options.log ?? (() => {});
  const database = await createFreshDatabase(options.adminUrl, "hq_soak");
  const dataDir = mkdtempSync(path.join(tmpdir(), "hq-soak-"));
  const sql = openSql(database.url);
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    app = await startApp({ databaseUrl: database.url, dataDir });
    log(`app pid ${app.pid} at ${app.url}, database ${database.name}`);
    const state = await prepareLoad(app.url, { users: options.connections, songsEach: 2 });
    log(`${state.workers.length} users signed up, ${state.songPool.length} songs to start with`);

    const memory: { t: number; mib: number }[] = [];
    const started = Date.now();
    const sampler = setInterval(() => {
      const mib = rssMiB(app!.pid);
      if (mib !== null) memory.push({ t: (Date.now() - started) / 1000, mib });
    }, 2000);
    const ticker = setInterval(() => {
      const done = state.records.length;
      log(
        `  ${Math.round((Date.now() - started) / 1000)} s: ${done} calls, RSS ${rssMiB(app!.pid)?.toFixed(0)} MiB`,
      );
    }, 30_000);
    const end = started + options.durationSec * 1000;
    await runLoad(state, { mix: SOAK_MIX, shouldStop: () => Date.now() >= end });
    const elapsedSec = (Date.now() - started) / 1000;
    clearInterval(sampler);
    clearInterval(ticker);

    const consistency = await checkConsistency(sql, state, 60_000);
    const summary = summarize(state.records);
    const overall = summary.find((row) => row.op === "all")!;
    const warmupSec = options.warmupSec ?? Math.max(10, options.durationSec / 5);
    const memoryTrend = rssTrend(memory.filter((sample) => sample.t >= warmupSec));
    return {
      elapsedSec,
      throughput: state.records.filter((r) => r.outcome.kind === "ok").length / elapsedSec,
      summary,
      p99WithoutChat: percentile(
        state.records
          .filter((r) => r.op !== "chat.send" && r.outcome.kind === "ok")
          .map((r) => r.ms),
        0.99,
      ),
      errors: overall.errors,
      refused: overall.refused,
      failures: failureSamples(state.records),
      memory,
      ...memoryTrend,
      consistency,
      appAlive: app.pid > 0 && rssMiB(app.pid) !== null,
    };
  } finally {
    await app?.stop().catch(() => {});
    await sql.end({ timeout: 5 });
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
export type SoakReport = Awaited<ReturnType<typeof runSoak>>;

/**
 * Memory after warm-up. RSS is a saw (it climbs between collections), so growth is measured on
 * its floor: the lowest sample of the first third against the lowest of the last third.
 */
function rssTrend(steady: { t: number; mib: number }[]) {
  const third = Math.max(1, Math.floor(steady.length / 3));
  const floor = (samples: { mib: number }[]) => Math.min(...samples.map((s) => s.mib));
  const memoryAfterWarmup = floor(steady.slice(0, third));
  const memoryAtEnd = floor(steady.slice(-third));
  return {
    memoryAfterWarmup,
    memoryAtEnd,
    memoryGrowth: memoryAtEnd - memoryAfterWarmup,
    memoryPeak: Math.max(...steady.map((s) => s.mib)),
  };
}

/** The report as a person reads it. */
export function formatSoak(report: SoakReport, options: SoakOptions): string {
  const lines = [
    `soak: ${options.connections} connections, ${report.elapsedSec.toFixed(0)} s`,
    `throughput ${report.throughput.toFixed(1)} req/s; errors (5xx or no answer) ${report.errors}; 4xx ${report.refused}`,
  ];
  lines.push("op                 calls  errors  4xx   p50 ms   p99 ms");
  for (const row of report.summary) {
    lines.push(
      `${row.op.padEnd(18)} ${String(row.calls).padStart(6)} ${String(row.errors).padStart(7)} ${String(row.refused).padStart(4)} ${row.p50.toFixed(1).padStart(8)} ${row.p99.toFixed(1).padStart(8)}`,
    );
  }
  lines.push(
    `p99 of the request/response ops (all but the streamed chat.send): ${report.p99WithoutChat.toFixed(1)} ms`,
  );
  for (const failure of report.failures) lines.push(`  ${failure}`);
  const step = Math.max(1, Math.floor(report.memory.length / 12));
  lines.push(
    `app RSS (MiB) over time: ${report.memory
      .filter((_, i) => i % step === 0 || i === report.memory.length - 1)
      .map((s) => `${s.t.toFixed(0)}s=${s.mib.toFixed(0)}`)
      .join(" ")}`,
    `RSS floor after warm-up ${report.memoryAfterWarmup.toFixed(0)} MiB, in the last third ${report.memoryAtEnd.toFixed(0)} MiB (growth ${report.memoryGrowth.toFixed(1)} MiB); peak ${report.memoryPeak.toFixed(0)} MiB`,
  );
  const c = report.consistency;
  lines.push(
    `songs by status ${JSON.stringify(c.songsByStatus)}; unsettled ${c.unsettled.length}`,
    `counter mismatches ${c.counters.length}; playlist problems ${c.playlists.length}; lost acknowledged writes ${c.ledger.length}; replies left streaming ${c.streamingMessages}`,
    ...[...c.counters, ...c.playlists, ...c.ledger].slice(0, 10).map((p) => `  ${p}`),
  );
  return lines.join("\n");
}
