import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { songs } from "../schema";
import { createTestDb, makeUser, type TestDatabase } from "../testing";
import { createSongTakes, deleteSong, getSong, listOtherTakes, updateSong } from "./songs";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

const countSongs = async () =>
  (await t.db.select({ n: sql<number>`count(*)::int` }).from(songs))[0]!.n;

const take = (seed: number, title = `Take ${seed}`) => ({
  title,
  mood: "Chill" as const,
  genre: "Jazz" as const,
  creationMode: "description" as const,
  description: "fog over a lake",
  durationSec: 30,
  seed,
});

describe("createSongTakes / listOtherTakes", () => {
  it("stores the takes in order as one group; each lists the others", async () => {
    const owner = await makeUser(t);
    const [first, second] = await createSongTakes(t.db, owner.id, [take(1), take(2)]);
    expect([first!.seed, second!.seed]).toEqual([1, 2]);
    expect(await listOtherTakes(t.db, { id: first!.id, viewerId: owner.id })).toEqual([second!.id]);
    expect(await listOtherTakes(t.db, { id: second!.id, viewerId: owner.id })).toEqual([first!.id]);
  });

  it("a single take has no group and no other takes", async () => {
    const owner = await makeUser(t);
    const [only] = await createSongTakes(t.db, owner.id, [take(3)]);
    expect(await listOtherTakes(t.db, { id: only!.id, viewerId: owner.id })).toEqual([]);
    // Two single songs are not takes of each other.
    const [another] = await createSongTakes(t.db, owner.id, [take(4)]);
    expect(await listOtherTakes(t.db, { id: another!.id, viewerId: owner.id })).toEqual([]);
  });

  it("lists only the takes the viewer can see, and none once the other is deleted", async () => {
    const owner = await makeUser(t);
    const stranger = await makeUser(t);
    const [kept, other] = await createSongTakes(t.db, owner.id, [take(5), take(6)]);
    await updateSong(t.db, { id: kept!.id, userId: owner.id }, { isPublic: true });
    expect(await listOtherTakes(t.db, { id: kept!.id, viewerId: stranger.id })).toEqual([]);
    expect(await listOtherTakes(t.db, { id: kept!.id, viewerId: null })).toEqual([]);
    expect(await listOtherTakes(t.db, { id: kept!.id, viewerId: owner.id })).toEqual([other!.id]);
    await deleteSong(t.db, { id: other!.id, userId: owner.id });
    expect(await listOtherTakes(t.db, { id: kept!.id, viewerId: owner.id })).toEqual([]);
    expect(await getSong(t.db, { id: kept!.id, viewerId: owner.id })).not.toBeNull();
  });

  it("stores no take when one of them is invalid", async () => {
    const owner = await makeUser(t);
    const before = await countSongs();
    await expect(
      createSongTakes(t.db, owner.id, [take(7), { ...take(8), durationSec: -1 }]),
    ).rejects.toThrow();
    await expect(
      createSongTakes(t.db, owner.id, [take(9), { ...take(10), seed: -1 }]),
    ).rejects.toThrow();
    expect(await countSongs()).toBe(before);
  });

  it("refuses a take group id or number from input (server-managed)", async () => {
    const owner = await makeUser(t);
    const before = await countSongs();
    await expect(
      createSongTakes(t.db, owner.id, [{ ...take(11), takeGroupId: crypto.randomUUID() } as never]),
    ).rejects.toThrow();
    expect(await countSongs()).toBe(before);
  });

  it("an unknown or malformed id has no takes", async () => {
    expect(await listOtherTakes(t.db, { id: crypto.randomUUID(), viewerId: null })).toEqual([]);
    expect(await listOtherTakes(t.db, { id: "not-a-uuid", viewerId: null })).toEqual([]);
  });
});
