// Injection through sort, filter and paging parameters: values outside the allow-lists are
// refused (never interpolated into SQL), in process and over HTTP. song.test.ts checks
// sort "random", limit 51 and an unknown key on the feed; these cover the rest.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf, createTestApi, type TestApi } from "../testing/api";
import { createHttpHarness, type HttpHarness } from "../testing/http-harness";

let api: TestApi;
let http: HttpHarness;

beforeAll(async () => {
  api = await createTestApi();
  http = createHttpHarness(api);
});
afterAll(async () => {
  await api?.close();
});

const refusedFeedInputs: Record<string, unknown>[] = [
  { sort: "new; drop table songs; --" },
  { sort: "created_at desc" },
  { sort: "NEW" },
  { sort: ["new"] },
  { genre: "Pop' OR '1'='1" },
  { genre: "pop" },
  { mood: "Happy--" },
  { mood: null },
  { limit: 0 },
  { limit: -1 },
  { limit: 1.5 },
  { limit: "10" },
  { limit: NaN },
  { limit: Infinity },
  { direction: "sideways" },
  { q: "x".repeat(201) },
  { q: 42 },
  { cursor: "x".repeat(501) },
  { cursor: "not a cursor" },
  { cursor: Buffer.from('["1 or 1=1", "x", "y"]').toString("base64url") },
];

describe("sort and filter allow-lists", () => {
  it.each(refusedFeedInputs.map((input) => [JSON.stringify(input), input] as const))(
    "song.feed refuses %s with BAD_REQUEST, in process and over HTTP",
    async (_label, input) => {
      expect(await codeOf(api.anonymous().song.feed(input as never))).toBe("BAD_REQUEST");
      const response = await http.call("song.feed", input, { method: "GET" });
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    },
  );

  it("paging and range parameters elsewhere are checked the same way", async () => {
    const me = await api.user();
    const attempts: [string, Promise<unknown>][] = [
      ["song.mine limit 51", me.caller.song.mine({ limit: 51 })],
      ["playlist.mine cursor", me.caller.playlist.mine({ cursor: "%%%" })],
      ["chat.list cursor", me.caller.chat.list({ cursor: "e30" })],
      ["stats.mine days 0", me.caller.stats.mine({ days: 0 })],
      ["stats.mine days 366", me.caller.stats.mine({ days: 366 })],
      ["user.byHandle wildcard", me.caller.user.byHandle({ handle: "%", limit: 5 })],
      [
        "playlist.moveSong toIndex -1",
        me.caller.playlist.moveSong({
          playlistId: "00000000-0000-4000-8000-000000000000",
          songId: "00000000-0000-4000-8000-000000000000",
          toIndex: -1,
        }),
      ],
    ];
    const codes = Object.fromEntries(
      await Promise.all(attempts.map(async ([name, p]) => [name, await codeOf(p)] as const)),
    );
    expect(codes).toEqual({
      "song.mine limit 51": "BAD_REQUEST",
      "playlist.mine cursor": "BAD_REQUEST",
      "chat.list cursor": "BAD_REQUEST",
      "stats.mine days 0": "BAD_REQUEST",
      "stats.mine days 366": "BAD_REQUEST",
      // A LIKE wildcard is not a handle: nobody is found, nobody is matched by pattern.
      "user.byHandle wildcard": "NOT_FOUND",
      "playlist.moveSong toIndex -1": "BAD_REQUEST",
    });
  });

  it("search treats % and _ as text, not wildcards", async () => {
    const owner = await api.user();
    await owner.caller.song.create({
      creationMode: "description",
      description: "a quiet evening",
      title: "Percent song",
      isPublic: true,
      durationSec: 10,
    });
    for (const q of ["%", "_", "%%", "_%_"]) {
      expect((await api.anonymous().song.feed({ q })).items, q).toEqual([]);
    }
    expect((await api.anonymous().song.feed({ q: "Percent" })).items).toHaveLength(1);
  });
});
