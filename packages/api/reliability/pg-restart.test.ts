// PostgreSQL stopped and started again while the app is under load, on a private cluster
// (port 5451, a temp dir) so the shared server is never touched. While the database is down
// every failed call must be a clean 503 in the API's JSON shape; once it is back the app must
// answer again by itself within seconds, and no half-done write may remain.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DATABASE_UNAVAILABLE_MESSAGE } from "../src/trpc/errors";
import { rssMiB, startApp, type RunningApp } from "./app";
import { isServerFailure } from "./client";
import { checkConsistency, openSql, type Sql } from "./consistency";
import { canRunPrivateCluster, createPrivateCluster, type PrivateCluster } from "./databases";
import { prepareLoad, runLoad, type CallRecord, type Mix } from "./load";
import { probe, type ProbeResult } from "./probe";
import { failureSamples } from "./stats";

const PORT = 5451;
const DOWN_MS = 6000;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Writes of every kind, with enough song creation that renders are in flight at the cut. */
const OUTAGE_MIX: Mix = {
  "feed.new": 10,
  "song.byId": 10,
  "song.like": 20,
  "song.play": 12,
  "comment.create": 8,
  "song.create": 10,
  "playlist.add": 12,
  "playlist.move": 10,
  "playlist.remove": 8,
};

let cluster: PrivateCluster | undefined;
let app: RunningApp | undefined;
let sql: Sql | undefined;
let dataDir: string | undefined;

afterAll(async () => {
  await app?.stop("SIGKILL").catch(() => {});
  await sql?.end({ timeout: 2 }).catch(() => {});
  await cluster?.destroy();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe.skipIf(!process.env.TEST_DATABASE_URL || !canRunPrivateCluster())(
  "PostgreSQL restarted in the middle of load",
  () => {
    it("answers 503 while it is down, recovers by itself, and leaves no half-done write", async () => {
      const appDir = (dataDir = mkdtempSync(path.join(tmpdir(), "hq-outage-")));
      cluster = await createPrivateCluster(PORT);
      await cluster.start();
      const databaseUrl = cluster.adminUrl.replace(/\/postgres$/, "/harmoniq");
      sql = openSql(cluster.adminUrl);
      await sql`create database harmoniq`;
      await sql.end();
      sql = openSql(databaseUrl);
      app = await startApp({ databaseUrl, dataDir: appDir });
      const state = await prepareLoad(app.url, { users: 6, songsEach: 2 });
      const someone = state.workers[0]!.user;
      const song = state.songPool[0]!;

      let stop = false;
      const load = runLoad(state, { mix: OUTAGE_MIX, shouldStop: () => stop });
      // Raw calls beside the load, to see exactly what a browser gets back.
      const probes: ProbeResult[] = [];
      const probing = (async () => {
        while (!stop) {
          probes.push(
            ...(await Promise.all([
              probe(app!.url, { path: "song.feed", input: { limit: 5 }, method: "GET" }),
              probe(app!.url, {
                path: "song.play",
                input: { id: song },
                method: "POST",
                cookie: someone.cookie,
              }),
              probe(app!.url, { path: `/api/songs/${song}/audio`, method: "GET" }),
            ])),
          );
          await sleep(100);
        }
      })();

      await sleep(5000);
      const stopping = Date.now();
      await cluster.stop("fast");
      const down = Date.now();
      await sleep(DOWN_MS);
      const starting = Date.now();
      await cluster.start();
      const up = Date.now();
      let recovered = 0;
      while (Date.now() - up < 30_000) {
        const ok = probes.find((p) => p.at >= up && p.status === 200);
        if (ok) {
          recovered = ok.at;
          break;
        }
        await sleep(50);
      }
      await sleep(6000);
      stop = true;
      await Promise.all([load, probing]);

      const records: CallRecord[] = state.records;
      const inOutage = (at: number) => at >= down && at < starting;
      const failedRecords = records.filter((r) => r.outcome.kind !== "ok");
      const failedProbes = probes.filter((p) => p.status !== 200);
      const afterRecovery = (at: number) => recovered > 0 && at >= recovered + 1000;
      const recoverySec = (recovered - up) / 1000;
      console.log(
        `[outage] database down ${((starting - stopping) / 1000).toFixed(1)} s (stop ${((down - stopping) / 1000).toFixed(1)} s, start ${((up - starting) / 1000).toFixed(1)} s); ` +
          `${records.length} load calls, ${failedRecords.length} failed (${failedRecords.filter((r) => inOutage(r.at)).length} while down); ` +
          `${probes.length} probes, ${failedProbes.length} failed; recovered ${recoverySec.toFixed(2)} s after PostgreSQL was back`,
      );
      for (const line of failureSamples(records)) console.log(`[outage]   ${line}`);

      // The app process survived the outage.
      expect(rssMiB(app.pid), app.output()).not.toBeNull();
      // While the database was down, calls failed, and every failure was a clean 503.
      expect(failedProbes.filter((p) => inOutage(p.at)).length).toBeGreaterThan(0);
      expect(failedRecords.filter((r) => inOutage(r.at)).length).toBeGreaterThan(0);
      const unclean = failedProbes.filter(
        (p) =>
          p.malformed !== undefined ||
          p.status !== 503 ||
          p.code !== "SERVICE_UNAVAILABLE" ||
          p.message !== DATABASE_UNAVAILABLE_MESSAGE ||
          p.retryAfter === undefined,
      );
      expect(unclean, JSON.stringify(unclean.slice(0, 5))).toEqual([]);
      const uncleanLoad = failedRecords.filter(
        (r) =>
          r.outcome.kind !== "refused" ||
          r.outcome.status !== 503 ||
          r.outcome.message !== DATABASE_UNAVAILABLE_MESSAGE,
      );
      expect(failureSamples(uncleanLoad)).toEqual([]);
      // It came back by itself, within seconds, and then nothing failed.
      expect(recovered).toBeGreaterThan(0);
      expect(recoverySec).toBeLessThan(5);
      expect(records.filter((r) => afterRecovery(r.at) && isServerFailure(r.outcome))).toEqual([]);
      expect(records.filter((r) => afterRecovery(r.at)).length).toBeGreaterThan(0);

      // No half-done write: counters equal rows, playlists whole, every song ready or failed.
      const report = await checkConsistency(sql, state, 60_000);
      console.log(
        `[outage] songs by status ${JSON.stringify(report.songsByStatus)}; unsettled ${report.unsettled.length}`,
      );
      // What the app said about renders (retries, failures), for a failure's diagnosis.
      const renderLog = app
        .output()
        .split("\n")
        .filter((line) => line.includes("Rendering song"));
      for (const line of renderLog.slice(0, 10)) console.log(`[outage] app: ${line}`);
      expect(report.unsettled).toEqual([]);
      expect(report.counters).toEqual([]);
      expect(report.playlists).toEqual([]);
      expect(report.ledger).toEqual([]);
    }, 180_000);
  },
);
