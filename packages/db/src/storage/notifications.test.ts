import { eq, or, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, songs } from "../schema";
import { createTestDb, makeSong, makeUser, type TestDatabase } from "../testing";
import { addComment } from "./comments";
import { followUser, unfollowUser } from "./follows";
import { likeSong, unlikeSong } from "./likes";
import {
  GROUP_WINDOW,
  UNREAD_COUNT_CAP,
  countUnreadNotifications,
  listNotifications,
  markNotificationsRead,
  notifyRemix,
} from "./notifications";
import { repostSong } from "./reposts";
import { createSong, deleteSong, updateSong } from "./songs";
import { deleteUser } from "./users";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

async function rowsFor(recipientId: string) {
  const [row] = await t.db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(eq(notifications.recipientId, recipientId));
  return row!.n;
}

/** Spreads the user's notifications one minute apart, in insertion order. */
async function spreadTimes(recipientId: string) {
  await t.db
    .execute(sql`update ${notifications} n set created_at = now() - make_interval(mins => 1000 - o.rn::int)
    from (select id, row_number() over (order by created_at, id) rn from ${notifications} where recipient_id = ${recipientId}) o
    where n.id = o.id`);
}

describe("notifications", () => {
  it("tells a creator about likes, comments, follows and reposts, grouped, never about themselves", async () => {
    const me = await makeUser(t);
    const ana = await makeUser(t, { name: "Ana" });
    const bo = await makeUser(t, { name: "Bo" });
    const song = await makeSong(t.db, me.id, { title: "Night Drive" });
    await likeSong(t.db, { songId: song.id, userId: me.id });
    await addComment(t.db, me.id, { songId: song.id, content: "my own" });
    expect(await rowsFor(me.id)).toBe(0);

    await likeSong(t.db, { songId: song.id, userId: ana.id });
    await likeSong(t.db, { songId: song.id, userId: ana.id }); // idempotent: no second row
    await likeSong(t.db, { songId: song.id, userId: bo.id });
    await addComment(t.db, bo.id, { songId: song.id, content: "love the bridge", atSec: 42 });
    await followUser(t.db, { followerId: ana.id, followeeId: me.id });
    await followUser(t.db, { followerId: ana.id, followeeId: me.id });
    await repostSong(t.db, { songId: song.id, userId: ana.id });
    expect(await rowsFor(me.id)).toBe(5);
    await spreadTimes(me.id);

    expect(await countUnreadNotifications(t.db, me.id)).toBe(5);
    const page = await listNotifications(t.db, { userId: me.id });
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((i) => i.kind)).toEqual(["repost", "follow", "comment", "like"]);
    const like = page.items[3]!;
    expect(like).toMatchObject({
      actorCount: 2,
      song: { id: song.id, title: "Night Drive" },
      unread: true,
    });
    expect(like.actors.map((a) => a.name)).toEqual(["Bo", "Ana"]);
    expect(like.ids).toHaveLength(2);
    expect(page.items[2]).toMatchObject({
      actors: [{ id: bo.id }],
      comment: { content: "love the bridge", atSec: 42 },
    });

    // Pages by lines, newest first, with nothing lost or repeated.
    const first = await listNotifications(t.db, { userId: me.id, limit: 2 });
    const second = await listNotifications(t.db, {
      userId: me.id,
      limit: 2,
      cursor: first.nextCursor,
    });
    expect([...first.items, ...second.items].flatMap((i) => i.ids)).toEqual(
      page.items.flatMap((i) => i.ids),
    );
    expect(second.nextCursor).toBeNull();

    expect(await markNotificationsRead(t.db, { userId: me.id, ids: like.ids })).toEqual({
      unreadCount: 3,
    });
    // Someone else's ids are ignored.
    expect(await markNotificationsRead(t.db, { userId: ana.id, ids: [page.items[0]!.id] })).toEqual(
      { unreadCount: 0 },
    );
    expect(await countUnreadNotifications(t.db, me.id)).toBe(3);
    const after = await listNotifications(t.db, { userId: me.id });
    expect(after.items.find((i) => i.kind === "like")!.unread).toBe(false);
    expect(await markNotificationsRead(t.db, { userId: me.id })).toEqual({ unreadCount: 0 });

    // Unliking and unfollowing leave the history; they write nothing.
    await unlikeSong(t.db, { songId: song.id, userId: ana.id });
    await unfollowUser(t.db, { followerId: ana.id, followeeId: me.id });
    expect(await rowsFor(me.id)).toBe(5);
  });

  it("reveals a remix only while it is public, and forgets deleted songs and accounts", async () => {
    const me = await makeUser(t);
    const ana = await makeUser(t);
    const song = await makeSong(t.db, me.id, { title: "Original" });
    const remix = await createSong(t.db, ana.id, {
      title: "Ana's cover",
      mood: "Happy",
      genre: "Pop",
      creationMode: "description",
      description: "a cover",
      isPublic: false,
      durationSec: 60,
      seed: 1,
      parentId: song.id,
    });
    await notifyRemix(t.db, { remixId: remix.id });
    expect(await rowsFor(me.id)).toBe(1);
    expect(await countUnreadNotifications(t.db, me.id)).toBe(0);
    expect((await listNotifications(t.db, { userId: me.id })).items).toEqual([]);
    await updateSong(t.db, { id: remix.id, userId: ana.id }, { isPublic: true });
    expect(await countUnreadNotifications(t.db, me.id)).toBe(1);
    expect((await listNotifications(t.db, { userId: me.id })).items[0]).toMatchObject({
      kind: "remix",
      song: { id: song.id },
      remix: { id: remix.id, title: "Ana's cover" },
    });
    // My own remix of my own song tells nobody.
    const own = await makeSong(t.db, me.id, { parentId: song.id });
    await notifyRemix(t.db, { remixId: own.id });
    expect(await rowsFor(me.id)).toBe(1);

    await deleteSong(t.db, { id: remix.id, userId: ana.id });
    expect(await rowsFor(me.id)).toBe(0);
    await likeSong(t.db, { songId: song.id, userId: ana.id });
    expect(await rowsFor(me.id)).toBe(1);
    await deleteUser(t.db, ana.id);
    expect(await rowsFor(me.id)).toBe(0);
    const [left] = await t.db.select({ id: songs.id }).from(songs).where(eq(songs.id, song.id));
    expect(left).toBeDefined();
  });

  it("forgets what an account received and did when it is deleted, and nobody else's", async () => {
    const me = await makeUser(t);
    const ana = await makeUser(t);
    const bo = await makeUser(t);
    const mine = await makeSong(t.db, me.id);
    const anas = await makeSong(t.db, ana.id);
    await followUser(t.db, { followerId: ana.id, followeeId: me.id });
    await likeSong(t.db, { songId: mine.id, userId: ana.id });
    await followUser(t.db, { followerId: me.id, followeeId: bo.id });
    await likeSong(t.db, { songId: anas.id, userId: me.id });
    await likeSong(t.db, { songId: anas.id, userId: bo.id });
    await followUser(t.db, { followerId: bo.id, followeeId: ana.id });
    const about = (id: string) =>
      t.db
        .select({ id: notifications.id })
        .from(notifications)
        .where(or(eq(notifications.recipientId, id), eq(notifications.actorId, id)));
    expect(await about(me.id)).toHaveLength(4);

    await deleteUser(t.db, me.id);
    expect(await about(me.id)).toEqual([]);
    // Ana keeps Bo's like and follow; Bo keeps what he did.
    expect(await rowsFor(ana.id)).toBe(2);
    expect(await about(bo.id)).toHaveLength(2);
  });

  it("shows a group larger than a page once across pages, placed by its newest event", async () => {
    const me = await makeUser(t);
    const fans = [];
    for (let i = 0; i < 7; i++) fans.push(await makeUser(t, { name: `Fan ${i}` }));
    const nightDrive = await makeSong(t.db, me.id, { title: "Night Drive" });
    const other = await makeSong(t.db, me.id, { title: "Other" });
    // Oldest first: 5 likes of Night Drive, a comment, 2 follows, a like of Other, then the
    // 6th and 7th likes of Night Drive (newest), so its group's rows straddle every other line.
    for (const fan of fans.slice(0, 5))
      await likeSong(t.db, { songId: nightDrive.id, userId: fan.id });
    await addComment(t.db, fans[0]!.id, { songId: other.id, content: "nice", atSec: 3 });
    await followUser(t.db, { followerId: fans[1]!.id, followeeId: me.id });
    await followUser(t.db, { followerId: fans[2]!.id, followeeId: me.id });
    await likeSong(t.db, { songId: other.id, userId: fans[3]!.id });
    for (const fan of fans.slice(5))
      await likeSong(t.db, { songId: nightDrive.id, userId: fan.id });
    await spreadTimes(me.id);
    expect(await rowsFor(me.id)).toBe(11);

    const lines = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page = await listNotifications(t.db, { userId: me.id, limit: 1, cursor });
      expect(page.items.length).toBeLessThanOrEqual(1);
      lines.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(lines.map((l) => [l.kind, l.song?.title ?? null, l.actorCount])).toEqual([
      ["like", "Night Drive", 7],
      ["like", "Other", 1],
      ["follow", null, 2],
      ["comment", "Other", 1],
    ]);
    const [drive] = lines;
    expect(drive!.actors.map((a) => a.name)).toEqual(["Fan 6", "Fan 5", "Fan 4"]);
    expect(drive!.ids).toHaveLength(7);
    // Every event is on exactly one line.
    expect(new Set(lines.flatMap((l) => l.ids)).size).toBe(11);
    // The same lines in one page.
    const whole = await listNotifications(t.db, { userId: me.id });
    expect(whole.items.map((l) => l.ids)).toEqual(lines.map((l) => l.ids));

    // Marking the group read marks all its events; it stays one line, now read.
    expect(await markNotificationsRead(t.db, { userId: me.id, ids: drive!.ids })).toEqual({
      unreadCount: 4,
    });
    const again = await listNotifications(t.db, { userId: me.id, limit: 1 });
    expect(again.items[0]).toMatchObject({ kind: "like", actorCount: 7, unread: false });
    expect(again.items[0]!.ids).toEqual([drive!.id]);
    // A new like moves the group to the top, still one line, unread again.
    const late = await makeUser(t, { name: "Late" });
    await likeSong(t.db, { songId: nightDrive.id, userId: late.id });
    const top = await listNotifications(t.db, { userId: me.id });
    expect(
      top.items.filter((l) => l.song?.title === "Night Drive" && l.kind === "like"),
    ).toHaveLength(1);
    expect(top.items[0]).toMatchObject({
      actorCount: 8,
      unread: true,
      actors: [{ name: "Late" }, {}, {}],
    });
  });

  it("sums up a viral group from its newest events, and marks all of it read by its line", async () => {
    const me = await makeUser(t);
    const song = await makeSong(t.db, me.id, { title: "Viral" });
    const fans = GROUP_WINDOW + 5;
    // Fans and their likes in bulk: the rows likeSong writes, oldest first.
    const fan = sql`'v' || left(md5(${me.id}), 8) || '_' || i`;
    await t.db.execute(sql`insert into "user" (id, name, email, handle)
      select ${fan}, 'Fan ' || i, ${fan} || '@example.test', ${fan}
      from generate_series(1, ${fans}) i`);
    await t.db
      .execute(sql`insert into ${notifications} (recipient_id, actor_id, kind, song_id, created_at)
      select ${me.id}, ${fan}, 'like', ${song.id}, now() - make_interval(secs => ${fans} - i)
      from generate_series(1, ${fans}) i`);
    const ana = await makeUser(t, { name: "Ana" });
    await followUser(t.db, { followerId: ana.id, followeeId: me.id });

    const page = await listNotifications(t.db, { userId: me.id });
    expect(page.items.map((i) => [i.kind, i.actorCount])).toEqual([
      ["follow", 1],
      ["like", GROUP_WINDOW],
    ]);
    const viral = page.items[1]!;
    expect(viral.actors.map((a) => a.name)).toEqual([
      `Fan ${fans}`,
      `Fan ${fans - 1}`,
      `Fan ${fans - 2}`,
    ]);
    expect(viral.ids).toHaveLength(GROUP_WINDOW);
    expect(await countUnreadNotifications(t.db, me.id)).toBe(UNREAD_COUNT_CAP);

    // The line's newest id marks the whole group, older events beyond the window included,
    // and nothing else.
    expect(await markNotificationsRead(t.db, { userId: me.id, ids: [viral.id] })).toEqual({
      unreadCount: 1,
    });
    const after = await listNotifications(t.db, { userId: me.id });
    expect(after.items.map((i) => i.unread)).toEqual([true, false]);
  });

  it("refuses bad ids and cursors, changing nothing", async () => {
    const me = await makeUser(t);
    const ana = await makeUser(t);
    await followUser(t.db, { followerId: ana.id, followeeId: me.id });
    await expect(
      markNotificationsRead(t.db, { userId: me.id, ids: ["nope"] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      listNotifications(t.db, { userId: me.id, cursor: "garbage" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(listNotifications(t.db, { userId: me.id, limit: 0 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await markNotificationsRead(t.db, { userId: me.id, ids: [] })).toEqual({
      unreadCount: 1,
    });
  });
});
