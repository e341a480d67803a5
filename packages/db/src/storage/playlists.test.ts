import { and, asc, eq, or, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { playlistSongs, songs } from "../schema";
import { createTestDb, makeSong, makeUser, type TestDatabase } from "../testing";
import {
  addSongToPlaylist,
  createPlaylist,
  deletePlaylist,
  getPlaylist,
  listPlaylistsByOwner,
  type PlaylistDetails,
  moveSongInPlaylist,
  removeSongFromPlaylist,
  updatePlaylist,
} from "./playlists";
import { encodeCursor } from "./pagination";
import { deleteSong, updateSong } from "./songs";
import { deleteUser } from "./users";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

const titles = (playlist: { songs: { position: number; song: { title: string } }[] }) =>
  playlist.songs.map((entry) => entry.song.title);

async function playlistWithSongs(n: number) {
  const owner = await makeUser(t);
  const playlist = await createPlaylist(t.db, owner.id, { name: "Road trip", isPublic: true });
  const songIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const song = await makeSong(t.db, owner.id, { title: `S${i}` });
    await addSongToPlaylist(t.db, { playlistId: playlist.id, songId: song.id, userId: owner.id });
    songIds.push(song.id);
  }
  return { owner, playlist, songIds };
}

/** How many of the playlist's songs the viewer sees, counted the slow way: song by song. */
async function visibleSongsByHand(playlistId: string, viewerId: string | null) {
  const [row] = await t.db
    .select({ n: sql<number>`count(*)::int` })
    .from(playlistSongs)
    .innerJoin(songs, eq(songs.id, playlistSongs.songId))
    .where(
      and(
        eq(playlistSongs.playlistId, playlistId),
        viewerId
          ? or(eq(songs.isPublic, true), eq(songs.ownerId, viewerId))
          : eq(songs.isPublic, true),
      ),
    );
  return row!.n;
}

/** songCount of the first page for each viewer, beside the count song by song. */
async function songCounts(playlistId: string, viewerIds: (string | null)[]) {
  const counted: number[] = [];
  const byHand: number[] = [];
  for (const viewerId of viewerIds) {
    const page = await getPlaylist(t.db, { id: playlistId, viewerId }, { limit: 1 });
    counted.push(page!.songCount);
    byHand.push(await visibleSongsByHand(playlistId, viewerId));
  }
  return { counted, byHand };
}

describe("playlists", () => {
  it("creates, renames, lists and deletes", async () => {
    const owner = await makeUser(t);
    const other = await makeUser(t);
    const created = await createPlaylist(t.db, owner.id, { name: " Focus " });
    expect(created).toMatchObject({
      name: "Focus",
      isPublic: false,
      songs: [],
      owner: { id: owner.id },
    });
    await createPlaylist(t.db, owner.id, { name: "Public mix", isPublic: true });
    const renamed = await updatePlaylist(
      t.db,
      { id: created.id, userId: owner.id },
      { name: "Deep focus" },
    );
    expect(renamed.name).toBe("Deep focus");
    const mine = await listPlaylistsByOwner(t.db, owner.id, { viewerId: owner.id });
    expect(mine.items.map((p) => [p.name, p.songCount])).toEqual([
      ["Public mix", 0],
      ["Deep focus", 0],
    ]);
    const seenByOther = await listPlaylistsByOwner(t.db, owner.id, { viewerId: other.id });
    expect(seenByOther.items.map((p) => p.name)).toEqual(["Public mix"]);
    await deletePlaylist(t.db, { id: created.id, userId: owner.id });
    expect(await getPlaylist(t.db, { id: created.id, viewerId: owner.id })).toBeNull();
  });

  it("refuses blank or over-long names and unknown fields, changing nothing", async () => {
    const owner = await makeUser(t);
    const playlist = await createPlaylist(t.db, owner.id, { name: "Keep" });
    await expect(createPlaylist(t.db, owner.id, { name: "  " })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      updatePlaylist(t.db, { id: playlist.id, userId: owner.id }, { name: "x".repeat(121) }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      updatePlaylist(t.db, { id: playlist.id, userId: owner.id }, { ownerId: "x" } as never),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect((await getPlaylist(t.db, { id: playlist.id, viewerId: owner.id }))!.name).toBe("Keep");
  });

  it("keeps order gap-free through adds, moves and removals", async () => {
    const { owner, playlist, songIds } = await playlistWithSongs(5);
    let view = (await getPlaylist(t.db, { id: playlist.id, viewerId: owner.id }))!;
    expect(titles(view)).toEqual(["S0", "S1", "S2", "S3", "S4"]);
    expect(view.songs.map((e) => e.position)).toEqual([0, 1, 2, 3, 4]);

    view = await moveSongInPlaylist(t.db, {
      playlistId: playlist.id,
      songId: songIds[4]!,
      toIndex: 0,
      userId: owner.id,
    });
    expect(titles(view)).toEqual(["S4", "S0", "S1", "S2", "S3"]);
    view = await moveSongInPlaylist(t.db, {
      playlistId: playlist.id,
      songId: songIds[4]!,
      toIndex: 4,
      userId: owner.id,
    });
    expect(titles(view)).toEqual(["S0", "S1", "S2", "S3", "S4"]);
    view = await moveSongInPlaylist(t.db, {
      playlistId: playlist.id,
      songId: songIds[0]!,
      toIndex: 2,
      userId: owner.id,
    });
    expect(titles(view)).toEqual(["S1", "S2", "S0", "S3", "S4"]);
    view = await moveSongInPlaylist(t.db, {
      playlistId: playlist.id,
      songId: songIds[3]!,
      toIndex: 1,
      userId: owner.id,
    });
    expect(titles(view)).toEqual(["S1", "S3", "S2", "S0", "S4"]);
    // Many moves in a row keep the keys unique and the order right.
    for (let i = 0; i < 30; i++) {
      view = await moveSongInPlaylist(t.db, {
        playlistId: playlist.id,
        songId: songIds[i % 5]!,
        toIndex: 1,
        userId: owner.id,
      });
      expect(view.songs[1]!.song.id).toBe(songIds[i % 5]);
    }
    view = await removeSongFromPlaylist(t.db, {
      playlistId: playlist.id,
      songId: songIds[2]!,
      userId: owner.id,
    });
    expect(view.songs.map((e) => e.position)).toEqual([0, 1, 2, 3]);
    expect(titles(view)).not.toContain("S2");
  });

  it("refuses duplicates, bad indexes and songs not in the playlist", async () => {
    const { owner, playlist, songIds } = await playlistWithSongs(2);
    const add = { playlistId: playlist.id, songId: songIds[0]!, userId: owner.id };
    await expect(addSongToPlaylist(t.db, add)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(moveSongInPlaylist(t.db, { ...add, toIndex: 2 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(moveSongInPlaylist(t.db, { ...add, toIndex: -1 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(moveSongInPlaylist(t.db, { ...add, toIndex: 1.5 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const stranger = await makeSong(t.db, owner.id);
    await expect(
      moveSongInPlaylist(t.db, { ...add, songId: stranger.id, toIndex: 0 }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      removeSongFromPlaylist(t.db, { ...add, songId: stranger.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      addSongToPlaylist(t.db, { ...add, songId: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(titles((await getPlaylist(t.db, { id: playlist.id, viewerId: owner.id }))!)).toEqual([
      "S0",
      "S1",
    ]);
  });

  it("applies the ownership rules: FORBIDDEN on someone's public playlist, NOT_FOUND on a private one", async () => {
    const { owner, playlist, songIds } = await playlistWithSongs(2);
    const other = await makeUser(t);
    const privateList = await createPlaylist(t.db, owner.id, { name: "Secret" });
    const theirSong = await makeSong(t.db, other.id);
    await expect(
      addSongToPlaylist(t.db, { playlistId: playlist.id, songId: theirSong.id, userId: other.id }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      moveSongInPlaylist(t.db, {
        playlistId: playlist.id,
        songId: songIds[1]!,
        toIndex: 0,
        userId: other.id,
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(deletePlaylist(t.db, { id: playlist.id, userId: other.id })).rejects.toMatchObject(
      {
        code: "FORBIDDEN",
      },
    );
    await expect(
      updatePlaylist(t.db, { id: privateList.id, userId: other.id }, { name: "x" }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await getPlaylist(t.db, { id: privateList.id, viewerId: other.id })).toBeNull();
    expect(await getPlaylist(t.db, { id: privateList.id, viewerId: null })).toBeNull();
    // Someone else's private song cannot be added, even by a playlist owner.
    const hidden = await makeSong(t.db, other.id, { isPublic: false });
    await expect(
      addSongToPlaylist(t.db, { playlistId: playlist.id, songId: hidden.id, userId: owner.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("hides songs that became private from other readers, and drops deleted songs", async () => {
    const { owner, playlist, songIds } = await playlistWithSongs(3);
    const reader = await makeUser(t);
    await updateSong(t.db, { id: songIds[1]!, userId: owner.id }, { isPublic: false });
    const seen = (await getPlaylist(t.db, { id: playlist.id, viewerId: reader.id }))!;
    expect(titles(seen)).toEqual(["S0", "S2"]);
    expect(seen.songs.map((e) => e.position)).toEqual([0, 1]);
    await deleteSong(t.db, { id: songIds[0]!, userId: owner.id });
    expect(titles((await getPlaylist(t.db, { id: playlist.id, viewerId: owner.id }))!)).toEqual([
      "S1",
      "S2",
    ]);
    const rows = await t.db
      .select({ songId: playlistSongs.songId })
      .from(playlistSongs)
      .where(eq(playlistSongs.playlistId, playlist.id))
      .orderBy(asc(playlistSongs.position));
    expect(rows.map((r) => r.songId)).toEqual([songIds[1], songIds[2]]);
  });

  it("keeps songCount exact for every viewer through adds, moves, removals, privacy changes and deletions", async () => {
    const owner = await makeUser(t);
    const friend = await makeUser(t);
    const stranger = await makeUser(t);
    const playlist = await createPlaylist(t.db, owner.id, { name: "Counted", isPublic: true });
    const mine = await Promise.all([0, 1, 2].map(() => makeSong(t.db, owner.id)));
    const theirs = await Promise.all([0, 1].map(() => makeSong(t.db, friend.id)));
    const ownPrivate = await makeSong(t.db, owner.id, { isPublic: false });
    for (const song of [...mine, ...theirs, ownPrivate]) {
      await addSongToPlaylist(t.db, { playlistId: playlist.id, songId: song.id, userId: owner.id });
    }
    const viewers = [null, owner.id, friend.id, stranger.id];
    const expectCounts = async (expected: number[]) => {
      const { counted, byHand } = await songCounts(playlist.id, viewers);
      expect(byHand).toEqual(expected);
      expect(counted).toEqual(byHand);
    };
    // anonymous, the owner, the friend whose songs are in it, a stranger
    await expectCounts([5, 6, 5, 5]);

    await moveSongInPlaylist(t.db, {
      playlistId: playlist.id,
      songId: theirs[1]!.id,
      toIndex: 0,
      userId: owner.id,
    });
    await expectCounts([5, 6, 5, 5]);

    // The friend turns one of their songs private: only they still see it.
    await updateSong(t.db, { id: theirs[0]!.id, userId: friend.id }, { isPublic: false });
    await expectCounts([4, 5, 5, 4]);
    // The owner makes their private song public.
    await updateSong(t.db, { id: ownPrivate.id, userId: owner.id }, { isPublic: true });
    await expectCounts([5, 5, 6, 5]);

    await removeSongFromPlaylist(t.db, {
      playlistId: playlist.id,
      songId: mine[0]!.id,
      userId: owner.id,
    });
    await expectCounts([4, 4, 5, 4]);
    await deleteSong(t.db, { id: mine[1]!.id, userId: owner.id });
    await expectCounts([3, 3, 4, 3]);
    // The friend leaves: their songs (one public, one private) go with their account.
    await deleteUser(t.db, friend.id);
    await expectCounts([2, 2, 2, 2]);

    // Refused changes leave the counts as they were.
    await expect(
      addSongToPlaylist(t.db, { playlistId: playlist.id, songId: mine[2]!.id, userId: owner.id }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const hidden = await makeSong(t.db, stranger.id, { isPublic: false });
    await expect(
      addSongToPlaylist(t.db, { playlistId: playlist.id, songId: hidden.id, userId: owner.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      addSongToPlaylist(t.db, {
        playlistId: playlist.id,
        songId: mine[2]!.id,
        userId: stranger.id,
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expectCounts([2, 2, 2, 2]);

    // The owner's list counts every entry, as before.
    const listed = await listPlaylistsByOwner(t.db, owner.id, { viewerId: owner.id });
    expect(listed.items.find((item) => item.id === playlist.id)?.songCount).toBe(2);
    // Deleting the playlist takes its entries (and the cascade's count update finds no row).
    await deletePlaylist(t.db, { id: playlist.id, userId: owner.id });
    const left = await t.db
      .select({ songId: playlistSongs.songId })
      .from(playlistSongs)
      .where(eq(playlistSongs.playlistId, playlist.id));
    expect(left).toEqual([]);
  });

  it("reads a playlist page by page, positions continuing, hidden songs skipped", async () => {
    const { owner, playlist, songIds } = await playlistWithSongs(5);
    const reader = await makeUser(t);
    await updateSong(t.db, { id: songIds[2]!, userId: owner.id }, { isPublic: false });
    const pages: { titles: string[]; positions: number[] }[] = [];
    let cursor: string | null = null;
    do {
      const page: PlaylistDetails = (await getPlaylist(
        t.db,
        { id: playlist.id, viewerId: reader.id },
        {
          cursor,
          limit: 2,
        },
      ))!;
      pages.push({ titles: titles(page), positions: page.songs.map((e) => e.position) });
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual([
      { titles: ["S0", "S1"], positions: [0, 1] },
      { titles: ["S3"], positions: [2] },
      { titles: ["S4"], positions: [3] },
    ]);
    // songCount is what the reader sees, the same on every page; the owner sees all five.
    const first = (await getPlaylist(
      t.db,
      { id: playlist.id, viewerId: reader.id },
      { limit: 2 },
    ))!;
    expect(first.songCount).toBe(4);
    const second = (await getPlaylist(
      t.db,
      { id: playlist.id, viewerId: reader.id },
      { cursor: first.nextCursor, limit: 2 },
    ))!;
    expect(second.songCount).toBe(4);
    const mine = (await getPlaylist(t.db, { id: playlist.id, viewerId: owner.id }, { limit: 2 }))!;
    expect(mine.songCount).toBe(5);
    // Without a page: every song, as before, and no cursor.
    const all = (await getPlaylist(t.db, { id: playlist.id, viewerId: reader.id }))!;
    expect(titles(all)).toEqual(["S0", "S1", "S3", "S4"]);
    expect(all.nextCursor).toBeNull();
  });

  it("refuses a page size out of range or a forged cursor", async () => {
    const { owner, playlist } = await playlistWithSongs(1);
    for (const limit of [0, 201, 1.5]) {
      await expect(
        getPlaylist(t.db, { id: playlist.id, viewerId: owner.id }, { limit }),
      ).rejects.toMatchObject({
        code: "BAD_REQUEST",
      });
    }
    const forged = [
      "not-a-cursor",
      encodeCursor(["a0", 1]),
      encodeCursor(["a0", -1, 3]),
      encodeCursor(["", 0, 3]),
      encodeCursor([1, 0, 3]),
    ];
    for (const cursor of forged) {
      await expect(
        getPlaylist(t.db, { id: playlist.id, viewerId: owner.id }, { cursor }),
      ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
  });
});
