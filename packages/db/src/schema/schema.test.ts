import { readdirSync, readFileSync } from "node:fs";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { is, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from ".";
import {
  CREATION_MODES,
  GENRES,
  MESSAGE_ROLES,
  MESSAGE_STATUSES,
  MOODS,
  NOTIFICATION_KINDS,
  SONG_STATUSES,
} from "../constants";
import { selectRows } from "../driver-rows";
import { createTestDb, makeUser, type TestDatabase } from "../testing";

const tables: PgTable[] = [];
for (const value of Object.values(schema)) if (is(value, PgTable)) tables.push(value);

describe("schema guardrails", () => {
  it("covers every table of the product", () => {
    const names = tables.map((table) => getTableConfig(table).name).sort();
    expect(names).toEqual(
      [
        "account",
        "apikey",
        "app_passwords",
        "conversations",
        "follower_count_slots",
        "follows",
        "messages",
        "notifications",
        "playlist_songs",
        "playlists",
        "rate_limits",
        "session",
        "song_comments",
        "song_like_slots",
        "song_likes",
        "song_pictures",
        "song_plays",
        "song_reposts",
        "songs",
        "user",
        "verification",
      ].sort(),
    );
  });

  it("declares onDelete on every foreign key in the source", () => {
    // Drizzle fills in "no action" when onDelete is left out, so the source is what tells.
    const dir = new URL(".", import.meta.url);
    let references = 0;
    for (const file of readdirSync(dir).filter(
      (f) => f.endsWith(".ts") && !f.endsWith(".test.ts"),
    )) {
      const source = readFileSync(new URL(file, dir), "utf8");
      for (const match of source.matchAll(/\.references\(([^;]*?)\)\s*[,.)]/gs)) {
        references += 1;
        expect(match[1], `${file}: ${match[0]}`).toMatch(
          /onDelete:\s*"(cascade|set null|restrict|no action|set default)"/,
        );
      }
    }
    expect(references).toBeGreaterThanOrEqual(15);
  });

  it.each(tables.map((table) => [getTableConfig(table).name, table] as const))(
    "%s: every foreign key has an index led by its column",
    (_name, table) => {
      const config = getTableConfig(table);
      const leadingColumns = new Set<string>();
      for (const index of config.indexes) {
        const first = index.config.columns[0] as { name?: string } | undefined;
        if (first?.name) leadingColumns.add(first.name);
      }
      for (const pk of config.primaryKeys) leadingColumns.add(pk.columns[0]!.name);
      for (const column of config.columns) {
        if (column.primary || column.isUnique) leadingColumns.add(column.name);
      }
      for (const unique of config.uniqueConstraints) leadingColumns.add(unique.columns[0]!.name);

      for (const fk of config.foreignKeys) {
        const reference = fk.reference();
        const column = reference.columns[0]!.name;
        expect(leadingColumns.has(column), `${config.name}.${column} has a leading index`).toBe(
          true,
        );
      }
    },
  );
});

describe("schema in the database", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("names every table and column in snake_case", async () => {
    const list = await selectRows<{ table_name: string; column_name: string }>(
      db.db,
      sql`select table_name, column_name from information_schema.columns where table_schema = 'public'`,
    );
    expect(list.length).toBeGreaterThan(50);
    for (const { table_name, column_name } of list) {
      expect(table_name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(column_name).toMatch(/^[a-z][a-z0-9_]*$/);
    }
  });

  it("enforces the same allowed values as the constants module", async () => {
    const rows = await selectRows<{ typname: string; labels: string[] }>(
      db.db,
      sql`select t.typname, array_agg(e.enumlabel order by e.enumsortorder)::text[] as labels
          from pg_type t join pg_enum e on e.enumtypid = t.oid group by t.typname`,
    );
    const enums = Object.fromEntries(rows.map((row) => [row.typname, row.labels]));
    expect(enums).toEqual({
      mood: [...MOODS],
      genre: [...GENRES],
      creation_mode: [...CREATION_MODES],
      song_status: [...SONG_STATUSES],
      message_role: [...MESSAGE_ROLES],
      message_status: [...MESSAGE_STATUSES],
      notification_kind: [...NOTIFICATION_KINDS],
    });
  });

  it("refuses a value outside the constants even when zod is bypassed", async () => {
    const user = await makeUser(db);
    await expect(
      db.db.execute(
        sql`insert into songs (owner_id, title, mood, genre, creation_mode, duration_sec, seed)
            values (${user.id}, 'x', 'Angry', 'Pop', 'description', 60, 1)`,
      ),
    ).rejects.toThrow();
    await expect(
      db.db.execute(sql`update "user" set handle = 'Not A Handle' where id = ${user.id}`),
    ).rejects.toThrow();
  });
});
