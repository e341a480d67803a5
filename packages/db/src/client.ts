import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { Database, DatabaseKind } from "./database";
import { casing } from "./dialect";
import { DatabaseConfigError, parseDatabaseEnv } from "./env";
import { createReadRouter, type ReadRouter, type ReplicaConnection } from "./replicas";
import * as schema from "./schema";

export { schema };
export type { Database, DatabaseKind, DbOrTx, Schema, Transaction } from "./database";

/**
 * An open database. `db` is the primary; `forRead(lsn)` picks where a request's reads go when
 * read replicas are configured (see replicas.ts), and is the primary otherwise.
 */
export interface DatabaseHandle extends ReadRouter {
  db: Database;
  kind: DatabaseKind;
  /** The PostgreSQL URL (absent for PGlite). */
  url?: string;
  /** Closes the pool or the embedded database. */
  close(): Promise<void>;
}

export const drizzleConfig = { schema, casing } as const;

/**
 * Where the committed migrations are. Beside this package's source when run as source (tsx,
 * vitest); from a bundled server (Next) the source path is gone, so the folder is looked up
 * from the working directory; HARMONIQ_MIGRATIONS_DIR overrides both.
 */
export function findMigrationsFolder(): string {
  const candidates = [
    process.env.HARMONIQ_MIGRATIONS_DIR,
    path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "drizzle"),
  ];
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    candidates.push(path.join(/*turbopackIgnore: true*/ dir, "packages", "db", "drizzle"));
    if (path.dirname(dir) === dir) break;
  }
  const found = candidates.find(
    (dir): dir is string => !!dir && existsSync(path.join(dir, "meta", "_journal.json")),
  );
  if (!found)
    throw new Error(
      "Cannot find the migrations folder (packages/db/drizzle); set HARMONIQ_MIGRATIONS_DIR",
    );
  return found;
}

export interface CreateDbOptions {
  /** PostgreSQL URL; when absent, an embedded PGlite database is used. */
  url?: string;
  /** Streaming read replicas of `url` (PostgreSQL only). */
  replicaUrls?: readonly string[];
  /** PGlite data directory; when absent (and no url), the database lives in memory. */
  dataDir?: string;
  /** Connection pool size for PostgreSQL. */
  max?: number;
  /** Apply pending migrations before returning. */
  migrate?: boolean;
  migrationsFolder?: string;
}

/**
 * Opens the database the environment asks for: PostgreSQL when DATABASE_URL is set, else an
 * embedded PGlite persisted under HARMONIQ_DATA_DIR (default `.data/`).
 */
export async function createDbFromEnv(
  env: Record<string, string | undefined> = process.env,
  options: Omit<CreateDbOptions, "url" | "dataDir"> = {},
): Promise<DatabaseHandle> {
  const parsed = parseDatabaseEnv(env);
  if (parsed.DATABASE_URL)
    return createDb({
      ...options,
      url: parsed.DATABASE_URL,
      replicaUrls: parsed.DATABASE_REPLICA_URLS ?? [],
    });
  const dataDir = path.resolve(parsed.HARMONIQ_DATA_DIR ?? defaultDataDir(), "pglite");
  return createDb({ ...options, dataDir });
}

/**
 * `.data/` at the workspace root, so the app, `db:seed` and `db:migrate` (each run from its
 * own package folder) share one embedded database.
 */
export function defaultDataDir(from = process.cwd()): string {
  for (let dir = path.resolve(/*turbopackIgnore: true*/ from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "pnpm-workspace.yaml"))) return path.join(dir, ".data");
    if (path.dirname(dir) === dir) return path.resolve(/*turbopackIgnore: true*/ from, ".data");
  }
}

export async function createDb(options: CreateDbOptions = {}): Promise<DatabaseHandle> {
  if (!options.url && options.replicaUrls?.length)
    throw new DatabaseConfigError("Read replicas need a PostgreSQL primary (url)");
  const handle = options.url
    ? await openPostgres(options.url, options.max ?? 10, options.replicaUrls ?? [])
    : await openPglite(options.dataDir);
  if (options.migrate) await migrate(handle, options.migrationsFolder);
  return handle;
}

/**
 * Settings for every connection the app opens. JIT off: the app's statements are short,
 * index-driven lookups, but a cost estimate for a branch that never runs can pass
 * `jit_above_cost`, and compiling then dominates — a Subsonic search for a word in most
 * creators' names took 2.0 s with JIT and 0.3 s without at 1M songs.
 */
const SESSION_SETTINGS = { jit: "off" } as const;

async function openPostgres(
  url: string,
  max: number,
  replicaUrls: readonly string[],
): Promise<DatabaseHandle> {
  const client = postgres(url, {
    max,
    onnotice: () => {},
    connect_timeout: 10,
    // Reconnect within a second of the server coming back. The default backoff grows with
    // every failed attempt (up to 20 s), so after an outage of a few seconds the app stayed
    // down for seconds more.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    connection: SESSION_SETTINGS,
  });
  try {
    await client`select 1`;
  } catch (error) {
    await client.end({ timeout: 1 }).catch(() => {});
    throw new DatabaseConfigError(
      `DATABASE_URL: cannot connect to ${describeUrl(url)}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const db = drizzlePostgres(client, drizzleConfig);
  // Replicas connect lazily: one that is down at start-up is skipped until it answers.
  const replicas: ReplicaConnection[] = replicaUrls.map((replicaUrl) => {
    const replicaClient = postgres(replicaUrl, {
      max,
      onnotice: () => {},
      connect_timeout: 5,
      connection: SESSION_SETTINGS,
    });
    return {
      name: describeUrl(replicaUrl),
      client: replicaClient,
      db: drizzlePostgres(replicaClient, drizzleConfig),
    };
  });
  return {
    db,
    kind: "postgres",
    url,
    ...createReadRouter({ primary: db, primaryClient: client, replicas }),
    close: async () => {
      await Promise.all([
        client.end({ timeout: 5 }),
        ...replicas.map((replica) => replica.client.end({ timeout: 5 })),
      ]);
    },
  };
}

/**
 * Opens an embedded PGlite with the extensions the migrations create (pg_trgm, for substring
 * search on titles). Every PGlite of ours opens through here, or its indexes cannot be used.
 */
export function createPgliteClient(
  options: Omit<PGliteOptions, "extensions"> = {},
): Promise<PGlite> {
  return PGlite.create({ ...options, extensions: { pg_trgm } });
}

async function openPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  return pgliteHandle(await createPgliteClient({ dataDir }));
}

/** Wraps an already open PGlite instance (tests clone a migrated template). */
export function pgliteHandle(client: PGlite): DatabaseHandle {
  const db = drizzlePglite(client, drizzleConfig);
  return { db, kind: "pglite", ...createReadRouter({ primary: db }), close: () => client.close() };
}

/** Applies the committed migrations in `packages/db/drizzle` (looked up now, not at import). */
export async function migrate(
  handle: DatabaseHandle,
  migrationsFolder = findMigrationsFolder(),
): Promise<void> {
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as Parameters<typeof migratePglite>[0], { migrationsFolder });
    return;
  }
  // Migrations run on one dedicated connection, apart from the pool.
  if (!handle.url) throw new Error("migrate: a PostgreSQL handle without a URL");
  const client = postgres(handle.url, { max: 1, onnotice: () => {} });
  try {
    await migratePostgres(drizzlePostgres(client, drizzleConfig), { migrationsFolder });
  } finally {
    await client.end({ timeout: 5 });
  }
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return "the configured server";
  }
}
