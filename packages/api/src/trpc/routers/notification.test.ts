// Reposts and notifications through the procedures, with the live unread count.
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

describe("song.repost / song.unrepost", () => {
  it("reposts idempotently, shows it to followers, and refuses one's own song", async () => {
    const creator = await api.user();
    const curator = await api.user();
    const fan = await api.user();
    const song = await makeSong(api.db, creator.id, { title: "Worth sharing" });
    await fan.caller.user.follow({ userId: curator.id });
    expect(await curator.caller.song.repost({ id: song.id })).toEqual({
      reposted: true,
      repostCount: 1,
    });
    expect(await curator.caller.song.repost({ id: song.id })).toEqual({
      reposted: true,
      repostCount: 1,
    });
    expect(await curator.caller.song.byId({ id: song.id })).toMatchObject({
      repostCount: 1,
      repostedByMe: true,
    });
    const feed = await fan.caller.song.feed({ sort: "following" });
    expect(feed.items.map((s) => s.id)).toEqual([song.id]);
    expect(feed.items[0]).toMatchObject({
      author: { id: creator.id },
      repostedBy: { id: curator.id, handle: curator.handle },
    });
    // On the curator's profile, credited to its creator, for anyone who looks.
    const profile = await api.anonymous().user.byHandle({ handle: curator.handle });
    expect(profile.reposts).toMatchObject([{ id: song.id, author: { id: creator.id } }]);
    expect(await codeOf(creator.caller.song.repost({ id: song.id }))).toBe("BAD_REQUEST");
    expect(await curator.caller.song.unrepost({ id: song.id })).toEqual({
      reposted: false,
      repostCount: 0,
    });
    expect((await fan.caller.song.feed({ sort: "following" })).items).toEqual([]);
    expect((await fan.caller.user.byHandle({ handle: curator.handle })).reposts).toEqual([]);
  });
});

describe("notifications", () => {
  it("tells the creator, live, and only the creator", async () => {
    const creator = await api.user();
    const fan = await api.user();
    const song = await makeSong(api.db, creator.id, { title: "Night Drive" });
    const live = await creator.caller.notification.onUnreadCount();
    const counts = live[Symbol.asyncIterator]();
    expect((await counts.next()).value).toEqual({ unreadCount: 0 });

    await fan.caller.song.like({ id: song.id });
    expect((await counts.next()).value).toEqual({ unreadCount: 1 });
    await fan.caller.comment.create({ songId: song.id, content: "the bridge!", atSec: 30 });
    expect((await counts.next()).value).toEqual({ unreadCount: 2 });
    await fan.caller.user.follow({ userId: creator.id });
    expect((await counts.next()).value).toEqual({ unreadCount: 3 });

    const page = await creator.caller.notification.list();
    expect(page.items.map((i) => i.kind)).toEqual(["follow", "comment", "like"]);
    expect(page.items[1]).toMatchObject({
      actors: [{ id: fan.id }],
      song: { id: song.id, title: "Night Drive" },
      comment: { content: "the bridge!", atSec: 30 },
    });
    // Nobody else sees them, or can mark them read.
    expect((await fan.caller.notification.list()).items).toEqual([]);
    expect(await fan.caller.notification.markRead({ ids: page.items[0]!.ids })).toEqual({
      unreadCount: 0,
    });
    expect(await creator.caller.notification.unreadCount()).toEqual({ unreadCount: 3 });

    expect(await creator.caller.notification.markRead({ ids: page.items[2]!.ids })).toEqual({
      unreadCount: 2,
    });
    expect((await counts.next()).value).toEqual({ unreadCount: 2 });
    expect(await creator.caller.notification.markRead()).toEqual({ unreadCount: 0 });
    expect((await counts.next()).value).toEqual({ unreadCount: 0 });
    await counts.return?.(undefined);
  });

  it("reveals a remix only once it is public", async () => {
    const creator = await api.user();
    const fan = await api.user();
    const song = await makeSong(api.db, creator.id, { title: "Original", durationSec: 10 });
    const remix = await fan.caller.song.remix({ id: song.id, keep: "nothing", isPublic: false });
    expect(await creator.caller.notification.unreadCount()).toEqual({ unreadCount: 0 });
    expect((await creator.caller.notification.list()).items).toEqual([]);
    await fan.caller.song.update({ id: remix.id, isPublic: true });
    const page = await creator.caller.notification.list();
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      kind: "remix",
      song: { id: song.id },
      remix: { id: remix.id },
      actors: [{ id: fan.id }],
    });
    // Remixing my own song tells no one.
    await creator.caller.song.remix({ id: song.id, keep: "nothing" });
    expect(await creator.caller.notification.unreadCount()).toEqual({ unreadCount: 1 });
    // The remixes render in the background: let them finish before the database closes.
    await api.services.songs.idle();
  }, 120_000);

  it("refuses bad input", async () => {
    const me = await api.user();
    expect(await codeOf(me.caller.notification.markRead({ ids: ["x"] }))).toBe("BAD_REQUEST");
    expect(await codeOf(me.caller.notification.list({ cursor: "nope" }))).toBe("BAD_REQUEST");
    expect(await codeOf(api.anonymous().notification.unreadCount())).toBe("UNAUTHORIZED");
  });
});
