// Test databases: an in-memory PGlite by default, or a fresh PostgreSQL database per call when
// TEST_DATABASE_URL is set. Both get the committed migrations; PostgreSQL ones are dropped on close.
import { randomBytes, randomUUID } from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { createDb, createPgliteClient, migrate, pgliteHandle, type DatabaseHandle } from "./client";
import type { InsertSong } from "./schema";
import { createSong } from "./storage/songs";
import { createUser } from "./storage/users";

/** Raw rows for tests and tools that read the catalog or count rows. */
export { selectRows } from "./driver-rows";

export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;
export const testDatabaseKind = testDatabaseUrl ? "postgres" : "pglite";

let pgliteTemplate: Promise<PGlite> | undefined;

/** A migrated PGlite, built once per worker; each test database is a clone of it. */
function migratedPgliteTemplate(): Promise<PGlite> {
  pgliteTemplate ??= (async () => {
    const client = await createPgliteClient();
    await migrate(pgliteHandle(client));
    return client;
  })();
  return pgliteTemplate;
}

export interface TestDatabase extends DatabaseHandle {
  /** The database's URL (PostgreSQL only), for tests that open more connections. */
  url?: string;
}

export async function createTestDb(options: { max?: number } = {}): Promise<TestDatabase> {
  if (!testDatabaseUrl) {
    const template = await migratedPgliteTemplate();
    // clone() is typed as the interface, but returns a full PGlite instance.
    return pgliteHandle((await template.clone()) as PGlite);
  }
  const empty = await createEmptyDatabase(testDatabaseUrl, "hq_test");
  const handle = await createDb({ url: empty.url, max: options.max ?? 10, migrate: true });
  return {
    ...handle,
    url: empty.url,
    close: async () => {
      await handle.close();
      await empty.drop();
    },
  };
}

/**
 * A new, empty database on the server of `adminUrl` (tests, benchmarks and the reliability
 * suite; whoever opens it migrates it). `drop()` removes it, forcing out open connections.
 */
export async function createEmptyDatabase(adminUrl: string, prefix: string) {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await withAdmin(adminUrl, (admin) => admin.unsafe(`create database "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () =>
      withAdmin(adminUrl, (admin) =>
        admin.unsafe(`drop database if exists "${name}" with (force)`),
      ),
  };
}

async function withAdmin(adminUrl: string, run: (admin: postgres.Sql) => Promise<unknown>) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await run(admin);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

let userCounter = 0;

/** A user with a unique handle and email, for tests and the seed. */
export async function makeUser(
  handle: DatabaseHandle | DatabaseHandle["db"],
  overrides: { name?: string; handle?: string } = {},
) {
  const db = "db" in handle ? handle.db : handle;
  userCounter += 1;
  const suffix = `${userCounter}_${randomUUID().slice(0, 6)}`;
  return createUser(db, {
    name: overrides.name ?? `Test User ${suffix}`,
    email: `user_${suffix}@example.test`,
    handle: overrides.handle ?? `user_${suffix}`.replace(/-/g, "_").slice(0, 30),
  });
}

let songCounter = 0;

/** A song owned by `ownerId`, public unless said otherwise. */
export async function makeSong(
  db: DatabaseHandle["db"],
  ownerId: string,
  overrides: Partial<InsertSong> = {},
) {
  songCounter += 1;
  return createSong(db, ownerId, {
    title: `Song ${songCounter}`,
    mood: "Happy",
    genre: "Pop",
    creationMode: "description",
    description: "a song for tests",
    isPublic: true,
    durationSec: 60,
    seed: songCounter,
    ...overrides,
  });
}
