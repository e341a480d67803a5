import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, songs } from "../schema";
import { createTestDb, makeSong, makeUser, type TestDatabase } from "../testing";
import { addComment } from "./comments";
import { followUser, unfollowUser } from "./follows";
import { likeSong, unlikeSong } from "./likes";
import {
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

    // Pages by events, newest first, with nothing lost or repeated.
    const first = await listNotifications(t.db, { userId: me.id, limit: 2 });
    const second = await listNotifications(t.db, {
      userId: me.id,
      limit: 2,
      cursor: first.nextCursor,
    });
    const third = await listNotifications(t.db, {
      userId: me.id,
      limit: 2,
      cursor: second.nextCursor,
    });
    expect([...first.items, ...second.items, ...third.items].flatMap((i) => i.ids)).toEqual(
      page.items.flatMap((i) => i.ids),
    );
    expect(third.nextCursor).toBeNull();

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
