import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { songs } from "../schema";
import { createTestDb, makeSong, makeUser, type TestDatabase } from "../testing";
import { likeSong } from "./likes";
import { getSong, updateSong } from "./songs";
import { refreshTrendingScores } from "./trending";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

describe("refreshTrendingScores", () => {
  it("ranks recent engagement above old engagement", async () => {
    const owner = await makeUser(t);
    const fan = await makeUser(t);
    const fresh = await makeSong(t.db, owner.id);
    const old = await makeSong(t.db, owner.id);
    await t.db
      .update(songs)
      .set({ createdAt: new Date(Date.now() - 7 * 24 * 3600_000) })
      .where(eq(songs.id, old.id));
    await likeSong(t.db, { songId: fresh.id, userId: fan.id });
    await likeSong(t.db, { songId: old.id, userId: fan.id });
    await likeSong(t.db, { songId: old.id, userId: owner.id });
    expect(await refreshTrendingScores(t.db)).toBeGreaterThanOrEqual(2);
    const scores = await t.db
      .select({ id: songs.id, score: songs.trendingScore })
      .from(songs)
      .where(sql`${songs.id} in (${fresh.id}, ${old.id})`);
    const score = (id: string) => scores.find((s) => s.id === id)!.score;
    expect(score(fresh.id)).toBeGreaterThan(score(old.id));
    // Reddit's hot formula: log10(votes) + seconds since its epoch / 45000.
    const createdSec =
      (await getSong(t.db, { id: old.id, viewerId: owner.id }))!.createdAt.getTime() / 1000;
    expect(score(old.id)).toBeCloseTo(Math.log10(2) + (createdSec - 1134028003) / 45000, 9);
  });

  it("rewrites only the scores whose counters changed since the last refresh", async () => {
    const owner = await makeUser(t);
    const fan = await makeUser(t);
    const [a, b] = [await makeSong(t.db, owner.id), await makeSong(t.db, owner.id)];
    await refreshTrendingScores(t.db);
    expect(await refreshTrendingScores(t.db)).toBe(0);
    const before = await scoreOf(b.id);
    // Reddit's formula counts votes from one up: a first like changes no score.
    await likeSong(t.db, { songId: a.id, userId: fan.id });
    expect(await refreshTrendingScores(t.db)).toBe(0);
    await likeSong(t.db, { songId: a.id, userId: owner.id });
    expect(await refreshTrendingScores(t.db)).toBe(1);
    expect(await scoreOf(b.id)).toBe(before);
    // Created a moment apart, so a's lead is its log10(2 likes).
    expect(await scoreOf(a.id)).toBeCloseTo(before + Math.log10(2), 3);
  });

  it("scores a song when it becomes public and leaves private songs alone", async () => {
    const owner = await makeUser(t);
    const song = await makeSong(t.db, owner.id, { isPublic: false });
    await refreshTrendingScores(t.db);
    expect(await scoreOf(song.id)).toBe(0);
    await updateSong(t.db, { id: song.id, userId: owner.id }, { isPublic: true });
    expect(await refreshTrendingScores(t.db)).toBe(1);
    expect(await scoreOf(song.id)).toBeGreaterThan(0);
  });
});

async function scoreOf(id: string) {
  const [row] = await t.db
    .select({ score: songs.trendingScore })
    .from(songs)
    .where(eq(songs.id, id));
  return row!.score;
}
