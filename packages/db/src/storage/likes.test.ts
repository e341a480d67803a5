import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { songLikeSlots, songs } from "../schema";
import { createTestDb, makeSong, makeUser, type TestDatabase } from "../testing";
import { foldLikeSlots, likeSong, unlikeSong } from "./likes";
import { getSong, listSongsByOwner } from "./songs";
import { refreshTrendingScores } from "./trending";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

describe("likeSong / unlikeSong", () => {
  it("is idempotent and keeps the counter equal to the rows", async () => {
    const owner = await makeUser(t);
    const fan = await makeUser(t);
    const song = await makeSong(t.db, owner.id);
    expect(await likeSong(t.db, { songId: song.id, userId: fan.id })).toEqual({
      liked: true,
      likeCount: 1,
    });
    expect(await likeSong(t.db, { songId: song.id, userId: fan.id })).toEqual({
      liked: true,
      likeCount: 1,
    });
    expect(await likeSong(t.db, { songId: song.id, userId: owner.id })).toEqual({
      liked: true,
      likeCount: 2,
    });
    expect((await getSong(t.db, { id: song.id, viewerId: fan.id }))!.likedByMe).toBe(true);
    expect(await unlikeSong(t.db, { songId: song.id, userId: fan.id })).toEqual({
      liked: false,
      likeCount: 1,
    });
    expect(await unlikeSong(t.db, { songId: song.id, userId: fan.id })).toEqual({
      liked: false,
      likeCount: 1,
    });
    expect((await getSong(t.db, { id: song.id, viewerId: fan.id }))!.likedByMe).toBe(false);
  });

  it("cannot like what one cannot see", async () => {
    const owner = await makeUser(t);
    const other = await makeUser(t);
    const priv = await makeSong(t.db, owner.id, { isPublic: false });
    await expect(likeSong(t.db, { songId: priv.id, userId: other.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(unlikeSong(t.db, { songId: priv.id, userId: other.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      likeSong(t.db, { songId: "00000000-0000-4000-8000-000000000000", userId: other.id }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await getSong(t.db, { id: priv.id, viewerId: owner.id }))!.likeCount).toBe(0);
  });
});

describe("like slots and foldLikeSlots", () => {
  const folded = async (id: string) =>
    (await t.db.select({ n: songs.likeCount }).from(songs).where(eq(songs.id, id)))[0]!.n;
  const slotRows = async (id: string) =>
    (await t.db.select().from(songLikeSlots).where(eq(songLikeSlots.songId, id))).length;

  it("shows the exact count before and after the slots are folded into the song", async () => {
    const owner = await makeUser(t);
    const song = await makeSong(t.db, owner.id);
    const fans = [await makeUser(t), await makeUser(t), await makeUser(t)];
    for (const fan of fans) await likeSong(t.db, { songId: song.id, userId: fan.id });
    expect(await folded(song.id)).toBe(0);
    expect((await getSong(t.db, { id: song.id, viewerId: null }))!.likeCount).toBe(3);
    expect(await foldLikeSlots(t.db)).toBeGreaterThanOrEqual(1);
    expect(await folded(song.id)).toBe(3);
    expect(await slotRows(song.id)).toBe(0);
    expect((await getSong(t.db, { id: song.id, viewerId: null }))!.likeCount).toBe(3);
    // An unlike after the fold is a negative slot until the next one.
    expect((await unlikeSong(t.db, { songId: song.id, userId: fans[0]!.id })).likeCount).toBe(2);
    expect((await listSongsByOwner(t.db, owner.id)).items[0]!.likeCount).toBe(2);
    await refreshTrendingScores(t.db);
    expect(await folded(song.id)).toBe(2);
    expect(await slotRows(song.id)).toBe(0);
  });
});
