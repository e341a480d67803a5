import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, makeSong, makeUser, type TestDatabase } from "../testing";
import { addComment, deleteComment, listComments } from "./comments";
import { getSong } from "./songs";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

describe("comments", () => {
  it("adds timed comments, lists them oldest first and keeps the counter exact", async () => {
    const owner = await makeUser(t);
    const fan = await makeUser(t);
    const song = await makeSong(t.db, owner.id, { durationSec: 60 });
    const first = await addComment(t.db, fan.id, {
      songId: song.id,
      content: "Love the drop",
      atSec: 31.5,
    });
    expect(first).toMatchObject({ content: "Love the drop", atSec: 31.5, author: { id: fan.id } });
    await addComment(t.db, owner.id, { songId: song.id, content: "Thanks!" });
    for (let i = 0; i < 3; i++)
      await addComment(t.db, fan.id, { songId: song.id, content: `more ${i}` });
    const page1 = await listComments(t.db, song.id, { viewerId: null, limit: 2 });
    expect(page1.items.map((c) => c.content)).toEqual(["Love the drop", "Thanks!"]);
    const page2 = await listComments(t.db, song.id, { limit: 5, cursor: page1.nextCursor });
    expect(page2.items.map((c) => c.content)).toEqual(["more 0", "more 1", "more 2"]);
    expect(page2.nextCursor).toBeNull();
    expect((await getSong(t.db, { id: song.id, viewerId: owner.id }))!.commentCount).toBe(5);
  });

  it("refuses empty, over-long, negative or past-the-end comments, storing nothing", async () => {
    const owner = await makeUser(t);
    const song = await makeSong(t.db, owner.id, { durationSec: 30 });
    const cases = [
      { content: "   " },
      { content: "x".repeat(2001) },
      { content: "ok", atSec: -1 },
      { content: "ok", atSec: Number.NaN },
      { content: "ok", atSec: 31 },
    ];
    for (const c of cases) {
      await expect(addComment(t.db, owner.id, { songId: song.id, ...c })).rejects.toMatchObject({
        code: "BAD_REQUEST",
      });
    }
    expect((await listComments(t.db, song.id, { viewerId: owner.id })).items).toEqual([]);
    expect((await getSong(t.db, { id: song.id, viewerId: owner.id }))!.commentCount).toBe(0);
  });

  it("lets the author and the song's owner delete; others get FORBIDDEN", async () => {
    const owner = await makeUser(t);
    const author = await makeUser(t);
    const stranger = await makeUser(t);
    const song = await makeSong(t.db, owner.id);
    const a = await addComment(t.db, author.id, { songId: song.id, content: "one" });
    const b = await addComment(t.db, author.id, { songId: song.id, content: "two" });
    await expect(deleteComment(t.db, { id: a.id, userId: stranger.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await deleteComment(t.db, { id: a.id, userId: author.id });
    await deleteComment(t.db, { id: b.id, userId: owner.id });
    await expect(deleteComment(t.db, { id: b.id, userId: owner.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await getSong(t.db, { id: song.id, viewerId: owner.id }))!.commentCount).toBe(0);
  });

  it("treats comments on a private song as missing for others", async () => {
    const owner = await makeUser(t);
    const other = await makeUser(t);
    const song = await makeSong(t.db, owner.id, { isPublic: false });
    const mine = await addComment(t.db, owner.id, { songId: song.id, content: "note to self" });
    await expect(
      addComment(t.db, other.id, { songId: song.id, content: "hi" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(listComments(t.db, song.id, { viewerId: other.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(deleteComment(t.db, { id: mine.id, userId: other.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(listComments(t.db, "nope")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
