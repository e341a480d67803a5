// Follows and the following feed through the procedures.
import { eq, songs, sql } from "@harmoniq/db";
import { makeSong } from "@harmoniq/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf, createTestApi, type TestApi } from "../../testing/api";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api?.close();
});

describe("user.follow / user.unfollow", () => {
  it("follows idempotently, shows the counts on the profile, and unfollows", async () => {
    const creator = await api.user();
    const fan = await api.user();
    const other = await api.user();
    expect(await fan.caller.user.follow({ userId: creator.id })).toEqual({
      following: true,
      followerCount: 1,
    });
    expect(await fan.caller.user.follow({ userId: creator.id })).toEqual({
      following: true,
      followerCount: 1,
    });
    expect(await other.caller.user.follow({ userId: creator.id })).toMatchObject({
      followerCount: 2,
    });
    expect(await fan.caller.user.byHandle({ handle: creator.handle })).toMatchObject({
      followerCount: 2,
      followingCount: 0,
      followedByMe: true,
    });
    expect(await api.anonymous().user.byHandle({ handle: fan.handle })).toMatchObject({
      followerCount: 0,
      followingCount: 1,
      followedByMe: false,
    });
    expect(await fan.caller.user.unfollow({ userId: creator.id })).toEqual({
      following: false,
      followerCount: 1,
    });
    expect(await fan.caller.user.unfollow({ userId: creator.id })).toEqual({
      following: false,
      followerCount: 1,
    });
    expect(await fan.caller.user.byHandle({ handle: creator.handle })).toMatchObject({
      followerCount: 1,
      followedByMe: false,
    });
  });

  it("refuses following oneself, unknown users and bad input, changing nothing", async () => {
    const me = await api.user();
    expect(await codeOf(me.caller.user.follow({ userId: me.id }))).toBe("BAD_REQUEST");
    expect(await codeOf(me.caller.user.follow({ userId: "no_such_user" }))).toBe("NOT_FOUND");
    expect(await codeOf(me.caller.user.unfollow({ userId: "no_such_user" }))).toBe("NOT_FOUND");
    for (const bad of [{ userId: "" }, { userId: "x".repeat(101) }, {}, { userId: 5 }]) {
      expect(await codeOf(me.caller.user.follow(bad as { userId: string }))).toBe("BAD_REQUEST");
    }
    expect(
      await codeOf(me.caller.user.follow({ userId: me.id, extra: 1 } as { userId: string })),
    ).toBe("BAD_REQUEST");
    expect(await codeOf(api.anonymous().user.follow({ userId: me.id }))).toBe("UNAUTHORIZED");
    expect(await me.caller.user.byHandle({ handle: me.handle })).toMatchObject({
      followerCount: 0,
      followingCount: 0,
    });
    expect((await me.caller.user.following({ userId: me.id })).items).toEqual([]);
  });

  it("lists followers and following in pages, for anyone", async () => {
    const creator = await api.user();
    const fans = [await api.user(), await api.user(), await api.user()];
    for (const fan of fans) await fan.caller.user.follow({ userId: creator.id });
    const first = await api.anonymous().user.followers({ userId: creator.id, limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await api
      .anonymous()
      .user.followers({ userId: creator.id, limit: 2, cursor: first.nextCursor });
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((u) => u.handle))).toEqual(
      new Set(fans.map((f) => f.handle)),
    );
    const following = await fans[0]!.caller.user.following({ userId: fans[0]!.id });
    expect(following.items).toEqual([
      expect.objectContaining({ id: creator.id, handle: creator.handle, followedByMe: true }),
    ]);
    expect(await codeOf(api.anonymous().user.followers({ userId: "nobody_here" }))).toBe(
      "NOT_FOUND",
    );
    expect(
      await codeOf(api.anonymous().user.followers({ userId: creator.id, cursor: "garbage" })),
    ).toBe("BAD_REQUEST");
  });

  it("shows the creator's follow state on the song page's song", async () => {
    const creator = await api.user();
    const fan = await api.user();
    const song = await makeSong(api.db, creator.id);
    await fan.caller.user.follow({ userId: creator.id });
    expect((await fan.caller.song.byId({ id: song.id })).creator).toEqual({
      followerCount: 1,
      followingCount: 0,
      followedByMe: true,
    });
    expect((await api.anonymous().song.byId({ id: song.id })).creator.followedByMe).toBe(false);
  });
});

describe("song.feed sort following", () => {
  it("gives the signed-in user the public songs of the people they follow, newest first", async () => {
    const me = await api.user();
    const creator = await api.user();
    const stranger = await api.user();
    const older = await makeSong(api.db, creator.id, { title: "Older" });
    await api.db
      .update(songs)
      .set({ createdAt: sql`now() - interval '1 minute'` })
      .where(eq(songs.id, older.id));
    const secret = await makeSong(api.db, creator.id, { title: "Secret", isPublic: false });
    await makeSong(api.db, stranger.id, { title: "Stranger's" });
    const newer = await makeSong(api.db, creator.id, { title: "Newer" });
    expect((await me.caller.song.feed({ sort: "following" })).items).toEqual([]);
    await me.caller.user.follow({ userId: creator.id });
    const page = await me.caller.song.feed({ sort: "following", limit: 1 });
    expect(page.items.map((s) => s.title)).toEqual(["Newer"]);
    expect(page.items[0]).toMatchObject({ id: newer.id, author: { handle: creator.handle } });
    const next = await me.caller.song.feed({
      sort: "following",
      limit: 1,
      cursor: page.nextCursor,
    });
    expect(next.items.map((s) => s.id)).toEqual([older.id]);
    expect(next.nextCursor).toBeNull();
    // The creator sees their private song everywhere else, but followers never do.
    expect(
      (await me.caller.song.feed({ sort: "following", limit: 50 })).items.map((s) => s.id),
    ).not.toContain(secret.id);
  });

  it("refuses anonymous callers, filters and bad cursors", async () => {
    const me = await api.user();
    expect(await codeOf(api.anonymous().song.feed({ sort: "following" }))).toBe("UNAUTHORIZED");
    for (const bad of [{ genre: "Pop" }, { mood: "Happy" }, { q: "night" }] as const) {
      expect(await codeOf(me.caller.song.feed({ sort: "following", ...bad }))).toBe("BAD_REQUEST");
    }
    await makeSong(api.db, me.id);
    await makeSong(api.db, me.id);
    // Another sort's cursor is not a following cursor.
    const topCursor = (await me.caller.song.feed({ sort: "top", limit: 1 })).nextCursor;
    expect(topCursor).not.toBeNull();
    expect(await codeOf(me.caller.song.feed({ sort: "following", cursor: topCursor }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(me.caller.song.feed({ sort: "following", cursor: "zzz" }))).toBe(
      "BAD_REQUEST",
    );
  });
});
