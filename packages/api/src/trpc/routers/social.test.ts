// Comments, playlists, profiles, stats and API keys through the procedures.
import { makeSong } from "@harmoniq/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf, createTestApi, type TestApi } from "../../testing/api";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi({
    limits: { comment: { points: 5, durationSec: 60, message: "You are commenting very fast" } },
  });
});
afterAll(async () => {
  await api?.close();
});

describe("comment", () => {
  it("pins comments to moments; author and song owner may delete, others may not", async () => {
    const owner = await api.user();
    const author = await api.user();
    const stranger = await api.user();
    const song = await makeSong(api.db, owner.id, { durationSec: 60 });
    const comment = await author.caller.comment.create({
      songId: song.id,
      content: "That drop at 0:31!",
      atSec: 31,
    });
    expect(comment).toMatchObject({ atSec: 31, author: { id: author.id } });
    const other = await author.caller.comment.create({ songId: song.id, content: "again" });
    expect((await api.anonymous().comment.list({ songId: song.id })).items).toHaveLength(2);
    expect(await codeOf(stranger.caller.comment.delete({ id: comment.id }))).toBe("FORBIDDEN");
    expect(await codeOf(api.anonymous().comment.delete({ id: comment.id }))).toBe("UNAUTHORIZED");
    expect(await owner.caller.comment.delete({ id: comment.id })).toEqual({ id: comment.id });
    expect(await author.caller.comment.delete({ id: other.id })).toEqual({ id: other.id });
    expect((await api.anonymous().comment.list({ songId: song.id })).items).toHaveLength(0);
  });

  it("hides comments of private songs and refuses bad comments", async () => {
    const owner = await api.user();
    const other = await api.user();
    const song = await makeSong(api.db, owner.id, { isPublic: false, durationSec: 30 });
    await owner.caller.comment.create({ songId: song.id, content: "note to self" });
    expect(await codeOf(other.caller.comment.list({ songId: song.id }))).toBe("NOT_FOUND");
    expect(await codeOf(other.caller.comment.create({ songId: song.id, content: "hi" }))).toBe(
      "NOT_FOUND",
    );
    for (const bad of [
      { content: "" },
      { content: "x".repeat(2001) },
      { content: "ok", atSec: -1 },
      { content: "ok", atSec: 31 },
    ]) {
      expect(await codeOf(owner.caller.comment.create({ songId: song.id, ...bad }))).toBe(
        "BAD_REQUEST",
      );
    }
    expect((await owner.caller.comment.list({ songId: song.id })).items).toHaveLength(1);
  });

  it("rate limits comments per user with TOO_MANY_REQUESTS", async () => {
    const me = await api.user();
    const song = await makeSong(api.db, me.id);
    for (let i = 0; i < 5; i++)
      await me.caller.comment.create({ songId: song.id, content: `c${i}` });
    expect(
      await codeOf(me.caller.comment.create({ songId: song.id, content: "one too many" })),
    ).toBe("TOO_MANY_REQUESTS");
    expect((await me.caller.comment.list({ songId: song.id })).items).toHaveLength(5);
  });
});

describe("playlist", () => {
  it("builds, reorders and shares a playlist; others cannot change it", async () => {
    const owner = await api.user();
    const other = await api.user();
    const songs = await Promise.all(
      [0, 1, 2].map((i) => makeSong(api.db, owner.id, { title: `T${i}` })),
    );
    const list = await owner.caller.playlist.create({ name: "Mix", isPublic: true });
    for (const song of songs)
      await owner.caller.playlist.addSong({ playlistId: list.id, songId: song.id });
    const moved = await owner.caller.playlist.moveSong({
      playlistId: list.id,
      songId: songs[2]!.id,
      toIndex: 0,
    });
    expect(moved.map((e) => e.song.title)).toEqual(["T2", "T0", "T1"]);
    expect(moved.map((e) => e.position)).toEqual([0, 1, 2]);
    expect((await other.caller.playlist.byId({ id: list.id })).songs).toHaveLength(3);
    expect(
      await codeOf(
        other.caller.playlist.moveSong({ playlistId: list.id, songId: songs[0]!.id, toIndex: 2 }),
      ),
    ).toBe("FORBIDDEN");
    expect(
      await codeOf(other.caller.playlist.addSong({ playlistId: list.id, songId: songs[0]!.id })),
    ).toBe("FORBIDDEN");
    expect(await codeOf(other.caller.playlist.delete({ id: list.id }))).toBe("FORBIDDEN");
    expect(
      await codeOf(owner.caller.playlist.addSong({ playlistId: list.id, songId: songs[0]!.id })),
    ).toBe("CONFLICT");
    await owner.caller.playlist.update({ id: list.id, isPublic: false, name: "Private mix" });
    expect(await codeOf(other.caller.playlist.byId({ id: list.id }))).toBe("NOT_FOUND");
    expect(
      await codeOf(other.caller.playlist.removeSong({ playlistId: list.id, songId: songs[0]!.id })),
    ).toBe("NOT_FOUND");
    expect((await owner.caller.playlist.mine()).items.map((p) => [p.name, p.songCount])).toEqual([
      ["Private mix", 3],
    ]);
    expect(await owner.caller.playlist.delete({ id: list.id })).toEqual({ id: list.id });
  });

  it("never shows someone's private song inside a public playlist", async () => {
    const owner = await api.user();
    const reader = await api.user();
    const visible = await makeSong(api.db, owner.id, { title: "Open" });
    const hidden = await makeSong(api.db, owner.id, { title: "Hidden" });
    const list = await owner.caller.playlist.create({ name: "Mixed", isPublic: true });
    await owner.caller.playlist.addSong({ playlistId: list.id, songId: visible.id });
    await owner.caller.playlist.addSong({ playlistId: list.id, songId: hidden.id });
    await owner.caller.song.update({ id: hidden.id, isPublic: false });
    expect(
      (await reader.caller.playlist.byId({ id: list.id })).songs.map((e) => e.song.title),
    ).toEqual(["Open"]);
    expect(
      (await owner.caller.playlist.byId({ id: list.id })).songs.map((e) => e.song.title),
    ).toEqual(["Open", "Hidden"]);
  });

  it("pages through a playlist when asked, and refuses a page size out of range", async () => {
    const owner = await api.user();
    const songs = await Promise.all(
      [0, 1, 2].map((i) => makeSong(api.db, owner.id, { title: `P${i}` })),
    );
    const list = await owner.caller.playlist.create({ name: "Paged", isPublic: true });
    for (const song of songs)
      await owner.caller.playlist.addSong({ playlistId: list.id, songId: song.id });
    const reader = api.anonymous();
    const first = await reader.playlist.byId({ id: list.id, limit: 2 });
    expect(first.songs.map((e) => [e.position, e.song.title])).toEqual([
      [0, "P0"],
      [1, "P1"],
    ]);
    const rest = await reader.playlist.byId({ id: list.id, cursor: first.nextCursor, limit: 2 });
    expect(rest.songs.map((e) => [e.position, e.song.title])).toEqual([[2, "P2"]]);
    expect(rest.nextCursor).toBeNull();
    expect((await reader.playlist.byId({ id: list.id })).songs).toHaveLength(3);
    expect(await codeOf(reader.playlist.byId({ id: list.id, limit: 201 }))).toBe("BAD_REQUEST");
    expect(await codeOf(reader.playlist.byId({ id: list.id, cursor: "nope" }))).toBe("BAD_REQUEST");
  });

  it("moves songs across pages: to the top, to the bottom (songCount - 1), to a position", async () => {
    const owner = await api.user();
    const songs = await Promise.all(
      [0, 1, 2, 3, 4].map((i) => makeSong(api.db, owner.id, { title: `M${i}` })),
    );
    const list = await owner.caller.playlist.create({ name: "Long", isPublic: true });
    for (const song of songs)
      await owner.caller.playlist.addSong({ playlistId: list.id, songId: song.id });
    /** Every page of 2, read the way the web page reads them. */
    const readAll = async () => {
      const pages = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof owner.caller.playlist.byId>> =
          await owner.caller.playlist.byId({ id: list.id, cursor, limit: 2 });
        pages.push(page);
        cursor = page.nextCursor;
      } while (cursor);
      expect(pages.map((p) => p.songCount)).toEqual(pages.map(() => 5));
      const entries = pages.flatMap((p) => p.songs);
      expect(entries.map((e) => e.position)).toEqual([0, 1, 2, 3, 4]);
      return entries.map((e) => e.song.title);
    };
    const first = await owner.caller.playlist.byId({ id: list.id, limit: 2 });
    expect(first.songCount).toBe(5);
    const move = (title: string, toIndex: number) =>
      owner.caller.playlist.moveSong({
        playlistId: list.id,
        songId: songs[Number(title.slice(1))]!.id,
        toIndex,
      });
    // From the third page to the top, from the first page to the bottom, into the middle.
    await move("M4", 0);
    expect(await readAll()).toEqual(["M4", "M0", "M1", "M2", "M3"]);
    await move("M4", first.songCount - 1);
    expect(await readAll()).toEqual(["M0", "M1", "M2", "M3", "M4"]);
    const moved = await move("M0", 3);
    expect(moved.map((e) => e.song.title)).toEqual(["M1", "M2", "M3", "M0", "M4"]);
    expect(await readAll()).toEqual(["M1", "M2", "M3", "M0", "M4"]);
    // Out of range or not a whole number: BAD_REQUEST, and the order is untouched.
    for (const toIndex of [5, -1, 1.5, 10_001])
      expect(await codeOf(move("M1", toIndex))).toBe("BAD_REQUEST");
    expect(await codeOf(owner.caller.playlist.byId({ id: list.id, cursor: "e30" }))).toBe(
      "BAD_REQUEST",
    );
    expect(await readAll()).toEqual(["M1", "M2", "M3", "M0", "M4"]);
  });

  it("serves the first page by default and counts only the songs the reader may see", async () => {
    const owner = await api.user();
    const other = await api.user();
    const list = await owner.caller.playlist.create({ name: "Big", isPublic: true });
    const hidden = await makeSong(api.db, other.id, { title: "Hidden" });
    const n = 101;
    const songs = await Promise.all(
      Array.from({ length: n }, (_, i) => makeSong(api.db, owner.id, { title: `B${i}` })),
    );
    for (const song of songs)
      await owner.caller.playlist.addSong({ playlistId: list.id, songId: song.id });
    // The other user's song is added while public, then made private by its owner.
    await owner.caller.playlist.addSong({ playlistId: list.id, songId: hidden.id });
    await other.caller.song.update({ id: hidden.id, isPublic: false });
    const page = await owner.caller.playlist.byId({ id: list.id });
    expect(page.songs).toHaveLength(100);
    expect(page.songCount).toBe(n);
    // As the web page's infinite query sends it (tRPC adds the direction).
    const rest = await owner.caller.playlist.byId({
      id: list.id,
      cursor: page.nextCursor,
      direction: "forward",
    });
    expect(rest.songs.map((e) => [e.position, e.song.title])).toEqual([[100, "B100"]]);
    expect(rest.nextCursor).toBeNull();
    expect((await other.caller.playlist.byId({ id: list.id, limit: 1 })).songCount).toBe(n + 1);
  });
});

describe("user and stats", () => {
  it("returns null for an anonymous me and the profile for a signed-in one", async () => {
    expect(await api.anonymous().user.me()).toBeNull();
    const me = await api.user({ name: "Nova" });
    expect(await me.caller.user.me()).toMatchObject({ name: "Nova", handle: me.handle });
  });

  it("shows public songs and playlists on a profile, never private ones, even to the owner", async () => {
    const artist = await api.user();
    await makeSong(api.db, artist.id, { title: "Out there" });
    await makeSong(api.db, artist.id, { title: "Secret", isPublic: false });
    await artist.caller.playlist.create({ name: "Public list", isPublic: true });
    await artist.caller.playlist.create({ name: "Private list" });
    for (const caller of [api.anonymous(), artist.caller]) {
      const profile = await caller.user.byHandle({ handle: artist.handle });
      expect(profile.songs.items.map((s) => s.title)).toEqual(["Out there"]);
      expect(profile.playlists.map((p) => p.name)).toEqual(["Public list"]);
      expect(profile.totals.songCount).toBe(1);
    }
    expect(await codeOf(api.anonymous().user.byHandle({ handle: "nobody_at_all" }))).toBe(
      "NOT_FOUND",
    );
  });

  it("updates the profile and refuses a taken handle or server-managed fields", async () => {
    const me = await api.user();
    const other = await api.user();
    expect(await me.caller.user.updateProfile({ bio: "I write songs about trains" })).toMatchObject(
      { bio: "I write songs about trains" },
    );
    expect(await codeOf(me.caller.user.updateProfile({ handle: other.handle }))).toBe("CONFLICT");
    expect(await codeOf(me.caller.user.updateProfile({ handle: "NOT OK" }))).toBe("BAD_REQUEST");
    expect(await codeOf(me.caller.user.updateProfile({ email: "x@y.z" } as never))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(api.anonymous().user.updateProfile({ bio: "x" }))).toBe("UNAUTHORIZED");
  });

  it("gives my stats and refuses them to anonymous callers", async () => {
    const me = await api.user();
    const song = await makeSong(api.db, me.id, { genre: "Rock" });
    await api.anonymous().song.play({ id: song.id });
    const stats = await me.caller.stats.mine();
    expect(stats).toMatchObject({
      songCount: 1,
      totalPlays: 1,
      songsPerGenre: [{ genre: "Rock", count: 1 }],
    });
    expect(stats.playsPerDay).toHaveLength(30);
    expect(stats.playsPerDay.at(-1)!.plays).toBe(1);
    expect(await codeOf(api.anonymous().stats.mine())).toBe("UNAUTHORIZED");
  });
});

describe("apiKey", () => {
  it("creates a key shown once, lists it without the secret and revokes only my own", async () => {
    const me = await api.user();
    const other = await api.user();
    const created = await me.caller.apiKey.create({ name: "My script" });
    expect(created.key).toMatch(/^hq_/);
    const listed = await me.caller.apiKey.list();
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(await codeOf(other.caller.apiKey.revoke({ id: created.id }))).toBe("NOT_FOUND");
    expect(await codeOf(me.caller.apiKey.create({ name: "" }))).toBe("BAD_REQUEST");
    expect(await codeOf(api.anonymous().apiKey.list())).toBe("UNAUTHORIZED");
    expect(await me.caller.apiKey.revoke({ id: created.id })).toEqual({ id: created.id });
    expect(await me.caller.apiKey.list()).toEqual([]);
  });
});
