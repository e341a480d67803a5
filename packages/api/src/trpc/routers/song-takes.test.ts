import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf, createTestApi, type TestApi } from "../../testing/api";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api?.close();
});

const request = {
  creationMode: "lyrics" as const,
  lyrics: "[Verse]\nTwo roads in the morning\nOne of them is mine\n\n[Chorus]\nTake me twice",
  mood: "Chill" as const,
  genre: "Pop" as const,
  durationSec: 12,
};

describe("song.create takes", () => {
  it("makes two songs with different seeds and lists both takes, in order", async () => {
    const me = await api.user();
    const first = await me.caller.song.create({ ...request, seed: 77, takes: 2 });
    expect(first.takes).toHaveLength(2);
    expect(first.takes[0]).toBe(first.id);
    const second = await me.caller.song.byId({ id: first.takes[1]! });
    expect(first.seed).toBe(77);
    expect(second.seed).not.toBe(first.seed);
    expect(second.composition).not.toEqual(first.composition);
    expect((await me.caller.song.mine()).items).toHaveLength(2);

    // byId lists the other take of the request, from either side.
    expect((await me.caller.song.byId({ id: first.id })).takes).toEqual([second.id]);
    expect(second.takes).toEqual([first.id]);

    // Both become playable.
    await api.services.songs.idle();
    for (const id of first.takes) {
      expect((await me.caller.song.byId({ id })).status).toBe("ready");
    }
  });

  it("derives the takes' seeds from the request's seed, so a request can be repeated", async () => {
    const me = await api.user();
    const a = await me.caller.song.create({ ...request, seed: 1234, takes: 2 });
    const b = await me.caller.song.create({ ...request, seed: 1234, takes: 2 });
    const seedsOf = async (ids: string[]) =>
      Promise.all(ids.map(async (id) => (await me.caller.song.byId({ id })).seed));
    expect(await seedsOf(b.takes)).toEqual(await seedsOf(a.takes));
    // Two requests are two groups: the repeat's takes do not list the first request's.
    expect((await me.caller.song.byId({ id: b.id })).takes).toEqual([b.takes[1]]);
  });

  it("makes one take unless asked, as before", async () => {
    const me = await api.user();
    const song = await me.caller.song.create({ ...request, seed: 9 });
    expect(song.takes).toEqual([song.id]);
    expect(song.seed).toBe(9);
    expect((await me.caller.song.byId({ id: song.id })).takes).toEqual([]);
    expect((await me.caller.song.mine()).items).toHaveLength(1);
  });

  it("keeping one take by deleting the other leaves it with no takes; a second delete is NOT_FOUND", async () => {
    const me = await api.user();
    const { takes } = await me.caller.song.create({ ...request, takes: 2 });
    const [kept, other] = takes as [string, string];
    await me.caller.song.delete({ id: other });
    expect((await me.caller.song.byId({ id: kept })).takes).toEqual([]);
    expect(await codeOf(me.caller.song.delete({ id: other }))).toBe("NOT_FOUND");
    expect((await me.caller.song.mine()).items.map((s) => s.id)).toEqual([kept]);
  });

  it("does not reveal someone else's private take", async () => {
    const owner = await api.user();
    const stranger = await api.user();
    const { takes } = await owner.caller.song.create({ ...request, takes: 2 });
    const [shown, hidden] = takes as [string, string];
    await owner.caller.song.update({ id: shown, isPublic: true });
    expect((await stranger.caller.song.byId({ id: shown })).takes).toEqual([]);
    expect((await api.anonymous().song.byId({ id: shown })).takes).toEqual([]);
    expect(await codeOf(stranger.caller.song.byId({ id: hidden }))).toBe("NOT_FOUND");
    expect((await owner.caller.song.byId({ id: shown })).takes).toEqual([hidden]);
    // Once the other take is public too, everyone sees it.
    await owner.caller.song.update({ id: hidden, isPublic: true });
    expect((await stranger.caller.song.byId({ id: shown })).takes).toEqual([hidden]);
  });

  it("refuses a bad number of takes with BAD_REQUEST, creating nothing", async () => {
    const me = await api.user();
    for (const takes of [3, 0, -1, 1.5, "2", null, true, [2]]) {
      expect(
        await codeOf(me.caller.song.create({ ...request, takes } as never)),
        JSON.stringify(takes),
      ).toBe("BAD_REQUEST");
    }
    expect((await me.caller.song.mine()).items).toHaveLength(0);
  });
});

describe("song.create takes and the abuse limit", () => {
  let limited: TestApi;
  beforeAll(async () => {
    limited = await createTestApi({
      limits: {
        songCreate: { points: 3, durationSec: 3600, message: "You are making songs very fast" },
      },
    });
  });
  afterAll(async () => {
    await limited?.close();
  });

  it("counts two takes as two creations, and a refused request stores nothing", async () => {
    const me = await limited.user();
    await me.caller.song.create({ ...request, takes: 2 });
    // One creation left: a request for two takes is refused whole.
    expect(await codeOf(me.caller.song.create({ ...request, takes: 2 }))).toBe("TOO_MANY_REQUESTS");
    expect((await me.caller.song.mine()).items).toHaveLength(2);
  });
});
