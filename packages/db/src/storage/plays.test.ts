import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, makeSong, makeUser, type TestDatabase } from "../testing";
import { recordPlay } from "./plays";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

describe("recordPlay", () => {
  it("counts a listener once per window, and again in the next window", async () => {
    const owner = await makeUser(t);
    const song = await makeSong(t.db, owner.id);
    const at = new Date("2026-01-01T10:00:00Z");
    expect(await recordPlay(t.db, { songId: song.id, listenerKey: "anon:1", at })).toEqual({
      playCount: 1,
      counted: true,
    });
    expect(
      await recordPlay(t.db, {
        songId: song.id,
        listenerKey: "anon:1",
        at: new Date(at.getTime() + 60_000),
      }),
    ).toEqual({ playCount: 1, counted: false });
    expect(await recordPlay(t.db, { songId: song.id, listenerKey: "anon:2", at })).toEqual({
      playCount: 2,
      counted: true,
    });
    expect(
      await recordPlay(t.db, {
        songId: song.id,
        listenerKey: "anon:1",
        at: new Date(at.getTime() + 3_600_000),
      }),
    ).toEqual({ playCount: 3, counted: true });
  });

  it("refuses plays of unseen songs and empty listener keys", async () => {
    const owner = await makeUser(t);
    const priv = await makeSong(t.db, owner.id, { isPublic: false });
    await expect(
      recordPlay(t.db, { songId: priv.id, listenerKey: "anon:x" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(recordPlay(t.db, { songId: priv.id, listenerKey: "" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(
      await recordPlay(t.db, { songId: priv.id, listenerId: owner.id, listenerKey: owner.id }),
    ).toMatchObject({
      playCount: 1,
    });
  });
});
