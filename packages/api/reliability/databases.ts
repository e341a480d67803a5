import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createEmptyDatabase } from "@harmoniq/db/testing";
import { asPostgres, canRunPgTools } from "../src/testing/pg-tools";

const run = promisify(execFile);

/** A new, empty database next to `adminUrl`'s (the app migrates it on start); drop() removes it. */
export const createFreshDatabase = createEmptyDatabase;

/** Whether this machine can run a private cluster: the binaries, and root to act as postgres. */
export const canRunPrivateCluster = () => canRunPgTools(["initdb", "pg_ctl"]);

const CLUSTER_PREFIX = "hq-pg-";

/** Clusters an interrupted run left behind (still running, holding the port): stopped, deleted. */
async function removeStaleClusters() {
  for (const name of readdirSync(tmpdir()).filter((entry) => entry.startsWith(CLUSTER_PREFIX))) {
    const data = path.join(tmpdir(), name, "data");
    if (existsSync(path.join(data, "postmaster.pid"))) {
      await asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => {});
    }
    rmSync(path.join(tmpdir(), name), { recursive: true, force: true });
  }
}

/**
 * A throwaway PostgreSQL cluster of our own (initdb in a temp dir, run as the postgres OS
 * user) that tests may stop and start at will; never the shared one.
 */
export async function createPrivateCluster(port: number) {
  await removeStaleClusters();
  const dir = mkdtempSync(path.join(tmpdir(), CLUSTER_PREFIX));
  const data = path.join(dir, "data");
  const log = path.join(dir, "server.log");
  // Owned by postgres: initdb runs as that user.
  await run("chown", ["postgres:postgres", dir]);
  await asPostgres("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  let running = false;
  const cluster = {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async start() {
      await asPostgres("pg_ctl", ["-D", data, "-l", log, "-o", options, "-w", "-t", "60", "start"]);
      running = true;
    },
    /** A fast shutdown: open connections are terminated, in-flight transactions roll back. */
    async stop(mode: "fast" | "immediate" = "fast") {
      await asPostgres("pg_ctl", ["-D", data, "-m", mode, "-w", "-t", "60", "stop"]);
      running = false;
    },
    /** Stops the cluster if it runs and deletes its files; safe to call after any failure. */
    async destroy() {
      if (running || existsSync(path.join(data, "postmaster.pid"))) {
        await cluster.stop("immediate").catch(() => {});
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}
export type PrivateCluster = Awaited<ReturnType<typeof createPrivateCluster>>;
