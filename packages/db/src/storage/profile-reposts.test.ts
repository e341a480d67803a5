import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, makeSong, makeUser, type TestDatabase } from "../testing";
import { likeSong } from "./likes";
import { listRepostsByUser } from "./profile-reposts";
import { repostSong } from "./reposts";
import { deleteSong, updateSong } from "./songs";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

describe("listRepostsByUser", () => {
  it("lists a reposter's public reposts, newest first, credited to their creators", async () => {
    const curator = await makeUser(t);
    const ana = await makeUser(t);
    const bo = await makeUser(t);
    const viewer = await makeUser(t);
    const first = await makeSong(t.db, ana.id);
    const second = await makeSong(t.db, bo.id);
    await repostSong(t.db, { songId: first.id, userId: curator.id });
    await repostSong(t.db, { songId: second.id, userId: curator.id });
    await likeSong(t.db, { songId: first.id, userId: viewer.id });

    const seen = await listRepostsByUser(t.db, { userId: curator.id, viewerId: viewer.id });
    expect(seen.map((s) => s.id)).toEqual([second.id, first.id]);
    expect(seen.map((s) => s.author.id)).toEqual([bo.id, ana.id]);
    expect(seen.map((s) => s.likedByMe)).toEqual([false, true]);
    expect(seen[0]!.repostedAt).toBeInstanceOf(Date);
    // Someone else's reposts are not mine.
    expect(await listRepostsByUser(t.db, { userId: viewer.id })).toEqual([]);
  });

  it("drops a song that went private or was deleted, for every viewer (its owner too)", async () => {
    const curator = await makeUser(t);
    const owner = await makeUser(t);
    const hidden = await makeSong(t.db, owner.id);
    const gone = await makeSong(t.db, owner.id);
    const kept = await makeSong(t.db, owner.id);
    for (const song of [hidden, gone, kept])
      await repostSong(t.db, { songId: song.id, userId: curator.id });
    await updateSong(t.db, { id: hidden.id, userId: owner.id }, { isPublic: false });
    await deleteSong(t.db, { id: gone.id, userId: owner.id });
    for (const viewerId of [null, curator.id, owner.id]) {
      const seen = await listRepostsByUser(t.db, { userId: curator.id, viewerId });
      expect(seen.map((s) => s.id)).toEqual([kept.id]);
    }
  });
});
