import { randomUUID } from "node:crypto";
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

/**
 * Makes `viewerId` follow `count` new people who post nothing: for someone who follows that
 * many, the feed first walks everyone's newest songs and reposts.
 */
async function followSilentPeople(viewerId: string, count: number) {
  const tag = randomUUID().slice(0, 8);
  await t.db.execute(sql`
    insert into "user" (id, name, email, handle)
    select 'silent_' || ${tag} || '_' || g, 'Silent ' || g,
           'silent_' || ${tag} || '_' || g || '@example.test', 'silent_' || ${tag} || '_' || g
    from generate_series(1, ${count}) g`);
  await t.db.execute(sql`
    insert into follows (follower_id, followee_id)
    select ${viewerId}, 'silent_' || ${tag} || '_' || g from generate_series(1, ${count}) g`);
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

  it("gives the same pages, ties included, to someone who follows many people", async () => {
    const few = await makeUser(t);
    const many = await makeUser(t);
    const poster = await makeUser(t);
    const curator = await makeUser(t);
    const creator = await makeUser(t);
    for (const viewer of [few, many]) {
      await followUser(t.db, { followerId: viewer.id, followeeId: poster.id });
      await followUser(t.db, { followerId: viewer.id, followeeId: curator.id });
    }
    await followSilentPeople(many.id, 250);
    const titles = new Map<string, string>();
    for (let h = 1; h <= 5; h++) {
      const song = await makeSong(t.db, poster.id, { title: `posted ${h}h` });
      await t.db.execute(
        sql`update ${songs} set created_at = date_trunc('second', now()) - make_interval(hours => ${h}) where id = ${song.id}`,
      );
      titles.set(song.id, song.title);
    }
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
      titles.set(song.id, song.title);
    }
    const everything = [
      "reposted 0.5h",
      "posted 1h",
      "posted 2h",
      "3h",
      "3h",
      "posted 4h",
      "posted 5h",
      "reposted 10h",
    ];
    for (const limit of [1, 2, 3, 50]) {
      const byFew = await allPages(few.id, limit);
      const byMany = await allPages(many.id, limit);
      expect(byMany).toEqual(byFew);
      expect(byMany.map((id) => titles.get(id)!.replace(/^\w+ 3h$/, "3h"))).toEqual(everything);
    }
  });

  it("finds the songs of quiet creators beneath a flood of newer songs by others", async () => {
    const me = await makeUser(t);
    // Follows many: the feed walks everyone's newest first, finds too few, then probes.
    await followSilentPeople(me.id, 250);
    const quiet = await makeUser(t);
    const curator = await makeUser(t);
    const flooder = await makeUser(t);
    await followUser(t.db, { followerId: me.id, followeeId: quiet.id });
    await followUser(t.db, { followerId: me.id, followeeId: curator.id });
    const titles = new Map<string, string>();
    for (const days of [2, 3, 4]) {
      const song = await makeSong(t.db, quiet.id, { title: `quiet ${days}d` });
      await t.db.execute(
        sql`update ${songs} set created_at = now() - make_interval(days => ${days}) where id = ${song.id}`,
      );
      titles.set(song.id, song.title);
    }
    const gem = await makeSong(t.db, flooder.id, { title: "reposted 1d" });
    await t.db.execute(
      sql`update ${songs} set created_at = now() - interval '20 days' where id = ${gem.id}`,
    );
    await repostSong(t.db, { songId: gem.id, userId: curator.id });
    await t.db.execute(
      sql`update song_reposts set created_at = now() - interval '1 day' where song_id = ${gem.id}`,
    );
    titles.set(gem.id, gem.title);
    // 800 public songs by someone I do not follow, all newer: more than the feed walks through
    // everyone's newest songs (and reposts) for a page of 2, so it must look up the people I
    // follow instead.
    const template = await makeSong(t.db, flooder.id, { title: "flood" });
    await t.db.execute(sql`
      insert into ${songs} (owner_id, title, mood, genre, creation_mode, description, is_public,
                            duration_sec, seed, created_at)
      select owner_id, title || ' ' || g, mood, genre, creation_mode, description, true,
             duration_sec, seed, now() - make_interval(secs => g)
      from ${songs}, generate_series(1, 800) g where id = ${template.id}`);
    // …and someone I do not follow reposts all of them, just as newly.
    const fan = await makeUser(t);
    await t.db.execute(sql`
      insert into song_reposts (user_id, song_id, created_at)
      select ${fan.id}, id, created_at from ${songs} where owner_id = ${flooder.id}
        and title like 'flood %'`);

    const expected = ["reposted 1d", "quiet 2d", "quiet 3d", "quiet 4d"];
    for (const limit of [1, 2, 50]) {
      expect((await allPages(me.id, limit)).map((id) => titles.get(id))).toEqual(expected);
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
