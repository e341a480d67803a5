// Races that only a real PostgreSQL can run (PGlite serializes every query). Included by
// vitest.pg.config.ts, which runs with TEST_DATABASE_URL set.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { follows, playlistSongs, songLikes, songPlays, songs, user } from "../schema";
import { createTestDb, makeSong, makeUser, testDatabaseKind, type TestDatabase } from "../testing";
import {
  addSongToPlaylist,
  createPlaylist,
  getPlaylist,
  listPlaylistsByOwner,
  moveSongInPlaylist,
} from "./playlists";
import { followUser, getFollowCounts, unfollowUser } from "./follows";
import { exactLikeCount, foldLikeSlots, likeSong, unlikeSong } from "./likes";
import { recordPlay } from "./plays";
import { deleteSong, updateSong } from "./songs";

let t: TestDatabase;
beforeAll(async () => {
  if (testDatabaseKind !== "postgres") throw new Error("concurrency tests need TEST_DATABASE_URL");
  t = await createTestDb({ max: 40 });
});
afterAll(async () => {
  await t?.close();
});

async function makeUsers(n: number) {
  const rows = Array.from({ length: n }, (_, i) => ({
    id: `race_${Date.now()}_${i}_${Math.random().toString(36).slice(2, 8)}`,
    name: `Racer ${i}`,
    email: `race_${i}_${Math.random().toString(36).slice(2)}@example.test`,
    handle: `r${i}_${Math.random().toString(36).slice(2, 10)}`,
  }));
  await t.db.insert(user).values(rows);
  return rows.map((row) => row.id);
}

const stored = async (songId: string) => {
  const [song] = await t.db
    .select({ likeCount: exactLikeCount(songs), playCount: songs.playCount })
    .from(songs)
    .where(eq(songs.id, songId));
  const [likes] = await t.db
    .select({ n: sql<number>`count(*)::int` })
    .from(songLikes)
    .where(eq(songLikes.songId, songId));
  const [plays] = await t.db
    .select({ n: sql<number>`count(*)::int` })
    .from(songPlays)
    .where(eq(songPlays.songId, songId));
  return {
    likeCount: song!.likeCount,
    likeRows: likes!.n,
    playCount: song!.playCount,
    playRows: plays!.n,
  };
};

/** A user's follower count as read, and their follow rows as stored. */
const followState = async (userId: string) => {
  const { followerCount } = await getFollowCounts(t.db, { userId, viewerId: null });
  const [rows] = await t.db
    .select({ n: sql<number>`count(*)::int` })
    .from(follows)
    .where(eq(follows.followeeId, userId));
  return { followerCount, followRows: rows!.n };
};

describe("concurrency on PostgreSQL", () => {
  it("500 concurrent likes from distinct users give exactly 500", async () => {
    const owner = await makeUser(t);
    const song = await makeSong(t.db, owner.id);
    const fans = await makeUsers(500);
    const results = await Promise.all(
      fans.map((id) => likeSong(t.db, { songId: song.id, userId: id })),
    );
    expect(results.every((r) => r.liked)).toBe(true);
    expect(Math.max(...results.map((r) => r.likeCount))).toBe(500);
    expect(await stored(song.id)).toMatchObject({ likeCount: 500, likeRows: 500 });
  });

  it("100 concurrent likes from one user give 1", async () => {
    const owner = await makeUser(t);
    const song = await makeSong(t.db, owner.id);
    const fan = await makeUser(t);
    const results = await Promise.all(
      Array.from({ length: 100 }, () => likeSong(t.db, { songId: song.id, userId: fan.id })),
    );
    expect(results.every((r) => r.likeCount === 1)).toBe(true);
    expect(await stored(song.id)).toMatchObject({ likeCount: 1, likeRows: 1 });
  });

  it("a random storm of like/unlike leaves like_count equal to the like rows", async () => {
    const owner = await makeUser(t);
    const song = await makeSong(t.db, owner.id);
    const fans = await makeUsers(40);
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const ops = Array.from({ length: 600 }, () => {
      const fan = fans[Math.floor(random() * fans.length)]!;
      return random() < 0.55
        ? likeSong(t.db, { songId: song.id, userId: fan })
        : unlikeSong(t.db, { songId: song.id, userId: fan });
    });
    await Promise.all(ops);
    const state = await stored(song.id);
    expect(state.likeCount).toBe(state.likeRows);
    expect(state.likeRows).toBeGreaterThan(0);
  });

  it("keeps the like count exact for readers while likes and folds run", async () => {
    const owner = await makeUser(t);
    const song = await makeSong(t.db, owner.id);
    const fans = await makeUsers(300);
    let liking = true;
    const folds = (async () => {
      let n = 0;
      while (liking) n += (await foldLikeSlots(t.db)) > 0 ? 1 : 0;
      return n;
    })();
    // Likes only: each reader sees a growing prefix of the committed likes, never a count
    // doubled (slots and like_count both holding a like) or dropped (in neither) by a fold.
    const reads = (async () => {
      const seen: number[] = [];
      while (liking) seen.push((await stored(song.id)).likeCount);
      return seen;
    })();
    // In ten waves of 30: after each wave the count is exactly the likes so far, folds or not.
    const results = [];
    const afterWave: number[] = [];
    for (let wave = 0; wave < 10; wave++) {
      const batch = fans.slice(wave * 30, wave * 30 + 30);
      results.push(
        ...(await Promise.all(batch.map((id) => likeSong(t.db, { songId: song.id, userId: id })))),
      );
      afterWave.push((await stored(song.id)).likeCount);
      if (wave === 4) await foldLikeSlots(t.db); // at least one fold lands mid-way
    }
    liking = false;
    const [, seen] = await Promise.all([folds, reads]);
    expect(afterWave).toEqual(Array.from({ length: 10 }, (_, i) => 30 * (i + 1)));
    expect(seen.every((n, i) => n <= 300 && (i === 0 || n >= seen[i - 1]!))).toBe(true);
    expect(Math.max(...results.map((r) => r.likeCount))).toBe(300);
    expect(await stored(song.id)).toMatchObject({ likeCount: 300, likeRows: 300 });
    await foldLikeSlots(t.db);
    const [row] = await t.db
      .select({ folded: songs.likeCount })
      .from(songs)
      .where(eq(songs.id, song.id));
    expect(row!.folded).toBe(300);
    expect(await stored(song.id)).toMatchObject({ likeCount: 300 });
  });

  it("300 concurrent follows of one creator give exactly 300 followers", async () => {
    const creator = await makeUser(t);
    const fans = await makeUsers(300);
    const results = await Promise.all(
      fans.map((id) => followUser(t.db, { followerId: id, followeeId: creator.id })),
    );
    expect(results.every((r) => r.following)).toBe(true);
    expect(Math.max(...results.map((r) => r.followerCount))).toBe(300);
    expect(await followState(creator.id)).toEqual({ followerCount: 300, followRows: 300 });
  });

  it("100 concurrent follows by one user count once", async () => {
    const creator = await makeUser(t);
    const fan = await makeUser(t);
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        followUser(t.db, { followerId: fan.id, followeeId: creator.id }),
      ),
    );
    expect(results.every((r) => r.followerCount === 1)).toBe(true);
    expect(await followState(creator.id)).toEqual({ followerCount: 1, followRows: 1 });
  });

  it("a random storm of follow/unfollow leaves the follower count equal to the rows", async () => {
    const creator = await makeUser(t);
    const fans = await makeUsers(40);
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const ops = Array.from({ length: 600 }, () => {
      const fan = fans[Math.floor(random() * fans.length)]!;
      return random() < 0.55
        ? followUser(t.db, { followerId: fan, followeeId: creator.id })
        : unfollowUser(t.db, { followerId: fan, followeeId: creator.id });
    });
    await Promise.all(ops);
    const state = await followState(creator.id);
    expect(state.followerCount).toBe(state.followRows);
    expect(state.followRows).toBeGreaterThan(0);
  });

  it("counts concurrent plays exactly, once per listener and window", async () => {
    const owner = await makeUser(t);
    const song = await makeSong(t.db, owner.id);
    const at = new Date();
    const plays = Array.from({ length: 300 }, (_, i) =>
      recordPlay(t.db, { songId: song.id, listenerKey: `anon:${i % 120}`, at }),
    );
    const results = await Promise.all(plays);
    expect(results.filter((r) => r.counted)).toHaveLength(120);
    expect(await stored(song.id)).toMatchObject({ playCount: 120, playRows: 120 });
  });

  it("concurrent adds, privacy changes and deletions keep a playlist's songCount exact", async () => {
    const owner = await makeUser(t);
    const friend = await makeUser(t);
    const playlist = await createPlaylist(t.db, owner.id, { name: "Counted race", isPublic: true });
    const mine = await Promise.all(Array.from({ length: 12 }, () => makeSong(t.db, owner.id)));
    const theirs = await Promise.all(Array.from({ length: 12 }, () => makeSong(t.db, friend.id)));
    // Every song is added at once; meanwhile the friend turns half their songs private and
    // back, and deletes a third of them.
    const adds = [...mine, ...theirs].map((song) =>
      addSongToPlaylist(t.db, { playlistId: playlist.id, songId: song.id, userId: owner.id }).then(
        () => "added",
        (error: { code?: string }) => error.code,
      ),
    );
    const flips = theirs.slice(0, 6).map(async (song, i) => {
      await updateSong(t.db, { id: song.id, userId: friend.id }, { isPublic: false });
      if (i % 2 === 0) {
        await updateSong(t.db, { id: song.id, userId: friend.id }, { isPublic: true });
      }
    });
    const deletions = theirs
      .slice(8)
      .map((song) => deleteSong(t.db, { id: song.id, userId: friend.id }));
    const outcomes = await Promise.all(adds);
    await Promise.all([...flips, ...deletions]);
    // An add may lose to the song turning private or being deleted: that is NOT_FOUND.
    expect(new Set(outcomes.filter((outcome) => outcome !== "added"))).toEqual(
      new Set(outcomes.some((outcome) => outcome !== "added") ? ["NOT_FOUND"] : []),
    );
    expect(outcomes.slice(0, 12)).toEqual(Array(12).fill("added"));

    const [entries] = await t.db
      .select({
        all: sql<number>`count(*)::int`,
        publicOnes: sql<number>`(count(*) filter (where ${songs.isPublic}))::int`,
        friendsPrivate: sql<number>`(count(*) filter (where not ${songs.isPublic} and ${songs.ownerId} = ${friend.id}))::int`,
      })
      .from(playlistSongs)
      .innerJoin(songs, eq(songs.id, playlistSongs.songId))
      .where(eq(playlistSongs.playlistId, playlist.id));
    // 12 of the owner's, the friend's 8 not deleted (unless an add lost), 3 of them private.
    expect(entries!.all).toBeGreaterThanOrEqual(12);
    const seenBy = async (viewerId: string | null) =>
      (await getPlaylist(t.db, { id: playlist.id, viewerId }, { limit: 1 }))!.songCount;
    expect(await seenBy(null)).toBe(entries!.publicOnes);
    expect(await seenBy(owner.id)).toBe(entries!.publicOnes);
    expect(await seenBy(friend.id)).toBe(entries!.publicOnes + entries!.friendsPrivate);
    const listed = await listPlaylistsByOwner(t.db, owner.id, { viewerId: owner.id });
    expect(listed.items.find((item) => item.id === playlist.id)?.songCount).toBe(entries!.all);
  });

  it("concurrent moves in one playlist keep a gap-free order with every song once", async () => {
    const owner = await makeUser(t);
    const playlist = await createPlaylist(t.db, owner.id, { name: "Race" });
    const songIds: string[] = [];
    for (let i = 0; i < 8; i++) {
      const song = await makeSong(t.db, owner.id);
      await addSongToPlaylist(t.db, { playlistId: playlist.id, songId: song.id, userId: owner.id });
      songIds.push(song.id);
    }
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        moveSongInPlaylist(t.db, {
          playlistId: playlist.id,
          songId: songIds[i % 8]!,
          toIndex: (i * 3) % 8,
          userId: owner.id,
        }),
      ),
    );
    const view = (await getPlaylist(t.db, { id: playlist.id, viewerId: owner.id }))!;
    expect(view.songs.map((e) => e.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(view.songs.map((e) => e.song.id))).toEqual(new Set(songIds));
  });
});
