import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, makeSong, makeUser, type TestDatabase } from "../testing";
import { addComment } from "./comments";
import { likeSong } from "./likes";
import { recordPlay } from "./plays";
import { getUserStats } from "./stats";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

describe("getUserStats", () => {
  it("aggregates songs, plays per day, likes and genres", async () => {
    const artist = await makeUser(t);
    const fan = await makeUser(t);
    const a = await makeSong(t.db, artist.id, { genre: "Jazz" });
    const b = await makeSong(t.db, artist.id, { genre: "Jazz", isPublic: false });
    await makeSong(t.db, artist.id, { genre: "Rock" });
    const now = new Date("2026-03-10T12:00:00Z");
    const day = (offset: number) => new Date(now.getTime() - offset * 24 * 3600_000);
    await recordPlay(t.db, { songId: a.id, listenerKey: "l1", at: day(0) });
    await recordPlay(t.db, { songId: a.id, listenerKey: "l2", at: day(0) });
    await recordPlay(t.db, {
      songId: b.id,
      listenerId: artist.id,
      listenerKey: artist.id,
      at: day(2),
    });
    await recordPlay(t.db, { songId: a.id, listenerKey: "l1", at: day(40) });
    await likeSong(t.db, { songId: a.id, userId: fan.id });
    await addComment(t.db, fan.id, { songId: a.id, content: "nice" });

    const stats = await getUserStats(t.db, artist.id, { now, days: 7 });
    expect(stats).toMatchObject({
      songCount: 3,
      publicSongCount: 2,
      totalPlays: 4,
      likesReceived: 1,
      commentsReceived: 1,
    });
    expect(stats.playsPerDay).toHaveLength(7);
    expect(stats.playsPerDay.at(-1)).toEqual({ day: "2026-03-10", plays: 2 });
    expect(stats.playsPerDay.at(-3)).toEqual({ day: "2026-03-08", plays: 1 });
    expect(stats.playsPerDay.reduce((sum, d) => sum + d.plays, 0)).toBe(3);
    expect(stats.songsPerGenre).toEqual([
      { genre: "Jazz", count: 2 },
      { genre: "Rock", count: 1 },
    ]);
  });

  it("is all zeros for a new user", async () => {
    const nobody = await makeUser(t);
    const stats = await getUserStats(t.db, nobody.id, { days: 3 });
    expect(stats).toMatchObject({
      songCount: 0,
      totalPlays: 0,
      likesReceived: 0,
      songsPerGenre: [],
    });
    expect(stats.playsPerDay.map((d) => d.plays)).toEqual([0, 0, 0]);
  });
});
