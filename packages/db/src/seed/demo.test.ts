import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENRES, MOODS } from "../constants";
import { songs } from "../schema";
import { seedDemo } from "./demo";
import { getFeed } from "../storage/feed";
import { createTestDb, type TestDatabase } from "../testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

describe("seedDemo", () => {
  it("fills every mood × genre with public songs, likes, comments and playlists, once", async () => {
    const summary = await seedDemo(t.db);
    expect(summary).toMatchObject({
      users: 5,
      songs: MOODS.length * GENRES.length + 5,
      playlists: 3,
      skipped: false,
    });
    const pairs = await t.db
      .select({ n: sql<number>`count(distinct (${songs.mood}, ${songs.genre}))::int` })
      .from(songs)
      .where(sql`${songs.isPublic}`);
    expect(pairs[0]!.n).toBe(MOODS.length * GENRES.length);
    const top = await getFeed(t.db, { sort: "top", limit: 3 });
    expect(top.items[0]!.likeCount).toBeGreaterThan(0);
    expect((await seedDemo(t.db)).skipped).toBe(true);
  });
});
