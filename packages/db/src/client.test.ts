import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDbFromEnv, defaultDataDir } from "./client";
import { selectRows } from "./driver-rows";
import { sql } from "drizzle-orm";
import { testDatabaseUrl } from "./testing";

describe("createDbFromEnv", () => {
  it("names DATABASE_URL when it is malformed", async () => {
    await expect(createDbFromEnv({ DATABASE_URL: "mysql://localhost/x" })).rejects.toThrow(
      /DATABASE_URL must be a URL like postgres:\/\//,
    );
    await expect(createDbFromEnv({ DATABASE_URL: "not a url" })).rejects.toThrow(/DATABASE_URL/);
  });

  it("names DATABASE_URL and the server when it is unreachable", async () => {
    await expect(
      createDbFromEnv({ DATABASE_URL: "postgres://postgres@127.0.0.1:1/nowhere" }),
    ).rejects.toThrow(/DATABASE_URL: cannot connect to 127\.0\.0\.1:1\/nowhere/);
  });

  it("uses a persistent embedded database when DATABASE_URL is unset", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hq-data-"));
    try {
      const first = await createDbFromEnv({ HARMONIQ_DATA_DIR: dir }, { migrate: true });
      expect(first.kind).toBe("pglite");
      await first.db.execute(
        sql`insert into "user" (id, name, email, handle) values ('u1', 'Kept', 'k@x.test', 'kept')`,
      );
      await first.close();
      const second = await createDbFromEnv({ HARMONIQ_DATA_DIR: dir }, { migrate: true });
      const rows = await selectRows<{ name: string }>(second.db, sql`select name from "user"`);
      expect(rows).toEqual([{ name: "Kept" }]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Two on-disk PGlite start-ups (WASM initdb) and migrations: past 30 s on a loaded machine.
  }, 120_000);

  it.skipIf(!testDatabaseUrl)("opens PostgreSQL connections with JIT off", async () => {
    // Every pooled connection, not just the first: each one starts with the setting.
    const handle = await createDbFromEnv({ DATABASE_URL: testDatabaseUrl! });
    try {
      const settings = await Promise.all(
        [1, 2, 3].map(() => selectRows<{ jit: string }>(handle.db, sql`show jit`)),
      );
      expect(settings.flat()).toEqual([{ jit: "off" }, { jit: "off" }, { jit: "off" }]);
    } finally {
      await handle.close();
    }
  });

  it("puts the default data directory at the workspace root", () => {
    expect(defaultDataDir(path.join(process.cwd(), "src"))).toBe(
      path.resolve(process.cwd(), "../../.data"),
    );
  });
});
