// Read replicas: which database a request's reads use.
//
// Writes and transactions always run on the primary: Drizzle's `withReplicas` sends
// select/selectDistinct/$count/with/query to the replica and insert/update/delete/execute/
// transaction to the primary (drizzle-orm 0.45 pg-core/db.js). Note `db.with(cte).update(…)`
// would reach the replica and fail there; storage code does not use that form.
//
// Read-your-writes by WAL position: after a write the HTTP layer gives the caller the
// primary's `pg_current_wal_lsn()`; a later read with that position uses a replica only
// once the replica has replayed past it (`pg_last_wal_replay_lsn()`), else the primary.
// Each replica's position is probed at most once per `probeTtlMs` (shared by concurrent
// requests); a replica that cannot answer is skipped for `downMs`, so reads fall back to the
// primary instead of failing.
import { withReplicas } from "drizzle-orm/pg-core";
import type { Sql } from "postgres";
import type { Database } from "./database";

/** A replica as configured, named without credentials (for logs and status pages). */
export interface ReplicaInfo {
  name: string;
}

export interface ReadRouter {
  replicas: readonly ReplicaInfo[];
  /**
   * The database for a request's reads: a healthy replica that has replayed past `lsn` (any
   * healthy replica without one), else the primary. Its writes still go to the primary.
   */
  forRead(lsn?: string | null): Promise<Database>;
  /** The primary's current WAL position, to hand to a client that just wrote; null without replicas. */
  primaryLsn(): Promise<string | null>;
}

export interface ReplicaConnection {
  name: string;
  db: Database;
  client: Sql;
}

export interface ReadRouterOptions {
  primary: Database;
  /** The primary's client, for `pg_current_wal_lsn()`; absent on PGlite (no replicas there). */
  primaryClient?: Sql;
  replicas?: readonly ReplicaConnection[];
  /** How long a replica's replayed position is trusted before asking again. */
  probeTtlMs?: number;
  /** How long a replica that failed to answer is skipped. */
  downMs?: number;
  /** Longest wait for a replica's answer before it counts as down. */
  probeTimeoutMs?: number;
  /** Told when a replica stops or starts answering. */
  log?: (message: string) => void;
}

/** A PostgreSQL WAL position `X/Y` (two hex numbers) as one comparable number; null if malformed. */
export function parseLsn(text: string): bigint | null {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text);
  if (!match) return null;
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`);
}

type Probe = { ok: true; replayLsn: bigint | null } | { ok: false; error: unknown };

interface ReplicaState extends ReplicaConnection {
  /** The primary for writes, this replica for reads. */
  routed: Database;
  last?: { probe: Probe; until: number };
  pending?: Promise<Probe>;
}

export function createReadRouter(options: ReadRouterOptions): ReadRouter {
  const { primary, primaryClient } = options;
  const probeTtlMs = options.probeTtlMs ?? 20;
  const downMs = options.downMs ?? 1_000;
  const probeTimeoutMs = options.probeTimeoutMs ?? 1_000;
  const log = options.log ?? ((message: string) => console.warn(`[harmoniq] ${message}`));
  const replicas: ReplicaState[] = (options.replicas ?? []).map((replica) => ({
    ...replica,
    routed: withReplicas(primary, [replica.db]),
  }));
  let turn = 0;

  async function probe(replica: ReplicaState): Promise<Probe> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const rows = await Promise.race([
        replica.client<{ lsn: string | null }[]>`select pg_last_wal_replay_lsn()::text as lsn`,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${probeTimeoutMs} ms`)),
            probeTimeoutMs,
          );
        }),
      ]);
      const text = rows[0]?.lsn ?? null;
      // null: not a standby (promoted, or the primary itself), so no position to compare.
      return { ok: true, replayLsn: text === null ? null : parseLsn(text) };
    } catch (error) {
      return { ok: false, error };
    } finally {
      clearTimeout(timer);
    }
  }

  function status(replica: ReplicaState): Promise<Probe> {
    if (replica.last && Date.now() < replica.last.until) return Promise.resolve(replica.last.probe);
    replica.pending ??= probe(replica).then((result) => {
      const wasOk = replica.last?.probe.ok ?? true;
      if (wasOk && !result.ok)
        log(
          `read replica ${replica.name} is not answering; reading from the primary (${(result.error as Error)?.message ?? result.error})`,
        );
      else if (!wasOk && result.ok) log(`read replica ${replica.name} is answering again`);
      replica.last = { probe: result, until: Date.now() + (result.ok ? probeTtlMs : downMs) };
      replica.pending = undefined;
      return result;
    });
    return replica.pending;
  }

  return {
    replicas: replicas.map(({ name }) => ({ name })),

    async forRead(lsn) {
      if (replicas.length === 0) return primary;
      const wanted = lsn == null ? null : parseLsn(lsn);
      // A position we cannot read proves nothing: the primary is always up to date.
      if (lsn != null && wanted === null) return primary;
      const probes = await Promise.all(replicas.map(status));
      const ready = replicas.filter((_, index) => {
        const result = probes[index]!;
        if (!result.ok) return false;
        if (wanted === null) return true;
        return result.replayLsn !== null && result.replayLsn >= wanted;
      });
      if (ready.length === 0) return primary;
      turn = (turn + 1) % ready.length;
      return ready[turn]!.routed;
    },

    async primaryLsn() {
      if (replicas.length === 0 || !primaryClient) return null;
      const rows = await primaryClient<{ lsn: string }[]>`select pg_current_wal_lsn()::text as lsn`;
      return rows[0]!.lsn;
    },
  };
}
