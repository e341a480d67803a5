import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, makeSong, makeUser, type TestDatabase } from "../testing";
import { addComment } from "./comments";
import { listLikedSongsForExport, listOwnCommentsForExport, listOwnSongsForExport } from "./export";
import { likeSong } from "./likes";
import type { PagePosition } from "./pagination";
import { updateSong } from "./songs";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

/** Reads every page of a keyset query with a small page size. */
async function everyPage<Row>(
  fetchPage: (after: PagePosition | null) => Promise<Row[]>,
  positionOf: (row: Row) => PagePosition,
  limit: number,
) {
  const all: Row[] = [];
  let after: PagePosition | null = null;
  for (;;) {
    const page = await fetchPage(after);
    all.push(...page);
    if (page.length < limit) return all;
    after = positionOf(page[page.length - 1]!);
  }
}

describe("export queries", () => {
  it("page through all of a user's songs, private ones too, once each and oldest first", async () => {
    const me = await makeUser(t);
    const other = await makeUser(t);
    const made: { id: string }[] = [];
    for (let i = 0; i < 7; i++)
      made.push(await makeSong(t.db, me.id, { isPublic: i % 2 === 0, lyrics: `words ${i}` }));
    await makeSong(t.db, other.id);
    const rows = await everyPage(
      (after) => listOwnSongsForExport(t.db, me.id, { after, limit: 2 }),
      (row) => row,
      2,
    );
    const ids = rows.map((row) => row.id);
    expect(new Set(ids).size).toBe(7);
    expect([...ids].sort()).toEqual(made.map((song) => song.id).sort());
    const times = rows.map((row) => row.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(rows.find((row) => row.id === made[3]!.id)).toMatchObject({
      isPublic: false,
      lyrics: "words 3",
    });
  });

  it("give the user's comments and likes, without titles of songs they may no longer see", async () => {
    const me = await makeUser(t);
    const other = await makeUser(t);
    const open = await makeSong(t.db, other.id, { title: "Open" });
    const closing = await makeSong(t.db, other.id, { title: "Closing" });
    await addComment(t.db, me.id, { songId: open.id, content: "first", atSec: 2 });
    await addComment(t.db, me.id, { songId: closing.id, content: "second" });
    await addComment(t.db, other.id, { songId: open.id, content: "not mine" });
    await likeSong(t.db, { songId: open.id, userId: me.id });
    await likeSong(t.db, { songId: closing.id, userId: me.id });
    await updateSong(t.db, { id: closing.id, userId: other.id }, { isPublic: false });

    const comments = await everyPage(
      (after) => listOwnCommentsForExport(t.db, me.id, { after, limit: 1 }),
      (row) => row,
      1,
    );
    expect(comments.map((c) => [c.content, c.songTitle, c.atSec])).toEqual([
      ["first", "Open", 2],
      ["second", null, null],
    ]);
    const likes = await listLikedSongsForExport(t.db, me.id, { limit: 10 });
    expect(likes.map((like) => like.title)).toEqual(["Open"]);
  });
});
