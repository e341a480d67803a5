import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { songs } from "../schema";
import { createTestDb, makeSong, makeUser, type TestDatabase } from "../testing";
import { getFeed } from "./feed";
import { followUser, unfollowUser } from "./follows";
import { getFollowingFeed } from "./following-feed";
import { likeSong } from "./likes";
import { repostSong, unrepostSong } from "./reposts";
import { updateSong } from "./songs";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

/** Every page of the viewer's following feed, by `limit`. */
async function allPages(viewerId: string, limit: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await getFollowingFeed(t.db, { viewerId, cursor, limit });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((s) => s.id));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < 50);
  return ids;
}

describe("getFollowingFeed", () => {
  it("lists the public songs of the people I follow, newest first, across pages", async () => {
    const me = await makeUser(t);
    const ana = await makeUser(t, { name: "Ana" });
    const bo = await makeUser(t);
    const stranger = await makeUser(t);
    await followUser(t.db, { followerId: me.id, followeeId: ana.id });
    await followUser(t.db, { followerId: me.id, followeeId: bo.id });
    // Distinct creation times, interleaved between the two creators.
    const expected: string[] = [];
    for (let i = 0; i < 7; i++) {
      const owner = i % 3 === 0 ? bo : ana;
      const song = await makeSong(t.db, owner.id, { title: `Followed ${i}` });
      await t.db.execute(
        sql`update ${songs} set created_at = now() - make_interval(mins => ${100 - i}) where id = ${song.id}`,
      );
      expected.unshift(song.id);
    }
    const hidden = await makeSong(t.db, ana.id, { isPublic: false, title: "Ana's secret" });
    await makeSong(t.db, stranger.id, { title: "Not followed" });
    await makeSong(t.db, me.id, { title: "My own" });

    const first = await getFollowingFeed(t.db, { viewerId: me.id, limit: 3 });
    expect(first.items.map((s) => s.id)).toEqual(expected.slice(0, 3));
    expect(first.items[0]).toMatchObject({ author: { id: expect.any(String) }, likedByMe: false });
    expect(await allPages(me.id, 3)).toEqual(expected);
    expect(await allPages(me.id, 50)).toEqual(expected);
    expect(expected).not.toContain(hidden.id);

    // Same items as the public feed (one card component renders both).
    const publicItem = (await getFeed(t.db, { viewerId: me.id, limit: 50 })).items.find(
      (s) => s.id === expected[0],
    );
    expect(first.items[0]).toEqual({ ...publicItem, repostedBy: null });

    // Unfollowing removes that creator's songs; the rest stay in order.
    await unfollowUser(t.db, { followerId: me.id, followeeId: bo.id });
    const boSongs = new Set(
      (await getFeed(t.db, { limit: 50 })).items
        .filter((s) => s.author.id === bo.id)
        .map((s) => s.id),
    );
    expect(await allPages(me.id, 4)).toEqual(expected.filter((id) => !boSongs.has(id)));
  });

  it("never shows a private song, and drops a song made private", async () => {
    const me = await makeUser(t);
    const creator = await makeUser(t);
    await followUser(t.db, { followerId: me.id, followeeId: creator.id });
    const open = await makeSong(t.db, creator.id, { title: "Open" });
    const closed = await makeSong(t.db, creator.id, { isPublic: false, title: "Closed" });
    const later = await makeSong(t.db, creator.id, { title: "Later private" });
    await likeSong(t.db, { songId: open.id, userId: me.id });
    expect((await allPages(me.id, 10)).sort()).toEqual([open.id, later.id].sort());
    await updateSong(t.db, { id: later.id, userId: creator.id }, { isPublic: false });
    const page = await getFollowingFeed(t.db, { viewerId: me.id });
    expect(page.items.map((s) => s.id)).toEqual([open.id]);
    expect(page.items[0]).toMatchObject({ likedByMe: true, likeCount: 1 });
    expect(page.items.map((s) => s.id)).not.toContain(closed.id);
  });

  it("shows the public songs the people I follow repost, once, credited to their creator", async () => {
    const me = await makeUser(t);
    const curator = await makeUser(t, { name: "Curator" });
    const ana = await makeUser(t);
    const stranger = await makeUser(t);
    await followUser(t.db, { followerId: me.id, followeeId: curator.id });
    await followUser(t.db, { followerId: me.id, followeeId: ana.id });
    const old = await makeSong(t.db, stranger.id, { title: "Old gem" });
    const anas = await makeSong(t.db, ana.id, { title: "Ana's" });
    const secret = await makeSong(t.db, stranger.id, { title: "Soon private" });
    const mine = await makeSong(t.db, me.id, { title: "Mine" });
    await t.db.execute(
      sql`update ${songs} set created_at = now() - interval '10 days' where id in (${old.id}, ${secret.id}, ${mine.id})`,
    );
    await t.db.execute(
      sql`update ${songs} set created_at = now() - interval '5 days' where id = ${anas.id}`,
    );
    await repostSong(t.db, { songId: old.id, userId: curator.id });
    await repostSong(t.db, { songId: anas.id, userId: curator.id });
    await repostSong(t.db, { songId: secret.id, userId: curator.id });
    await repostSong(t.db, { songId: mine.id, userId: curator.id });
    await updateSong(t.db, { id: secret.id, userId: stranger.id }, { isPublic: false });

    const page = await getFollowingFeed(t.db, { viewerId: me.id });
    // Ana's song came twice (posted, reposted): shown once, as the newer repost.
    expect(page.items.map((s) => s.id).sort()).toEqual([old.id, anas.id].sort());
    const gem = page.items.find((s) => s.id === old.id)!;
    expect(gem).toMatchObject({
      author: { id: stranger.id },
      repostedBy: { id: curator.id, name: "Curator" },
      repostCount: 1,
    });
    expect(page.items.find((s) => s.id === anas.id)!.repostedBy).toMatchObject({ id: curator.id });
    // Reposts are ordered by when they were reposted, across pages.
    const ids = await allPages(me.id, 1);
    expect(new Set(ids)).toEqual(new Set([old.id, anas.id]));

    await unrepostSong(t.db, { songId: old.id, userId: curator.id });
    const after = await getFollowingFeed(t.db, { viewerId: me.id });
    expect(after.items.map((s) => s.id)).toEqual([anas.id]);
    expect(after.items[0]!.repostedBy?.id).toBe(curator.id);
  });

  it("interleaves reposts older and newer than a full page of songs, ties included, across pages", async () => {
    const me = await makeUser(t);
    const poster = await makeUser(t);
    const curator = await makeUser(t);
    const creator = await makeUser(t);
    await followUser(t.db, { followerId: me.id, followeeId: poster.id });
    await followUser(t.db, { followerId: me.id, followeeId: curator.id });
    // Poster's songs 1 h … 5 h ago; curator reposts at 30 min, exactly 3 h (a tie with a
    // song), and 10 h ago (older than a whole first page of songs).
    const posted = [];
    for (let h = 1; h <= 5; h++) {
      const song = await makeSong(t.db, poster.id, { title: `posted ${h}h` });
      await t.db.execute(
        sql`update ${songs} set created_at = date_trunc('second', now()) - make_interval(hours => ${h}) where id = ${song.id}`,
      );
      posted.push(song);
    }
    const reposts = [];
    for (const [title, at] of [
      ["reposted 0.5h", sql`make_interval(mins => 30)`],
      ["reposted 3h", sql`make_interval(hours => 3)`],
      ["reposted 10h", sql`make_interval(hours => 10)`],
    ] as const) {
      const song = await makeSong(t.db, creator.id, { title });
      await repostSong(t.db, { songId: song.id, userId: curator.id });
      await t.db.execute(
        sql`update song_reposts set created_at = date_trunc('second', now()) - ${at} where song_id = ${song.id}`,
      );
      reposts.push(song);
    }
    const titles = new Map([...posted, ...reposts].map((song) => [song.id, song.title]));
    const everything = [
      "reposted 0.5h",
      "posted 1h",
      "posted 2h",
      // The tie: both at 3 h; ties go by id, so only their place relative to the rest is fixed.
      "3h",
      "3h",
      "posted 4h",
      "posted 5h",
      "reposted 10h",
    ];
    for (const limit of [2, 3, 50]) {
      const got = (await allPages(me.id, limit)).map((id) => titles.get(id)!);
      expect(got.map((title) => (title.endsWith(" 3h") ? "3h" : title))).toEqual(everything);
      expect(new Set(got).size).toBe(everything.length);
    }
  });

  it("is empty for someone who follows no one", async () => {
    const loner = await makeUser(t);
    expect(await getFollowingFeed(t.db, { viewerId: loner.id })).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it("refuses bad cursors, page sizes and a missing viewer", async () => {
    const me = await makeUser(t);
    for (const cursor of [
      "nope",
      Buffer.from('["new","2020-01-01T00:00:00.000Z","x"]').toString("base64url"),
    ]) {
      await expect(getFollowingFeed(t.db, { viewerId: me.id, cursor })).rejects.toMatchObject({
        code: "BAD_REQUEST",
      });
    }
    await expect(getFollowingFeed(t.db, { viewerId: me.id, limit: 51 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(getFollowingFeed(t.db, { viewerId: "" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});
