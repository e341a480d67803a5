// Read-replica configuration and the read chooser's fallbacks. Reads routed to a real
// streaming replica are tested in packages/api/src/read-replicas.test.ts (PostgreSQL only).
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { createDb, drizzleConfig } from "./client";
import { DatabaseConfigError, parseDatabaseEnv } from "./env";
import { createReadRouter, parseLsn } from "./replicas";
import { drizzle } from "drizzle-orm/postgres-js";

const primary = "postgres://app:secret@db-primary:5432/harmoniq";

describe("DATABASE_REPLICA_URLS", () => {
  it("accepts comma-separated PostgreSQL URLs", () => {
    const env = parseDatabaseEnv({
      DATABASE_URL: primary,
      DATABASE_REPLICA_URLS:
        "postgres://app:secret@replica-1:5432/harmoniq, postgresql://app:secret@replica-2/harmoniq",
    });
    expect(env.DATABASE_REPLICA_URLS).toEqual([
      "postgres://app:secret@replica-1:5432/harmoniq",
      "postgresql://app:secret@replica-2/harmoniq",
    ]);
  });

  it("names the bad entry by position, without echoing credentials", () => {
    const parse = () =>
      parseDatabaseEnv({
        DATABASE_URL: primary,
        DATABASE_REPLICA_URLS: "postgres://app:secret@replica-1/harmoniq,mysql://app:hunter2@x/db",
      });
    expect(parse).toThrow(DatabaseConfigError);
    expect(parse).toThrow(/DATABASE_REPLICA_URLS entry 2 of 2 must be a URL like postgres:/);
    expect(parse).not.toThrow(/hunter2/);
    expect(() =>
      parseDatabaseEnv({ DATABASE_URL: primary, DATABASE_REPLICA_URLS: "postgres://a@r1/db,," }),
    ).toThrow(/entry 2 of 3/);
  });

  it("refuses replicas without a PostgreSQL primary", async () => {
    expect(() =>
      parseDatabaseEnv({ DATABASE_REPLICA_URLS: "postgres://app@replica-1/harmoniq" }),
    ).toThrow(/DATABASE_REPLICA_URLS needs DATABASE_URL/);
    await expect(createDb({ replicaUrls: ["postgres://app@replica-1/harmoniq"] })).rejects.toThrow(
      DatabaseConfigError,
    );
  });
});

describe("parseLsn", () => {
  it("orders WAL positions numerically across the high word", () => {
    expect(parseLsn("0/3000060")! < parseLsn("0/30000A0")!).toBe(true);
    expect(parseLsn("0/FFFFFFFF")! < parseLsn("1/0")!).toBe(true);
    expect(parseLsn("16/B374D848")).toBe((0x16n << 32n) + 0xb374d848n);
  });

  it("rejects anything else", () => {
    for (const bad of ["", "pending", "0", "0/", "/1", "0/123456789", "g/1", "0/1; drop"])
      expect(parseLsn(bad)).toBeNull();
  });
});

describe("createReadRouter", () => {
  // Never queried: the router only hands it out (postgres.js connects lazily).
  const primaryDb = drizzle(
    postgres("postgres://nobody@127.0.0.1:1/none", { max: 1 }),
    drizzleConfig,
  );

  it("reads from the primary when no replica is configured, and gives no position", async () => {
    const router = createReadRouter({ primary: primaryDb });
    expect(router.replicas).toEqual([]);
    expect(await router.forRead()).toBe(primaryDb);
    expect(await router.forRead("0/1")).toBe(primaryDb);
    expect(await router.primaryLsn()).toBeNull();
  });

  it("falls back to the primary when a replica cannot be reached, and says so once", async () => {
    // Port 1 refuses connections: a replica that is down.
    const client = postgres("postgres://app@127.0.0.1:1/harmoniq", {
      max: 1,
      connect_timeout: 2,
      onnotice: () => {},
    });
    const messages: string[] = [];
    const router = createReadRouter({
      primary: primaryDb,
      replicas: [{ name: "127.0.0.1:1/harmoniq", client, db: drizzle(client, drizzleConfig) }],
      log: (message) => messages.push(message),
    });
    try {
      expect(router.replicas).toEqual([{ name: "127.0.0.1:1/harmoniq" }]);
      expect(await router.forRead()).toBe(primaryDb);
      expect(await router.forRead("0/1")).toBe(primaryDb);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(/read replica 127\.0\.0\.1:1\/harmoniq is not answering/);
    } finally {
      await client.end({ timeout: 1 });
    }
  });
});
