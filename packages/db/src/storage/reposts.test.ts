import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { songReposts, songs } from "../schema";
import { createTestDb, makeSong, makeUser, type TestDatabase } from "../testing";
import { deleteSong, getSong, updateSong } from "./songs";
import { repostSong, unrepostSong } from "./reposts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

async function repostRows(songId: string) {
  const [row] = await t.db
    .select({ n: sql<number>`count(*)::int` })
    .from(songReposts)
    .where(eq(songReposts.songId, songId));
  return row!.n;
}

describe("repostSong / unrepostSong", () => {
  it("is idempotent and keeps the counter equal to the rows", async () => {
    const owner = await makeUser(t);
    const fan = await makeUser(t);
    const other = await makeUser(t);
    const song = await makeSong(t.db, owner.id);
    const one = { reposted: true, repostCount: 1 };
    expect(await repostSong(t.db, { songId: song.id, userId: fan.id })).toEqual(one);
    expect(await repostSong(t.db, { songId: song.id, userId: fan.id })).toEqual(one);
    expect(await repostSong(t.db, { songId: song.id, userId: other.id })).toEqual({
      reposted: true,
      repostCount: 2,
    });
    const seen = await getSong(t.db, { id: song.id, viewerId: fan.id });
    expect(seen).toMatchObject({ repostedByMe: true, repostCount: 2 });
    expect((await getSong(t.db, { id: song.id, viewerId: owner.id }))!.repostedByMe).toBe(false);
    expect(await unrepostSong(t.db, { songId: song.id, userId: fan.id })).toEqual({
      reposted: false,
      repostCount: 1,
    });
    expect(await unrepostSong(t.db, { songId: song.id, userId: fan.id })).toEqual({
      reposted: false,
      repostCount: 1,
    });
    expect(await repostRows(song.id)).toBe(1);
  });

  it("refuses one's own songs and hides private songs, changing nothing", async () => {
    const owner = await makeUser(t);
    const fan = await makeUser(t);
    const mine = await makeSong(t.db, owner.id);
    const secret = await makeSong(t.db, owner.id, { isPublic: false });
    await expect(repostSong(t.db, { songId: mine.id, userId: owner.id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(repostSong(t.db, { songId: secret.id, userId: owner.id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    for (const call of [repostSong, unrepostSong]) {
      await expect(call(t.db, { songId: secret.id, userId: fan.id })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      await expect(call(t.db, { songId: "not-a-uuid", userId: fan.id })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      await expect(
        call(t.db, { songId: "00000000-0000-4000-8000-000000000000", userId: fan.id }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect(await repostRows(mine.id)).toBe(0);
    expect(await repostRows(secret.id)).toBe(0);
    const [row] = await t.db
      .select({ n: songs.repostCount })
      .from(songs)
      .where(eq(songs.id, secret.id));
    expect(row!.n).toBe(0);
  });

  it("lets a repost of a song gone private be removed, and goes with the song", async () => {
    const owner = await makeUser(t);
    const fan = await makeUser(t);
    const song = await makeSong(t.db, owner.id);
    await repostSong(t.db, { songId: song.id, userId: fan.id });
    await updateSong(t.db, { id: song.id, userId: owner.id }, { isPublic: false });
    await expect(repostSong(t.db, { songId: song.id, userId: fan.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await unrepostSong(t.db, { songId: song.id, userId: fan.id })).toEqual({
      reposted: false,
      repostCount: 0,
    });
    await updateSong(t.db, { id: song.id, userId: owner.id }, { isPublic: true });
    await repostSong(t.db, { songId: song.id, userId: fan.id });
    await deleteSong(t.db, { id: song.id, userId: owner.id });
    expect(await repostRows(song.id)).toBe(0);
  });
});
