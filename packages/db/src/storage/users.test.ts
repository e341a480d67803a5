import { eq, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  conversations,
  messages,
  playlistSongs,
  playlists,
  songComments,
  songLikes,
  songs,
  user,
} from "../schema";
import { createTestDb, makeSong, makeUser, type TestDatabase } from "../testing";
import { addUserMessage, createConversation } from "./chat";
import { addComment } from "./comments";
import { addSongToPlaylist, createPlaylist, getPlaylist } from "./playlists";
import { likeSong } from "./likes";
import { getSong } from "./songs";
import {
  createUser,
  deleteUser,
  findAvailableHandle,
  getProfileByHandle,
  handleFromName,
  updateProfile,
} from "./users";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

describe("users", () => {
  it("derives unique handles from names", async () => {
    expect(handleFromName("Ana María!")).toBe("ana_maria");
    expect(handleFromName("岩")).toBe("user");
    expect(handleFromName("Al")).toBe("al_user");
    await makeUser(t, { handle: "mira_sol" });
    await makeUser(t, { handle: "mira_sol_2" });
    expect(await findAvailableHandle(t.db, "Mira Sol")).toBe("mira_sol_3");
    expect(await findAvailableHandle(t.db, "Brand New")).toBe("brand_new");
  });

  it("updates a profile and refuses a taken or malformed handle", async () => {
    const a = await makeUser(t, { handle: "taken_one" });
    const b = await makeUser(t);
    expect(await updateProfile(t.db, b.id, { name: "Bea", bio: "Synths and rain" })).toMatchObject({
      name: "Bea",
      bio: "Synths and rain",
    });
    await expect(updateProfile(t.db, b.id, { handle: "taken_one" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(updateProfile(t.db, b.id, { handle: "Bad Handle" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(updateProfile(t.db, b.id, { email: "x@y.z" } as never)).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect((await getProfileByHandle(t.db, b.handle))!.name).toBe("Bea");
    expect((await getProfileByHandle(t.db, a.handle))!.handle).toBe("taken_one");
    await expect(
      createUser(t.db, { name: "x", email: "dup@x.test", handle: "taken_one" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("shows public totals on a profile and nothing for unknown handles", async () => {
    const artist = await makeUser(t);
    const fan = await makeUser(t);
    const pub = await makeSong(t.db, artist.id);
    const priv = await makeSong(t.db, artist.id, { isPublic: false });
    await likeSong(t.db, { songId: pub.id, userId: fan.id });
    await likeSong(t.db, { songId: priv.id, userId: artist.id });
    const profile = (await getProfileByHandle(t.db, artist.handle.toUpperCase()))!;
    expect(profile.totals).toEqual({ songCount: 1, totalPlays: 0, totalLikes: 1 });
    expect(await getProfileByHandle(t.db, "nobody_here")).toBeNull();
    expect(await getProfileByHandle(t.db, "'; drop table")).toBeNull();
  });
});

describe("cascades", () => {
  it("deleting a user removes everything they own and keeps other songs' counters exact", async () => {
    const leaver = await makeUser(t);
    const stayer = await makeUser(t);
    const theirSong = await makeSong(t.db, leaver.id);
    const keptSong = await makeSong(t.db, stayer.id);
    await likeSong(t.db, { songId: keptSong.id, userId: leaver.id });
    await likeSong(t.db, { songId: keptSong.id, userId: stayer.id });
    await likeSong(t.db, { songId: theirSong.id, userId: stayer.id });
    await addComment(t.db, leaver.id, { songId: keptSong.id, content: "bye" });
    await addComment(t.db, leaver.id, { songId: keptSong.id, content: "bye again" });
    await addComment(t.db, stayer.id, { songId: theirSong.id, content: "nice" });
    const list = await createPlaylist(t.db, leaver.id, { name: "Mine" });
    await addSongToPlaylist(t.db, { playlistId: list.id, songId: keptSong.id, userId: leaver.id });
    const stayerList = await createPlaylist(t.db, stayer.id, { name: "Has their song" });
    await addSongToPlaylist(t.db, {
      playlistId: stayerList.id,
      songId: theirSong.id,
      userId: stayer.id,
    });
    const conversation = await createConversation(t.db, leaver.id);
    await addUserMessage(t.db, leaver.id, { conversationId: conversation.id, content: "hello" });

    await deleteUser(t.db, leaver.id);

    const count = async (table: PgTable, where: SQL) =>
      (
        await t.db
          .select({ n: sql<number>`count(*)::int` })
          .from(table)
          .where(where)
      )[0]!.n;
    expect(await count(user, eq(user.id, leaver.id))).toBe(0);
    expect(await count(songs, eq(songs.ownerId, leaver.id))).toBe(0);
    expect(await count(songLikes, eq(songLikes.userId, leaver.id))).toBe(0);
    expect(await count(songComments, eq(songComments.authorId, leaver.id))).toBe(0);
    expect(await count(playlists, eq(playlists.ownerId, leaver.id))).toBe(0);
    expect(await count(conversations, eq(conversations.ownerId, leaver.id))).toBe(0);
    expect(await count(messages, eq(messages.conversationId, conversation.id))).toBe(0);
    expect(await count(playlistSongs, eq(playlistSongs.playlistId, stayerList.id))).toBe(0);
    expect(await getSong(t.db, { id: keptSong.id, viewerId: stayer.id })).toMatchObject({
      likeCount: 1,
      commentCount: 0,
    });
    expect((await getPlaylist(t.db, { id: stayerList.id, viewerId: stayer.id }))!.songs).toEqual(
      [],
    );
    await expect(deleteUser(t.db, leaver.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
