import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { createTestDb } from "./testing";
import { isDatabaseUnavailable, notFound } from "./errors";
import { sql } from "drizzle-orm";

describe("isDatabaseUnavailable", () => {
  it("is true for a server that cannot be reached, as the driver reports it", async () => {
    // Nothing listens on port 1: the connection is refused.
    const client = postgres("postgres://postgres@127.0.0.1:1/none", {
      max: 1,
      connect_timeout: 2,
      onnotice: () => {},
    });
    const error = await client`select 1`.then(
      () => null,
      (caught: unknown) => caught,
    );
    await client.end({ timeout: 1 });
    expect(error).not.toBeNull();
    expect(isDatabaseUnavailable(error)).toBe(true);
    // Wrapped the way Drizzle wraps driver errors.
    expect(isDatabaseUnavailable(new Error("Failed query", { cause: error }))).toBe(true);
  });

  it("is false for errors of the query or the caller", async () => {
    const t = await createTestDb();
    try {
      const error = await t.db.execute(sql`select * from no_such_table`).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).not.toBeNull();
      expect(isDatabaseUnavailable(error)).toBe(false);
    } finally {
      await t.close();
    }
    expect(isDatabaseUnavailable(notFound("Song"))).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
