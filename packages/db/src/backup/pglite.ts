import { createWriteStream, existsSync, openAsBlob } from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { BackupError } from "./errors";
import { countTableRows, type QueryRows, type TableCount } from "./table-counts";

const rowsOf =
  (client: PGlite): QueryRows =>
  async (query) =>
    (await client.query<Record<string, unknown>>(query)).rows;

/** A stamp for file and folder names: 20260304-101500. */
export const stamp = (date = new Date()) =>
  date.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);

function assertDatabaseDir(dataDir: string) {
  if (!existsSync(path.join(dataDir, "PG_VERSION")))
    throw new BackupError(`There is no embedded database at ${dataDir} to back up.`);
}

/**
 * Writes the embedded database's data directory as a gzipped tarball (PGlite's own dump
 * format). The app must not have the database open: PGlite is single-process.
 */
export async function backupPglite(dataDir: string, file: string): Promise<TableCount[]> {
  assertDatabaseDir(dataDir);
  // The extensions the migrations create must be loaded, or the database does not open.
  const client = await PGlite.create({ dataDir, extensions: { pg_trgm } });
  const partial = `${file}.partial`;
  try {
    const counts = await countTableRows(rowsOf(client));
    const dump = await client.dumpDataDir("gzip");
    await pipeline(
      Readable.fromWeb(dump.stream() as unknown as NodeWebStream<Uint8Array>),
      createWriteStream(partial),
    );
    await rename(partial, file);
    return counts;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    await client.close();
  }
}

/**
 * Restores a tarball made by `backupPglite` into a fresh data directory beside the current
 * one, opens it to prove it is a working database, and only then swaps it in. The old
 * directory is kept beside it (`<dir>.before-restore-<stamp>`) until you delete it.
 */
export async function restorePglite(
  dataDir: string,
  file: string,
): Promise<{ counts: TableCount[]; previous: string | null }> {
  const at = stamp();
  const staging = `${dataDir}.restoring-${at}`;
  let counts: TableCount[];
  try {
    const client = await PGlite.create({
      dataDir: staging,
      loadDataDir: await openAsBlob(file),
      extensions: { pg_trgm },
    });
    try {
      counts = await countTableRows(rowsOf(client));
    } finally {
      await client.close();
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new BackupError(
      `Could not restore ${file}: it did not open as an embedded database ` +
        `(${(error as Error).message}). Nothing was changed in ${dataDir}.`,
      { cause: error },
    );
  }
  // The new database works: swap it in, keeping the old one (and putting it back on failure).
  let previous: string | null = null;
  if (existsSync(dataDir)) {
    previous = `${dataDir}.before-restore-${at}`;
    await rename(dataDir, previous);
  }
  try {
    await rename(staging, dataDir);
  } catch (error) {
    if (previous) await rename(previous, dataDir);
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return { counts, previous };
}

export const fileSize = async (file: string) => (await stat(file)).size;
