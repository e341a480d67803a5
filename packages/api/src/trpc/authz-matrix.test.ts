// The authorization matrix: every procedure, called anonymously, by another user and by the
// owner of the resources it touches. A procedure missing from the table fails the last test.
import { makeSong } from "@harmoniq/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "./root";
import { createTestApi, type TestApi } from "../testing/api";

type Caller = Awaited<ReturnType<TestApi["user"]>>["caller"];
type Fixtures = Awaited<ReturnType<typeof makeFixtures>>;
type Outcome = "OK" | "UNAUTHORIZED" | "NOT_FOUND" | "FORBIDDEN" | "BAD_REQUEST";

/** A valid 1 × 1 PNG, base64: an upload that only the owner's rights decide. */
const ONE_PIXEL_PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

let api: TestApi;
let fx: Fixtures;

async function makeFixtures() {
  const owner = await api.user();
  const other = await api.user();
  const privateSong = await makeSong(api.db, owner.id, { isPublic: false, title: "Private song" });
  const publicSong = await makeSong(api.db, owner.id, { isPublic: true, title: "Public song" });
  const privateList = await owner.caller.playlist.create({ name: "Private list" });
  const publicList = await owner.caller.playlist.create({ name: "Public list", isPublic: true });
  await owner.caller.playlist.addSong({ playlistId: publicList.id, songId: publicSong.id });
  await owner.caller.playlist.addSong({ playlistId: privateList.id, songId: publicSong.id });
  const conversation = await owner.caller.chat.create({ title: "Private chat" });
  const comment = await owner.caller.comment.create({ songId: publicSong.id, content: "mine" });
  const key = await owner.caller.apiKey.create({ name: "owner key" });
  const appPassword = await owner.caller.user.createAppPassword({ name: "owner player" });
  return {
    owner,
    other,
    privateSong,
    publicSong,
    privateList,
    publicList,
    conversation,
    comment,
    key,
    appPassword,
  };
}

beforeAll(async () => {
  api = await createTestApi();
  fx = await makeFixtures();
});
afterAll(async () => {
  await api?.close();
});

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    const value = await promise;
    if (value && typeof value === "object" && Symbol.asyncIterator in value) {
      for await (const _ of value as AsyncIterable<unknown>) break;
    }
    return "OK";
  } catch (error) {
    return error instanceof TRPCError ? error.code : `unexpected ${String(error)}`;
  }
}

/**
 * [procedure, call, expected for anonymous, for another user]. Owner calls always succeed
 * (checked separately); reads of public things succeed for everyone.
 */
const matrix: [string, (c: Caller) => Promise<unknown>, Outcome, Outcome][] = [
  ["user.me", (c) => c.user.me(), "OK", "OK"],
  ["user.byHandle", (c) => c.user.byHandle({ handle: fx.owner.handle }), "OK", "OK"],
  ["user.updateProfile", (c) => c.user.updateProfile({ bio: "hello" }), "UNAUTHORIZED", "OK"],
  ["user.follow", (c) => c.user.follow({ userId: fx.owner.id }), "UNAUTHORIZED", "OK"],
  ["user.unfollow", (c) => c.user.unfollow({ userId: fx.owner.id }), "UNAUTHORIZED", "OK"],
  ["user.followers", (c) => c.user.followers({ userId: fx.owner.id }), "OK", "OK"],
  ["user.following", (c) => c.user.following({ userId: fx.owner.id }), "OK", "OK"],
  // Typing the owner's handle deletes no one but the caller, and only when it is theirs.
  [
    "user.deleteAccount",
    (c) => c.user.deleteAccount({ confirmHandle: fx.owner.handle }),
    "UNAUTHORIZED",
    "BAD_REQUEST",
  ],
  [
    "song.create",
    (c) =>
      c.song.create({
        creationMode: "lyrics",
        lyrics: "[Verse]\nla la la\nla la",
        durationSec: 10,
        takes: 2,
      }),
    "UNAUTHORIZED",
    "OK",
  ],
  ["song.voices", (c) => c.song.voices(), "OK", "OK"],
  ["song.byId", (c) => c.song.byId({ id: fx.privateSong.id }), "NOT_FOUND", "NOT_FOUND"],
  [
    "song.update",
    (c) => c.song.update({ id: fx.publicSong.id, title: "x" }),
    "UNAUTHORIZED",
    "FORBIDDEN",
  ],
  ["song.delete", (c) => c.song.delete({ id: fx.privateSong.id }), "UNAUTHORIZED", "NOT_FOUND"],
  [
    "song.setCover",
    (c) => c.song.setCover({ id: fx.publicSong.id, image: ONE_PIXEL_PNG }),
    "UNAUTHORIZED",
    "FORBIDDEN",
  ],
  [
    "song.removeCover",
    (c) => c.song.removeCover({ id: fx.privateSong.id }),
    "UNAUTHORIZED",
    "NOT_FOUND",
  ],
  ["song.mine", (c) => c.song.mine(), "UNAUTHORIZED", "OK"],
  ["song.feed", (c) => c.song.feed(), "OK", "OK"],
  ["song.like", (c) => c.song.like({ id: fx.privateSong.id }), "UNAUTHORIZED", "NOT_FOUND"],
  ["song.unlike", (c) => c.song.unlike({ id: fx.privateSong.id }), "UNAUTHORIZED", "NOT_FOUND"],
  ["song.repost", (c) => c.song.repost({ id: fx.privateSong.id }), "UNAUTHORIZED", "NOT_FOUND"],
  ["song.unrepost", (c) => c.song.unrepost({ id: fx.privateSong.id }), "UNAUTHORIZED", "NOT_FOUND"],
  ["song.play", (c) => c.song.play({ id: fx.privateSong.id }), "NOT_FOUND", "NOT_FOUND"],
  ["song.remix", (c) => c.song.remix({ id: fx.privateSong.id }), "UNAUTHORIZED", "NOT_FOUND"],
  [
    "song.extend",
    (c) => c.song.extend({ id: fx.privateSong.id, durationSec: 20 }),
    "UNAUTHORIZED",
    "NOT_FOUND",
  ],
  [
    "song.replaceSection",
    (c) => c.song.replaceSection({ id: fx.privateSong.id, section: 0 }),
    "UNAUTHORIZED",
    "NOT_FOUND",
  ],
  ["comment.list", (c) => c.comment.list({ songId: fx.privateSong.id }), "NOT_FOUND", "NOT_FOUND"],
  [
    "comment.create",
    (c) => c.comment.create({ songId: fx.privateSong.id, content: "hi" }),
    "UNAUTHORIZED",
    "NOT_FOUND",
  ],
  ["comment.delete", (c) => c.comment.delete({ id: fx.comment.id }), "UNAUTHORIZED", "FORBIDDEN"],
  ["playlist.create", (c) => c.playlist.create({ name: "Mine" }), "UNAUTHORIZED", "OK"],
  ["playlist.byId", (c) => c.playlist.byId({ id: fx.privateList.id }), "NOT_FOUND", "NOT_FOUND"],
  ["playlist.mine", (c) => c.playlist.mine(), "UNAUTHORIZED", "OK"],
  [
    "playlist.update",
    (c) => c.playlist.update({ id: fx.publicList.id, name: "x" }),
    "UNAUTHORIZED",
    "FORBIDDEN",
  ],
  [
    "playlist.delete",
    (c) => c.playlist.delete({ id: fx.privateList.id }),
    "UNAUTHORIZED",
    "NOT_FOUND",
  ],
  [
    "playlist.addSong",
    (c) => c.playlist.addSong({ playlistId: fx.publicList.id, songId: fx.publicSong.id }),
    "UNAUTHORIZED",
    "FORBIDDEN",
  ],
  [
    "playlist.removeSong",
    (c) => c.playlist.removeSong({ playlistId: fx.privateList.id, songId: fx.publicSong.id }),
    "UNAUTHORIZED",
    "NOT_FOUND",
  ],
  [
    "playlist.moveSong",
    (c) =>
      c.playlist.moveSong({ playlistId: fx.publicList.id, songId: fx.publicSong.id, toIndex: 0 }),
    "UNAUTHORIZED",
    "FORBIDDEN",
  ],
  ["chat.list", (c) => c.chat.list(), "UNAUTHORIZED", "OK"],
  ["chat.create", (c) => c.chat.create(), "UNAUTHORIZED", "OK"],
  ["chat.byId", (c) => c.chat.byId({ id: fx.conversation.id }), "UNAUTHORIZED", "NOT_FOUND"],
  [
    "chat.rename",
    (c) => c.chat.rename({ id: fx.conversation.id, title: "x" }),
    "UNAUTHORIZED",
    "NOT_FOUND",
  ],
  [
    "chat.send",
    (c) => c.chat.send({ conversationId: fx.conversation.id, content: "hi" }),
    "UNAUTHORIZED",
    "NOT_FOUND",
  ],
  [
    "chat.makeSong",
    (c) => c.chat.makeSong({ id: fx.conversation.id }),
    "UNAUTHORIZED",
    "NOT_FOUND",
  ],
  ["chat.delete", (c) => c.chat.delete({ id: fx.conversation.id }), "UNAUTHORIZED", "NOT_FOUND"],
  ["user.appPasswords", (c) => c.user.appPasswords(), "UNAUTHORIZED", "OK"],
  [
    "user.createAppPassword",
    (c) => c.user.createAppPassword({ name: "player" }),
    "UNAUTHORIZED",
    "OK",
  ],
  [
    "user.revokeAppPassword",
    (c) => c.user.revokeAppPassword({ id: fx.appPassword.id }),
    "UNAUTHORIZED",
    "NOT_FOUND",
  ],
  ["apiKey.list", (c) => c.apiKey.list(), "UNAUTHORIZED", "OK"],
  ["apiKey.create", (c) => c.apiKey.create({ name: "k" }), "UNAUTHORIZED", "OK"],
  ["apiKey.revoke", (c) => c.apiKey.revoke({ id: fx.key.id }), "UNAUTHORIZED", "NOT_FOUND"],
  ["notification.list", (c) => c.notification.list(), "UNAUTHORIZED", "OK"],
  ["notification.unreadCount", (c) => c.notification.unreadCount(), "UNAUTHORIZED", "OK"],
  ["notification.markRead", (c) => c.notification.markRead(), "UNAUTHORIZED", "OK"],
  ["notification.onUnreadCount", (c) => c.notification.onUnreadCount(), "UNAUTHORIZED", "OK"],
  ["stats.mine", (c) => c.stats.mine(), "UNAUTHORIZED", "OK"],
];

describe("authorization matrix", () => {
  it.each(matrix)("%s: anonymous and another user", async (_name, call, anonymous, other) => {
    expect(await outcome(call(api.anonymous() as unknown as Caller))).toBe(anonymous);
    expect(await outcome(call(fx.other.caller))).toBe(other);
  });

  it("song.feed sort following: anonymous is refused, a signed-in user gets their own", async () => {
    expect(await outcome(api.anonymous().song.feed({ sort: "following" }))).toBe("UNAUTHORIZED");
    expect(await outcome(fx.other.caller.song.feed({ sort: "following" }))).toBe("OK");
  });

  it("playlist.byId pages: a private playlist stays NOT_FOUND with a page size or cursor", async () => {
    const first = await fx.owner.caller.playlist.byId({ id: fx.privateList.id, limit: 1 });
    expect(first.songCount).toBe(1);
    const paged = [{ limit: 1 }, { cursor: first.nextCursor }, { limit: 200, cursor: null }];
    for (const page of paged) {
      const call = (c: Caller) => c.playlist.byId({ id: fx.privateList.id, ...page });
      expect(await outcome(call(api.anonymous() as unknown as Caller))).toBe("NOT_FOUND");
      expect(await outcome(call(fx.other.caller))).toBe("NOT_FOUND");
      const open = (c: Caller) => c.playlist.byId({ id: fx.publicList.id, ...page });
      expect(await outcome(open(api.anonymous() as unknown as Caller))).toBe("OK");
      expect(await outcome(open(fx.other.caller))).toBe("OK");
    }
  });

  it("leaves the owner's resources untouched and usable after all those attempts", async () => {
    const { owner } = fx;
    expect((await owner.caller.song.byId({ id: fx.privateSong.id })).title).toBe("Private song");
    expect((await owner.caller.song.byId({ id: fx.publicSong.id })).title).toBe("Public song");
    expect((await owner.caller.playlist.byId({ id: fx.publicList.id })).name).toBe("Public list");
    expect((await owner.caller.playlist.byId({ id: fx.privateList.id })).songs).toHaveLength(1);
    expect((await owner.caller.chat.byId({ id: fx.conversation.id })).title).toBe("Private chat");
    expect((await owner.caller.comment.list({ songId: fx.publicSong.id })).items).toHaveLength(1);
    expect(await owner.caller.apiKey.list()).toHaveLength(1);
    expect((await owner.caller.user.appPasswords()).map((p) => p.id)).toEqual([fx.appPassword.id]);
    expect((await owner.caller.song.like({ id: fx.privateSong.id })).likeCount).toBe(1);
    expect(
      await owner.caller.playlist.moveSong({
        playlistId: fx.publicList.id,
        songId: fx.publicSong.id,
        toIndex: 0,
      }),
    ).toHaveLength(1);
  });

  it("covers every procedure of the router", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(matrix.map(([name]) => name).sort()).toEqual(procedures);
  });
});
