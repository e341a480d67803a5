// Test harness: a private PostgreSQL 15 primary and a streaming replica of it (initdb +
// pg_basebackup -R), on their own ports and in a temporary folder, for the read-replica tests.
// The servers run as the `postgres` OS user; `destroy()` stops both and removes the folder.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { asPostgres, canRunPgTools } from "./pg-tools";

const run = promisify(execFile);

/** initdb, pg_ctl and pg_basebackup are installed, and we can run them as `postgres`. */
export const replicaClusterAvailable = () => canRunPgTools(["initdb", "pg_ctl", "pg_basebackup"]);

export interface ReplicaCluster {
  primaryUrl: string;
  replicaUrl: string;
  /** Waits until the replica has replayed everything the primary has written so far. */
  waitForReplay(timeoutMs?: number): Promise<void>;
  /** Stops or resumes WAL replay on the replica (it keeps answering reads, with old data). */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Kills the replica (as a crash would). */
  stopReplica(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startReplicaCluster(
  ports: { primary: number; replica: number } = { primary: 5441, replica: 5442 },
): Promise<ReplicaCluster> {
  const root = mkdtempSync(path.join(tmpdir(), "hq-replicas-"));
  const primaryDir = path.join(root, "primary");
  const replicaDir = path.join(root, "replica");
  const started: string[] = [];
  const primaryUrl = `postgres://postgres@127.0.0.1:${ports.primary}/postgres`;
  const replicaUrl = `postgres://postgres@127.0.0.1:${ports.replica}/postgres`;
  const primary = postgres(primaryUrl, { max: 1, onnotice: () => {} });
  const replica = postgres(replicaUrl, { max: 1, onnotice: () => {} });

  const stop = async (dir: string) => {
    if (!started.includes(dir)) return;
    started.splice(started.indexOf(dir), 1);
    await asPostgres("pg_ctl", ["-D", dir, "-m", "immediate", "-w", "stop"]).catch(() => {});
  };
  const destroy = async () => {
    await Promise.all([primary.end({ timeout: 1 }), replica.end({ timeout: 1 })]);
    for (const dir of [...started]) await stop(dir);
    rmSync(root, { recursive: true, force: true });
  };
  const start = async (dir: string, log: string) => {
    await asPostgres("pg_ctl", ["-D", dir, "-l", path.join(root, log), "-w", "-t", "60", "start"]);
    started.push(dir);
  };

  try {
    await run("chown", ["postgres:postgres", root]);
    await asPostgres("initdb", ["-D", primaryDir, "-A", "trust", "-U", "postgres", "--no-sync"]);
    await appendFile(
      path.join(primaryDir, "postgresql.conf"),
      [
        "",
        "listen_addresses = '127.0.0.1'",
        `port = ${ports.primary}`,
        `unix_socket_directories = '${root}'`,
        "wal_level = replica",
        "max_wal_senders = 4",
        "hot_standby = on",
        "fsync = off",
        "max_connections = 60",
        "",
      ].join("\n"),
    );
    await start(primaryDir, "primary.log");
    // -R writes standby.signal and primary_conninfo; -X stream carries the WAL made meanwhile.
    await asPostgres("pg_basebackup", [
      ...["-h", "127.0.0.1", "-p", String(ports.primary), "-U", "postgres"],
      ...["-D", replicaDir, "-R", "-X", "stream", "--no-sync"],
    ]);
    await appendFile(path.join(replicaDir, "postgresql.conf"), `\nport = ${ports.replica}\n`);
    await start(replicaDir, "replica.log");
    await waitUntil(async () => {
      const [row] = await primary<{ streaming: number }[]>`
        select count(*)::int as streaming from pg_stat_replication where state = 'streaming'`;
      return row!.streaming > 0;
    }, 30_000);
  } catch (error) {
    await destroy();
    throw error;
  }

  return {
    primaryUrl,
    replicaUrl,
    async waitForReplay(timeoutMs = 30_000) {
      const [{ lsn }] = await primary<[{ lsn: string }]>`select pg_current_wal_lsn()::text as lsn`;
      await waitUntil(async () => {
        const [row] = await replica<{ caughtUp: boolean }[]>`
          select pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn as "caughtUp"`;
        return row!.caughtUp;
      }, timeoutMs);
    },
    async pauseReplay() {
      await replica`select pg_wal_replay_pause()`;
    },
    async resumeReplay() {
      await replica`select pg_wal_replay_resume()`;
    },
    async stopReplica() {
      await replica.end({ timeout: 1 });
      await stop(replicaDir);
    },
    destroy,
  };
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`still not true after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
