import { eq, or, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { followerCountSlots, follows } from "../schema";
import { createTestDb, makeUser, type TestDatabase } from "../testing";
import { followUser, getFollowCounts, listFollowers, listFollowing, unfollowUser } from "./follows";
import { deleteUser } from "./users";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

const counts = (userId: string, viewerId: string | null = null) =>
  getFollowCounts(t.db, { userId, viewerId });

/** Every follow row and follower slot that mentions one of the users. */
async function rowsAbout(...ids: string[]) {
  const followRows = await t.db
    .select()
    .from(follows)
    .where(or(...ids.flatMap((id) => [eq(follows.followerId, id), eq(follows.followeeId, id)])));
  const slots = await t.db
    .select({ total: sql<number>`coalesce(sum(${followerCountSlots.n}), 0)::int` })
    .from(followerCountSlots)
    .where(or(...ids.map((id) => eq(followerCountSlots.userId, id))));
  return { follows: followRows.length, slotTotal: slots[0]!.total };
}

describe("followUser / unfollowUser", () => {
  it("is idempotent and keeps the follower count equal to the rows", async () => {
    const creator = await makeUser(t);
    const fan = await makeUser(t);
    const other = await makeUser(t);
    const follow = (followerId: string) => followUser(t.db, { followerId, followeeId: creator.id });
    expect(await follow(fan.id)).toEqual({ following: true, followerCount: 1 });
    expect(await follow(fan.id)).toEqual({ following: true, followerCount: 1 });
    expect(await follow(other.id)).toEqual({ following: true, followerCount: 2 });
    expect(await counts(creator.id, fan.id)).toEqual({
      followerCount: 2,
      followingCount: 0,
      followedByMe: true,
    });
    expect(await counts(fan.id)).toEqual({
      followerCount: 0,
      followingCount: 1,
      followedByMe: false,
    });
    const unfollow = () => unfollowUser(t.db, { followerId: fan.id, followeeId: creator.id });
    expect(await unfollow()).toEqual({ following: false, followerCount: 1 });
    expect(await unfollow()).toEqual({ following: false, followerCount: 1 });
    expect(await counts(creator.id, fan.id)).toMatchObject({
      followerCount: 1,
      followedByMe: false,
    });
    expect(await counts(creator.id, null)).toMatchObject({ followedByMe: false });
  });

  it("refuses following oneself or an unknown user, and changes nothing", async () => {
    const me = await makeUser(t);
    const before = await rowsAbout(me.id);
    await expect(followUser(t.db, { followerId: me.id, followeeId: me.id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "You cannot follow yourself",
    });
    await expect(
      unfollowUser(t.db, { followerId: me.id, followeeId: me.id }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    for (const unknown of ["no_such_user", "x".repeat(500), ""]) {
      await expect(
        followUser(t.db, { followerId: me.id, followeeId: unknown }),
      ).rejects.toMatchObject({ code: "NOT_FOUND", message: "User not found" });
      await expect(
        unfollowUser(t.db, { followerId: me.id, followeeId: unknown }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect(await rowsAbout(me.id)).toEqual(before);
    expect(await counts(me.id)).toEqual({
      followerCount: 0,
      followingCount: 0,
      followedByMe: false,
    });
    await expect(counts("no_such_user")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("deleting an account removes its follows both ways and the counts follow", async () => {
    const leaving = await makeUser(t);
    const creator = await makeUser(t);
    const fan = await makeUser(t);
    await followUser(t.db, { followerId: leaving.id, followeeId: creator.id });
    await followUser(t.db, { followerId: fan.id, followeeId: leaving.id });
    await followUser(t.db, { followerId: fan.id, followeeId: creator.id });
    expect(await counts(creator.id)).toMatchObject({ followerCount: 2 });
    expect(await counts(fan.id)).toMatchObject({ followingCount: 2 });
    await deleteUser(t.db, leaving.id);
    expect(await counts(creator.id)).toMatchObject({ followerCount: 1 });
    expect(await counts(fan.id)).toMatchObject({ followingCount: 1 });
    expect(await rowsAbout(leaving.id)).toEqual({ follows: 0, slotTotal: 0 });
    expect((await listFollowers(t.db, { userId: creator.id })).items.map((u) => u.id)).toEqual([
      fan.id,
    ]);
  });
});

describe("listFollowers / listFollowing", () => {
  it("pages newest first with a cursor, with whether the viewer follows each person", async () => {
    const creator = await makeUser(t);
    const viewer = await makeUser(t);
    const fans = [];
    for (let i = 0; i < 5; i++) {
      const fan = await makeUser(t);
      await followUser(t.db, { followerId: fan.id, followeeId: creator.id });
      fans.push(fan);
    }
    await followUser(t.db, { followerId: viewer.id, followeeId: fans[3]!.id });
    const seen: string[] = [];
    const times: number[] = [];
    let cursor: string | null = null;
    const followedByViewer: string[] = [];
    do {
      const page = await listFollowers(t.db, {
        userId: creator.id,
        viewerId: viewer.id,
        cursor,
        limit: 2,
      });
      expect(page.items.length).toBeLessThanOrEqual(2);
      for (const item of page.items) {
        seen.push(item.id);
        times.push(item.followedAt.getTime());
        if (item.followedByMe) followedByViewer.push(item.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    // Every follower once; newest first (follows within one millisecond tie on the id).
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(new Set(fans.map((f) => f.id)));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(followedByViewer).toEqual([fans[3]!.id]);

    const following = await listFollowing(t.db, { userId: fans[0]!.id });
    expect(following.items).toEqual([
      expect.objectContaining({
        id: creator.id,
        handle: creator.handle,
        name: creator.name,
        followedByMe: false,
      }),
    ]);
    expect(following.nextCursor).toBeNull();
    expect((await listFollowing(t.db, { userId: creator.id })).items).toEqual([]);
  });

  it("refuses unknown users, bad cursors and page sizes", async () => {
    const someone = await makeUser(t);
    await expect(listFollowers(t.db, { userId: "nobody_at_all" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(listFollowing(t.db, { userId: "" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      listFollowers(t.db, { userId: someone.id, cursor: "not-a-cursor" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(listFollowers(t.db, { userId: someone.id, limit: 0 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});
