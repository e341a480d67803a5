// db:backup / db:restore on PostgreSQL (pg_dump -Fc / pg_restore). Runs in `pnpm test:pg`;
// skipped without TEST_DATABASE_URL.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../seed/demo";
import { addComment } from "../storage/comments";
import { createTestDb, makeSong, makeUser, testDatabaseUrl, type TestDatabase } from "../testing";
import {
  backupDatabase,
  describeTarget,
  restoreDatabase,
  tableChecksums,
  type BackupTarget,
} from ".";

describe.skipIf(!testDatabaseUrl)("db:backup / db:restore on PostgreSQL", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "hq-pg-backup-"));
  let t: TestDatabase;
  let target: BackupTarget;
  let admin: postgres.Sql;
  const checksums = () =>
    tableChecksums(async (query) => [...(await admin.unsafe<Record<string, unknown>[]>(query))]);

  beforeAll(async () => {
    t = await createTestDb();
    target = { kind: "postgres", url: t.url! };
    await seedDemo(t.db);
    const someone = await makeUser(t, { name: "Backup Person" });
    const song = await makeSong(t.db, someone.id, { title: "Ünïcode & 'quotes'" });
    await addComment(t.db, someone.id, { songId: song.id, content: "kept", atSec: 1.25 });
    admin = postgres(t.url!, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await admin?.end({ timeout: 5 });
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("backs up with pg_dump, and after the schemas are dropped restores every row", async () => {
    const before = await checksums();
    expect(before["public.songs"]!.rows).toBeGreaterThan(5);
    expect(before["drizzle.__drizzle_migrations"]!.rows).toBeGreaterThan(0);

    const file = path.join(dir, "one.pgdump");
    const backup = await backupDatabase(target, file);
    expect(backup.tool).toMatch(/^pg_dump \d+/);
    expect(backup.bytes).toBeGreaterThan(1000);
    expect(describeTarget({ kind: "postgres", url: "postgres://u:s3cret@h:5432/d" })).toBe(
      "postgres://u@h:5432/d",
    );
    expect(Object.fromEntries(backup.counts.map((c) => [c.table, c.rows]))).toEqual(
      Object.fromEntries(Object.entries(before).map(([table, c]) => [table, c.rows])),
    );

    // Wipe: drop both schemas, as a lost or fresh database would be.
    await admin.unsafe(
      "drop schema public cascade; drop schema drizzle cascade; create schema public",
    );
    expect(Object.keys(await checksums())).toEqual([]);

    const restored = await restoreDatabase(target, file);
    expect(restored.tool).toMatch(/^pg_restore \d+/);
    expect(await checksums()).toEqual(before);

    // Restoring over a database that still has the data replaces it, rows unchanged.
    await restoreDatabase(target, file);
    expect(await checksums()).toEqual(before);
  }, 120_000);

  it("says clearly when pg_dump is missing or older than the server, and writes nothing", async () => {
    const empty = path.join(dir, "no-tools");
    const old = path.join(dir, "old-tools");
    mkdirSync(empty);
    mkdirSync(old);
    const fake = path.join(old, "pg_dump");
    writeFileSync(fake, "#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n");
    chmodSync(fake, 0o755);

    const file = path.join(dir, "never.pgdump");
    await expect(backupDatabase(target, file, { binDir: empty })).rejects.toThrow(
      /pg_dump was not found in .*no-tools.*HARMONIQ_PG_BIN_DIR/,
    );
    await expect(backupDatabase(target, file, { binDir: old })).rejects.toThrow(
      /pg_dump 9\.6 is older than the PostgreSQL \d+ server/,
    );
    expect(existsSync(file)).toBe(false);
  });

  it("refuses an embedded-database backup while DATABASE_URL points at PostgreSQL", async () => {
    const tarball = path.join(dir, "embedded.pglite.tar.gz");
    writeFileSync(tarball, Buffer.from([0x1f, 0x8b, 0x08, 0]));
    await expect(restoreDatabase(target, tarball)).rejects.toThrow(
      /embedded \(PGlite\) backup.*unset DATABASE_URL/,
    );
  });
});
