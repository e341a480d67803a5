// Repost counts and notifications under real concurrency (PGlite serializes every query).
// Included by vitest.pg.config.ts, which runs with TEST_DATABASE_URL set.
import { and, eq, or, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, songLikes, songReposts, songs, user } from "../schema";
import { createTestDb, makeSong, makeUser, testDatabaseKind, type TestDatabase } from "../testing";
import { followUser } from "./follows";
import { likeSong, unlikeSong } from "./likes";
import { repostSong, unrepostSong } from "./reposts";
import { deleteUser } from "./users";
import { pgErrorCode } from "../errors";

let t: TestDatabase;
beforeAll(async () => {
  if (testDatabaseKind !== "postgres") throw new Error("concurrency tests need TEST_DATABASE_URL");
  t = await createTestDb({ max: 40 });
});
afterAll(async () => {
  await t?.close();
});

async function makeUsers(n: number) {
  const rows = Array.from({ length: n }, (_, i) => ({
    id: `repost_${Date.now()}_${i}_${Math.random().toString(36).slice(2, 8)}`,
    name: `Reposter ${i}`,
    email: `repost_${i}_${Math.random().toString(36).slice(2)}@example.test`,
    handle: `p${i}_${Math.random().toString(36).slice(2, 10)}`,
  }));
  await t.db.insert(user).values(rows);
  return rows.map((row) => row.id);
}

const count = async (table: typeof songReposts | typeof songLikes, songId: string) => {
  const [row] = await t.db
    .select({ n: sql<number>`count(*)::int` })
    .from(table)
    .where(eq(table.songId, songId));
  return row!.n;
};

const repostState = async (songId: string) => {
  const [song] = await t.db
    .select({ repostCount: songs.repostCount })
    .from(songs)
    .where(eq(songs.id, songId));
  return { repostCount: song!.repostCount, repostRows: await count(songReposts, songId) };
};

const notificationRows = async (songId: string, kind: "like" | "repost") => {
  const [row] = await t.db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.songId, songId), eq(notifications.kind, kind)));
  return row!.n;
};

describe("reposts on PostgreSQL", () => {
  it("300 concurrent reposts of one song give exactly 300, and 300 notifications", async () => {
    const creator = await makeUser(t);
    const song = await makeSong(t.db, creator.id);
    const fans = await makeUsers(300);
    const results = await Promise.all(
      fans.map((id) => repostSong(t.db, { songId: song.id, userId: id })),
    );
    expect(results.every((r) => r.reposted)).toBe(true);
    expect(Math.max(...results.map((r) => r.repostCount))).toBe(300);
    expect(await repostState(song.id)).toEqual({ repostCount: 300, repostRows: 300 });
    expect(await notificationRows(song.id, "repost")).toBe(300);
  });

  it("100 concurrent reposts by one user count once and notify once", async () => {
    const creator = await makeUser(t);
    const fan = await makeUser(t);
    const song = await makeSong(t.db, creator.id);
    const results = await Promise.all(
      Array.from({ length: 100 }, () => repostSong(t.db, { songId: song.id, userId: fan.id })),
    );
    expect(results.every((r) => r.repostCount === 1)).toBe(true);
    expect(await repostState(song.id)).toEqual({ repostCount: 1, repostRows: 1 });
    expect(await notificationRows(song.id, "repost")).toBe(1);
  });

  it("a random storm of repost/unrepost leaves repost_count equal to the rows", async () => {
    const creator = await makeUser(t);
    const song = await makeSong(t.db, creator.id);
    const fans = await makeUsers(40);
    const ops = Array.from({ length: 600 }, (_, i) => {
      const fan = fans[i % fans.length]!;
      return Math.random() < 0.6
        ? repostSong(t.db, { songId: song.id, userId: fan })
        : unrepostSong(t.db, { songId: song.id, userId: fan });
    });
    await Promise.all(ops);
    const state = await repostState(song.id);
    expect(state.repostCount).toBe(state.repostRows);
    expect(state.repostRows).toBeGreaterThan(0);
  });

  it("a like storm writes one notification per like actually added", async () => {
    const creator = await makeUser(t);
    const song = await makeSong(t.db, creator.id);
    const fans = await makeUsers(200);
    // Every fan likes twice at once: only the like that inserts its row notifies.
    await Promise.all(
      [...fans, ...fans].map((id) => likeSong(t.db, { songId: song.id, userId: id })),
    );
    expect(await count(songLikes, song.id)).toBe(200);
    expect(await notificationRows(song.id, "like")).toBe(200);
    await Promise.all(fans.map((id) => unlikeSong(t.db, { songId: song.id, userId: id })));
    expect(await notificationRows(song.id, "like")).toBe(200);
  });

  it("an account deleted while it is followed, liked and following keeps no notification", async () => {
    // Notifications go with the recipient's and the actor's accounts (their foreign keys
    // cascade): writes racing the deletion either land first and go with it, or fail.
    const creator = await makeUser(t);
    const song = await makeSong(t.db, creator.id);
    const fans = await makeUsers(60);
    const [leaver] = await makeUsers(1);
    const others = await makeUsers(30);
    const writes = () => [
      ...fans.flatMap((id) => [
        followUser(t.db, { followerId: id, followeeId: creator.id }),
        likeSong(t.db, { songId: song.id, userId: id }),
      ]),
      ...others.map((id) => followUser(t.db, { followerId: leaver!, followeeId: id })),
    ];
    // A deletion racing the writes' counter slots may deadlock with one of them and be rolled
    // back; the account holder would try again.
    const deleteUntilDone = async (id: string) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await deleteUser(t.db, id);
        } catch (error) {
          if (pgErrorCode(error) !== "40P01" || attempt > 5) throw error;
        }
      }
    };
    const first = writes();
    // The deletions start amid the writes; writes that come after them fail.
    const deletions = [deleteUntilDone(creator.id), deleteUntilDone(leaver!)];
    const settled = await Promise.allSettled([...first, ...deletions, ...writes()]);
    expect(settled.filter((r) => r.status === "fulfilled").length).toBeGreaterThan(
      deletions.length,
    );
    await Promise.all(deletions);
    const left = async (id: string) => {
      const [row] = await t.db
        .select({ n: sql<number>`count(*)::int` })
        .from(notifications)
        .where(or(eq(notifications.recipientId, id), eq(notifications.actorId, id)));
      return row!.n;
    };
    expect(await left(creator.id)).toBe(0);
    expect(await left(leaver!)).toBe(0);
    // Nobody else's go: a fan's follow of someone else is still told.
    await followUser(t.db, { followerId: fans[0]!, followeeId: others[0]! });
    expect(await left(others[0]!)).toBe(1);
  });
});
