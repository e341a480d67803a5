import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, createPgliteClient, pgliteHandle } from "../client";
import { seedDemo } from "../seed/demo";
import { addComment } from "../storage/comments";
import { makeSong, makeUser } from "../testing";
import {
  BackupError,
  backupDatabase,
  backupTargetFromEnv,
  restoreDatabase,
  tableChecksums,
  type BackupTarget,
  type QueryRows,
} from ".";

const dir = mkdtempSync(path.join(tmpdir(), "hq-backup-"));
const target: Extract<BackupTarget, { kind: "pglite" }> = {
  kind: "pglite",
  dataDir: path.join(dir, "pglite"),
};
const file = path.join(dir, "backups", "one.pglite.tar.gz");

const rowsOf =
  (client: PGlite): QueryRows =>
  async (query) =>
    (await client.query<Record<string, unknown>>(query)).rows;

/** Opens the embedded database in `dir`, runs `use`, closes it (PGlite is single-process). */
async function withDatabase<T>(use: (client: PGlite) => Promise<T>): Promise<T> {
  const client = await createPgliteClient({ dataDir: target.dataDir });
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

let before: Awaited<ReturnType<typeof tableChecksums>>;

beforeAll(async () => {
  const handle = await createDb({ dataDir: target.dataDir, migrate: true });
  await seedDemo(handle.db);
  const someone = await makeUser(handle, { name: "Backup Person" });
  const song = await makeSong(handle.db, someone.id, { title: "Ünïcode & 'quotes'" });
  await addComment(handle.db, someone.id, { songId: song.id, content: "kept", atSec: 1.25 });
  await handle.close();
  before = await withDatabase((client) => tableChecksums(rowsOf(client)));
}, 300_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("db:backup / db:restore on the embedded database", () => {
  it("picks the embedded database's folder when DATABASE_URL is unset", () => {
    expect(backupTargetFromEnv({ HARMONIQ_DATA_DIR: dir })).toEqual(target);
    expect(backupTargetFromEnv({ DATABASE_URL: "postgres://u@h:5432/d" }).kind).toBe("postgres");
  });

  it("backs up, and after every row is wiped restores every row", async () => {
    expect(before["public.songs"]!.rows).toBeGreaterThan(5);
    expect(before["public.user"]!.rows).toBeGreaterThan(2);
    expect(before["drizzle.__drizzle_migrations"]!.rows).toBeGreaterThan(0);

    const backup = await backupDatabase(target, file);
    expect(backup).toMatchObject({ kind: "pglite", database: target.dataDir, file });
    expect(backup.bytes).toBeGreaterThan(1000);
    const counted = Object.fromEntries(backup.counts.map((c) => [c.table, c.rows]));
    expect(counted).toEqual(
      Object.fromEntries(Object.entries(before).map(([t, c]) => [t, c.rows])),
    );

    // Wipe: every row of every table.
    await withDatabase(async (client) => {
      const tables = Object.keys(before).map((t) => t.replace(/^(\w+)\.(.+)$/, '"$1"."$2"'));
      await client.exec(`truncate ${tables.join(", ")} cascade`);
    });
    const wiped = await withDatabase((client) => tableChecksums(rowsOf(client)));
    expect(wiped["public.songs"]!.rows).toBe(0);

    const restored = await restoreDatabase(target, file);
    expect(restored.previous).toMatch(/pglite\.before-restore-\d{8}-\d{6}$/);
    expect(existsSync(restored.previous!)).toBe(true);
    expect(await withDatabase((client) => tableChecksums(rowsOf(client)))).toEqual(before);
    // And it is a working database, not only readable rows.
    const handle = pgliteHandle(await createPgliteClient({ dataDir: target.dataDir }));
    try {
      const someone = await makeUser(handle);
      await makeSong(handle.db, someone.id);
    } finally {
      await handle.close();
    }
    rmSync(restored.previous!, { recursive: true, force: true });
  }, 300_000);

  it("refuses a file that is not a backup of this kind, and leaves the database alone", async () => {
    const current = await withDatabase((client) => tableChecksums(rowsOf(client)));
    const notBackup = path.join(dir, "notes.txt");
    writeFileSync(notBackup, "hello");
    const pgDump = path.join(dir, "x.pgdump");
    writeFileSync(pgDump, "PGDMP\u0001\u000e\u0000");
    const corrupt = path.join(dir, "corrupt.pglite.tar.gz");
    writeFileSync(corrupt, Buffer.from([0x1f, 0x8b, 0x08, 0, 1, 2, 3, 4, 5, 6, 7]));

    await expect(restoreDatabase(target, notBackup)).rejects.toThrow(/not a HarmoniQ backup/);
    await expect(restoreDatabase(target, pgDump)).rejects.toThrow(/PostgreSQL dump.*DATABASE_URL/);
    await expect(restoreDatabase(target, corrupt)).rejects.toThrow(
      /did not open as an embedded database.*Nothing was changed/,
    );
    await expect(restoreDatabase(target, path.join(dir, "missing.tar.gz"))).rejects.toThrow(
      /no backup file/,
    );
    await expect(backupDatabase(target, file)).rejects.toThrow(BackupError);
    await expect(
      backupDatabase({ kind: "pglite", dataDir: path.join(dir, "nothing") }, path.join(dir, "n")),
    ).rejects.toThrow(/no embedded database/);

    expect(await withDatabase((client) => tableChecksums(rowsOf(client)))).toEqual(current);
    expect(existsSync(`${file}.partial`)).toBe(false);
  }, 300_000);
});
