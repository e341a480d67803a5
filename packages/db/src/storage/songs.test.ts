import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { songLikes, songPlays, songs } from "../schema";
import { createTestDb, makeSong, makeUser, type TestDatabase } from "../testing";
import { likeSong } from "./likes";
import { recordPlay } from "./plays";
import {
  assertSongOwner,
  createSong,
  deleteSong,
  getSong,
  getSongCoverInputs,
  listCompositionsBySeed,
  listSongsByOwner,
  setSongRenderProgress,
  setSongStatus,
  updateSong,
  setSongCover,
} from "./songs";
import { deleteUnusedSongPictures, getSongPicture, putSongPicture } from "./song-pictures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

const countSongs = async () =>
  (await t.db.select({ n: sql<number>`count(*)::int` }).from(songs))[0]!.n;

describe("createSong / getSong", () => {
  it("stores a song for its owner with server-managed defaults", async () => {
    const owner = await makeUser(t);
    const song = await createSong(t.db, owner.id, {
      title: "  Ocean at Night ",
      description: "waves under the moon",
      mood: "Dreamy",
      genre: "Jazz",
      creationMode: "description",
      durationSec: 45,
      seed: 7,
    });
    expect(song).toMatchObject({
      title: "Ocean at Night",
      mood: "Dreamy",
      genre: "Jazz",
      isPublic: false,
      status: "queued",
      playCount: 0,
      likeCount: 0,
      commentCount: 0,
      ownerId: owner.id,
      author: { id: owner.id, handle: owner.handle, name: owner.name },
      likedByMe: false,
    });
    expect(await getSong(t.db, { id: song.id, viewerId: owner.id })).toMatchObject({ id: song.id });
  });

  it("refuses bad input with a clear error and stores nothing", async () => {
    const owner = await makeUser(t);
    const before = await countSongs();
    const base = {
      title: "x",
      mood: "Happy",
      genre: "Pop",
      creationMode: "description",
      durationSec: 60,
      seed: 1,
    } as const;
    await expect(
      createSong(t.db, owner.id, { ...base, mood: "Angry" as never }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("mood"),
    });
    await expect(
      createSong(t.db, owner.id, { ...base, title: "x".repeat(121) }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("at most 120"),
    });
    await expect(createSong(t.db, owner.id, { ...base, title: "   " })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(createSong(t.db, owner.id, { ...base, durationSec: 9999 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      createSong(t.db, owner.id, { ...base, likeCount: 1000 } as never),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/likeCount|Unrecognized/i),
    });
    await expect(
      createSong(t.db, owner.id, { ...base, parentId: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(createSong(t.db, "no-such-user", base)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await countSongs()).toBe(before);
  });

  it("hides a private song from everyone but its owner", async () => {
    const owner = await makeUser(t);
    const other = await makeUser(t);
    const song = await makeSong(t.db, owner.id, { isPublic: false });
    expect(await getSong(t.db, { id: song.id, viewerId: owner.id })).not.toBeNull();
    expect(await getSong(t.db, { id: song.id, viewerId: other.id })).toBeNull();
    expect(await getSong(t.db, { id: song.id, viewerId: null })).toBeNull();
    expect(await getSong(t.db, { id: "not-a-uuid", viewerId: owner.id })).toBeNull();
  });

  it("records the parent of a remix", async () => {
    const owner = await makeUser(t);
    const parent = await makeSong(t.db, owner.id);
    const remix = await makeSong(t.db, owner.id, { parentId: parent.id, mood: "Hype" });
    expect(remix.parentId).toBe(parent.id);
  });
});

describe("updateSong / deleteSong", () => {
  it("lets the owner edit, refuses others: FORBIDDEN on public, NOT_FOUND on private", async () => {
    const owner = await makeUser(t);
    const other = await makeUser(t);
    const pub = await makeSong(t.db, owner.id, { isPublic: true });
    const priv = await makeSong(t.db, owner.id, { isPublic: false });
    const updated = await updateSong(
      t.db,
      { id: pub.id, userId: owner.id },
      { title: "Renamed", isPublic: false },
    );
    expect(updated).toMatchObject({ title: "Renamed", isPublic: false });
    await updateSong(t.db, { id: pub.id, userId: owner.id }, { isPublic: true });
    await expect(
      updateSong(t.db, { id: pub.id, userId: other.id }, { title: "Mine now" }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      updateSong(t.db, { id: priv.id, userId: other.id }, { title: "Mine now" }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(deleteSong(t.db, { id: pub.id, userId: other.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(assertSongOwner(t.db, { id: "nope", userId: owner.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await getSong(t.db, { id: pub.id, viewerId: owner.id }))!.title).toBe("Renamed");
  });

  it("refuses server-managed fields in an update", async () => {
    const owner = await makeUser(t);
    const song = await makeSong(t.db, owner.id);
    await expect(
      updateSong(t.db, { id: song.id, userId: owner.id }, { playCount: 99 } as never),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect((await getSong(t.db, { id: song.id, viewerId: owner.id }))!.playCount).toBe(0);
  });

  it("deletes a song with its likes and plays", async () => {
    const owner = await makeUser(t);
    const fan = await makeUser(t);
    const song = await makeSong(t.db, owner.id);
    await likeSong(t.db, { songId: song.id, userId: fan.id });
    await recordPlay(t.db, { songId: song.id, listenerId: fan.id, listenerKey: fan.id });
    await deleteSong(t.db, { id: song.id, userId: owner.id });
    expect(await getSong(t.db, { id: song.id, viewerId: owner.id })).toBeNull();
    expect(await t.db.select().from(songLikes).where(eq(songLikes.songId, song.id))).toHaveLength(
      0,
    );
    expect(await t.db.select().from(songPlays).where(eq(songPlays.songId, song.id))).toHaveLength(
      0,
    );
    await expect(deleteSong(t.db, { id: song.id, userId: owner.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("moves status through rendering to failed with a message", async () => {
    const owner = await makeUser(t);
    const song = await makeSong(t.db, owner.id);
    await setSongStatus(t.db, song.id, "rendering");
    expect((await getSong(t.db, { id: song.id, viewerId: owner.id }))!.status).toBe("rendering");
    await setSongStatus(t.db, song.id, "failed", { statusMessage: "The synth ran out of memory" });
    expect(await getSong(t.db, { id: song.id, viewerId: owner.id })).toMatchObject({
      status: "failed",
      statusMessage: "The synth ran out of memory",
    });
    await setSongStatus(t.db, song.id, "ready", { waveform: "AAB_" });
    expect(await getSong(t.db, { id: song.id, viewerId: owner.id })).toMatchObject({
      status: "ready",
      statusMessage: null,
      waveform: "AAB_",
    });
  });
});

describe("setSongRenderProgress", () => {
  const progressOf = async (id: string, viewerId: string) => {
    const song = await getSong(t.db, { id, viewerId });
    return { fraction: song!.renderedFraction, section: song!.renderingSection };
  };

  it("records a rendering song's progress, which a new status clears", async () => {
    const owner = await makeUser(t);
    const song = await makeSong(t.db, owner.id);
    await setSongStatus(t.db, song.id, "rendering");
    expect(await progressOf(song.id, owner.id)).toEqual({ fraction: null, section: null });
    await setSongRenderProgress(t.db, song.id, { fraction: 0.375, section: 2 });
    expect(await progressOf(song.id, owner.id)).toEqual({ fraction: 0.375, section: 2 });
    await setSongStatus(t.db, song.id, "ready", { waveform: "AAB_" });
    expect(await progressOf(song.id, owner.id)).toEqual({ fraction: null, section: null });
  });

  it("ignores a report for a song that is not rendering (a late one outlives nothing)", async () => {
    const owner = await makeUser(t);
    const song = await makeSong(t.db, owner.id);
    await setSongStatus(t.db, song.id, "ready");
    await setSongRenderProgress(t.db, song.id, { fraction: 0.5, section: 1 });
    expect(await progressOf(song.id, owner.id)).toEqual({ fraction: null, section: null });
  });

  it("refuses progress outside 0..1 or a negative section, leaving the stored one", async () => {
    const owner = await makeUser(t);
    const song = await makeSong(t.db, owner.id);
    await setSongStatus(t.db, song.id, "rendering");
    await setSongRenderProgress(t.db, song.id, { fraction: 0.25, section: 1 });
    for (const bad of [
      { fraction: 1.5, section: 1 },
      { fraction: Number.NaN, section: 1 },
      { fraction: 0.5, section: -1 },
      { fraction: 0.5, section: 1.5 },
    ]) {
      await expect(setSongRenderProgress(t.db, song.id, bad)).rejects.toThrow(RangeError);
    }
    expect(await progressOf(song.id, owner.id)).toEqual({ fraction: 0.25, section: 1 });
  });
});

describe("listSongsByOwner", () => {
  it("shows the owner everything and others the public songs, paged by cursor", async () => {
    const owner = await makeUser(t);
    const other = await makeUser(t);
    for (let i = 0; i < 5; i++)
      await makeSong(t.db, owner.id, { isPublic: i % 2 === 0, title: `Track ${i}` });
    const mine = await listSongsByOwner(t.db, owner.id, { viewerId: owner.id, limit: 2 });
    expect(mine.items.map((s) => s.title)).toEqual(["Track 4", "Track 3"]);
    const next = await listSongsByOwner(t.db, owner.id, {
      viewerId: owner.id,
      limit: 2,
      cursor: mine.nextCursor,
    });
    const last = await listSongsByOwner(t.db, owner.id, {
      viewerId: owner.id,
      limit: 2,
      cursor: next.nextCursor,
    });
    expect([...next.items, ...last.items].map((s) => s.title)).toEqual([
      "Track 2",
      "Track 1",
      "Track 0",
    ]);
    expect(last.nextCursor).toBeNull();
    const theirs = await listSongsByOwner(t.db, owner.id, { viewerId: other.id });
    expect(theirs.items.map((s) => s.title)).toEqual(["Track 4", "Track 2", "Track 0"]);
    await expect(listSongsByOwner(t.db, owner.id, { cursor: "garbage" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(listSongsByOwner(t.db, owner.id, { limit: 51 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("returns an empty page for a user with no songs", async () => {
    const nobody = await makeUser(t);
    expect(await listSongsByOwner(t.db, nobody.id)).toEqual({ items: [], nextCursor: null });
  });
});

describe("listCompositionsBySeed", () => {
  it("find songs by seed, for audio shared between identical scores", async () => {
    const me = await makeUser(t);
    const a = await makeSong(t.db, me.id, { seed: 777_001, composition: { n: 1 } });
    await makeSong(t.db, me.id, { seed: 777_002, composition: { n: 2 } });
    await makeSong(t.db, me.id, { seed: 777_001 });
    expect((await listCompositionsBySeed(t.db, [777_001])).map((row) => row.id)).toEqual([a.id]);
    expect(await listCompositionsBySeed(t.db, [])).toEqual([]);
  });
});

describe("getSongCoverInputs", () => {
  it("gives what a cover is drawn from to those who may see the song, with a picture's colour", async () => {
    const owner = await makeUser(t);
    const other = await makeUser(t);
    const song = await makeSong(t.db, owner.id, {
      title: "Harbour Lights",
      mood: "Chill",
      genre: "Jazz",
      seed: 31_337,
      isPublic: false,
    });
    const expected = {
      id: song.id,
      title: "Harbour Lights",
      mood: "Chill",
      genre: "Jazz",
      seed: 31_337,
      isPublic: false,
      pictureColor: null,
      pictureKey: null,
      coverKey: null,
    };
    expect(await getSongCoverInputs(t.db, { id: song.id, viewerId: owner.id })).toEqual(expected);
    expect(await getSongCoverInputs(t.db, { id: song.id, viewerId: other.id })).toBeNull();
    expect(await getSongCoverInputs(t.db, { id: song.id, viewerId: null })).toBeNull();
    expect(await getSongCoverInputs(t.db, { id: "nope", viewerId: owner.id })).toBeNull();

    const fromPicture = await makeSong(t.db, owner.id, {
      creationMode: "image",
      inference: { colorName: "teal", mood: "Chill", pictureKey: "ab12" },
    });
    expect(await getSongCoverInputs(t.db, { id: fromPicture.id, viewerId: null })).toMatchObject({
      pictureColor: "teal",
      pictureKey: "ab12",
      isPublic: true,
    });
  });
});

describe("setSongCover", () => {
  it("names the upload beside image mode's picture, reports the key it replaced, and keeps a picture in use", async () => {
    const owner = await makeUser(t);
    const other = await makeUser(t);
    const song = await makeSong(t.db, owner.id, {
      creationMode: "image",
      inference: { colorName: "teal", pictureKey: "photo1" },
    });
    await putSongPicture(t.db, "photo1", new Uint8Array([1]));
    await putSongPicture(t.db, "upload1", new Uint8Array([2]));
    await putSongPicture(t.db, "upload2", new Uint8Array([3]));
    expect(
      await setSongCover(t.db, { id: song.id, userId: owner.id, coverKey: "upload1" }),
    ).toEqual({ previousKey: null });
    expect(
      await setSongCover(t.db, { id: song.id, userId: owner.id, coverKey: "upload2" }),
    ).toEqual({ previousKey: "upload1" });
    expect(await getSongCoverInputs(t.db, { id: song.id, viewerId: owner.id })).toMatchObject({
      pictureKey: "photo1",
      coverKey: "upload2",
    });
    // Only the replaced upload is unused: image mode's picture and the new upload stay.
    expect(await deleteUnusedSongPictures(t.db, ["photo1", "upload1", "upload2"])).toBe(1);
    expect(await getSongPicture(t.db, "upload1")).toBeNull();
    expect(await getSongPicture(t.db, "upload2")).toEqual(new Uint8Array([3]));

    await expect(
      setSongCover(t.db, { id: song.id, userId: other.id, coverKey: null }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await setSongCover(t.db, { id: song.id, userId: owner.id, coverKey: null })).toEqual({
      previousKey: "upload2",
    });
  });
});
