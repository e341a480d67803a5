import { existsSync } from "node:fs";
import { mkdir, open } from "node:fs/promises";
import path from "node:path";
import { defaultDataDir } from "../client";
import { z } from "zod";
import { parseDatabaseEnv, parseEnv } from "../env";
import { BackupError } from "./errors";
import { backupPglite, fileSize, restorePglite, stamp } from "./pglite";
import { backupPostgres, restorePostgres, type PgToolOptions } from "./postgres";
import type { TableCount } from "./table-counts";

export { BackupError } from "./errors";
export { checkPgTool, serverMajorVersion, type PgToolOptions } from "./postgres";
export {
  countTableRows,
  listTables,
  tableChecksums,
  type QueryRows,
  type TableCount,
} from "./table-counts";

/** The database a backup is taken from or restored into, as the app would open it. */
export type BackupTarget = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };

/** Same choice as `createDbFromEnv`: DATABASE_URL, else the embedded database's folder. */
export function backupTargetFromEnv(env: Record<string, string | undefined>): BackupTarget {
  const parsed = parseDatabaseEnv(env);
  if (parsed.DATABASE_URL) return { kind: "postgres", url: parsed.DATABASE_URL };
  return {
    kind: "pglite",
    dataDir: path.resolve(parsed.HARMONIQ_DATA_DIR ?? defaultDataDir(), "pglite"),
  };
}

/** Where pg_dump / pg_restore are when not on PATH (e.g. /usr/lib/postgresql/16/bin). */
export function pgToolOptionsFromEnv(env: Record<string, string | undefined>): PgToolOptions {
  const parsed = parseEnv(
    z.object({ HARMONIQ_PG_BIN_DIR: z.string().trim().min(1).optional() }),
    env,
    "backup configuration",
    (message) => new BackupError(message),
  );
  return parsed.HARMONIQ_PG_BIN_DIR ? { binDir: parsed.HARMONIQ_PG_BIN_DIR } : {};
}

/** The file extension of each kind's format: PGlite's gzipped tarball, pg_dump's custom format. */
export const BACKUP_EXTENSION = { pglite: ".pglite.tar.gz", postgres: ".pgdump" } as const;

export function defaultBackupFile(
  target: BackupTarget,
  env: Record<string, string | undefined>,
  now = new Date(),
): string {
  const dataDir = path.resolve(parseDatabaseEnv(env).HARMONIQ_DATA_DIR ?? defaultDataDir());
  return path.join(dataDir, "backups", `harmoniq-${stamp(now)}${BACKUP_EXTENSION[target.kind]}`);
}

/** Which kind of database a backup file is from, by its first bytes. */
export async function backupKindOf(file: string): Promise<BackupTarget["kind"] | null> {
  const handle = await open(file, "r").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") throw new BackupError(`There is no backup file at ${file}.`);
    throw error;
  });
  try {
    const head = Buffer.alloc(5);
    await handle.read(head, 0, 5, 0);
    if (head.subarray(0, 5).toString("latin1") === "PGDMP") return "postgres";
    if (head[0] === 0x1f && head[1] === 0x8b) return "pglite";
    return null;
  } finally {
    await handle.close();
  }
}

export interface BackupReport {
  kind: BackupTarget["kind"];
  /** What was backed up or restored into (the URL without its password, or the folder). */
  database: string;
  file: string;
  bytes: number;
  counts: TableCount[];
  /** Restores of the embedded database: where the replaced data directory was kept. */
  previous?: string | null;
  tool?: string;
}

export function describeTarget(target: BackupTarget): string {
  if (target.kind === "pglite") return target.dataDir;
  const url = new URL(target.url);
  url.password = "";
  return url.toString();
}

export async function backupDatabase(
  target: BackupTarget,
  file: string,
  options: PgToolOptions = {},
): Promise<BackupReport> {
  if (existsSync(file)) throw new BackupError(`${file} already exists; choose another file name.`);
  await mkdir(path.dirname(file), { recursive: true });
  const result =
    target.kind === "pglite"
      ? { counts: await backupPglite(target.dataDir, file) }
      : await backupPostgres(target.url, file, options);
  return {
    kind: target.kind,
    database: describeTarget(target),
    file,
    bytes: await fileSize(file),
    ...result,
  };
}

/** Restores `file` into the target, refusing a file made from the other kind of database. */
export async function restoreDatabase(
  target: BackupTarget,
  file: string,
  options: PgToolOptions = {},
): Promise<BackupReport> {
  const kind = await backupKindOf(file);
  if (kind === null)
    throw new BackupError(
      `${file} is not a HarmoniQ backup (neither a PGlite tarball nor a pg_dump custom-format file).`,
    );
  if (kind !== target.kind)
    throw new BackupError(
      kind === "postgres"
        ? `${file} is a PostgreSQL dump: set DATABASE_URL to the PostgreSQL database to restore it into.`
        : `${file} is an embedded (PGlite) backup, but DATABASE_URL points at PostgreSQL: unset DATABASE_URL to restore it into the embedded database.`,
    );
  const result =
    target.kind === "pglite"
      ? await restorePglite(target.dataDir, file)
      : await restorePostgres(target.url, file, options);
  return {
    kind: target.kind,
    database: describeTarget(target),
    file,
    bytes: await fileSize(file),
    ...result,
  };
}
