import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENRES, MOODS } from "../constants";
import { songs } from "../schema";
import { createTestDb, makeSong, makeUser, type TestDatabase } from "../testing";
import { getFeed, toPrefixTsquery, toSubstringPattern } from "./feed";
import { foldLikeSlots, likeSong } from "./likes";
import { refreshTrendingScores } from "./trending";

let t: TestDatabase;
let viewer: { id: string };
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDb();
  const author = await makeUser(t, { name: "Feed Author" });
  viewer = await makeUser(t);
  const start = Date.now() - 100 * 60_000;
  // 18 public songs over every genre and two moods, one minute apart, plus a private one.
  for (let i = 0; i < 18; i++) {
    const song = await makeSong(t.db, author.id, {
      title: i === 3 ? "Ocean Lights" : `Feed song ${i}`,
      description: i === 5 ? "rain on the night city" : "plain",
      lyrics: i === 7 ? "[Chorus]\nWe dance until the morning" : null,
      genre: GENRES[i % GENRES.length]!,
      mood: MOODS[i % 2]!,
      isPublic: true,
    });
    await t.db
      .update(songs)
      .set({ createdAt: new Date(start + i * 60_000) })
      .where(eq(songs.id, song.id));
    ids[`s${i}`] = song.id;
  }
  const hidden = await makeSong(t.db, author.id, { title: "Ocean secret", isPublic: false });
  ids.hidden = hidden.id;
  // Likes: s2 gets 3, s9 gets 2, s4 gets 1.
  const fans = await Promise.all([makeUser(t), makeUser(t), makeUser(t)]);
  for (const fan of fans) await likeSong(t.db, { songId: ids.s2!, userId: fan.id });
  for (const fan of fans.slice(0, 2)) await likeSong(t.db, { songId: ids.s9!, userId: fan.id });
  await likeSong(t.db, { songId: ids.s4!, userId: viewer.id });
});
afterAll(async () => {
  await t?.close();
});

async function walk(params: Parameters<typeof getFeed>[1]) {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof getFeed>> = await getFeed(t.db, { ...params, cursor });
    seen.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

describe("getFeed", () => {
  it("lists public songs newest first with author and likedByMe, never private ones", async () => {
    const page = await getFeed(t.db, { viewerId: viewer.id, limit: 5 });
    expect(page.items.map((s) => s.id)).toEqual([ids.s17, ids.s16, ids.s15, ids.s14, ids.s13]);
    expect(page.items[0]!.author).toMatchObject({ name: "Feed Author" });
    expect(page.items[0]).not.toHaveProperty("trendingScore");
    const all = await walk({ viewerId: viewer.id, limit: 4 });
    expect(all).toHaveLength(18);
    expect(new Set(all).size).toBe(18);
    expect(all).not.toContain(ids.hidden);
    const liked = (await getFeed(t.db, { viewerId: viewer.id, limit: 50 })).items.filter(
      (s) => s.likedByMe,
    );
    expect(liked.map((s) => s.id)).toEqual([ids.s4]);
    expect((await getFeed(t.db, { limit: 50 })).items.some((s) => s.likedByMe)).toBe(false);
  });

  it("sorts by likes for top (as of the last fold), ties broken consistently, across pages", async () => {
    // Until the job folds the like slots the order lags, but every count shown is exact.
    const before = (await getFeed(t.db, { sort: "top", limit: 50 })).items;
    expect(before.find((s) => s.id === ids.s2)!.likeCount).toBe(3);
    await foldLikeSlots(t.db);
    const top = await walk({ sort: "top", limit: 2 });
    expect(top.slice(0, 3)).toEqual([ids.s2, ids.s9, ids.s4]);
    expect(new Set(top).size).toBe(18);
  });

  it("sorts by the stored trending score", async () => {
    await refreshTrendingScores(t.db);
    const trending = await walk({ sort: "trending", limit: 3 });
    expect(trending[0]).toBe(ids.s2);
    expect(new Set(trending).size).toBe(18);
  });

  it("filters by genre and mood", async () => {
    const jazz = await walk({ genre: "Jazz", limit: 1 });
    expect(jazz).toEqual([ids.s12, ids.s3]);
    const both = await walk({ genre: "Pop", mood: "Happy", limit: 10 });
    expect(both).toEqual([ids.s0]);
    expect((await getFeed(t.db, { genre: "Metal", mood: "Hype" })).items).toEqual([]);
  });

  it("searches titles, descriptions and lyrics by word prefix", async () => {
    expect((await getFeed(t.db, { q: "ocean" })).items.map((s) => s.id)).toEqual([ids.s3]);
    expect((await getFeed(t.db, { q: "oce lig" })).items.map((s) => s.id)).toEqual([ids.s3]);
    expect((await getFeed(t.db, { q: "RAIN night" })).items.map((s) => s.id)).toEqual([ids.s5]);
    expect((await getFeed(t.db, { q: "dancing" })).items.map((s) => s.id)).toEqual([ids.s7]);
    expect((await getFeed(t.db, { q: "ocean", sort: "top" })).items.map((s) => s.id)).toEqual([
      ids.s3,
    ]);
  });

  it("finds text inside titles too (trigram index), with % and _ matched as themselves", async () => {
    // "ight" starts no word, so only the title substring can find "Ocean Lights"; the
    // description "rain on the night city" is not searched by substring.
    expect((await getFeed(t.db, { q: "ight" })).items.map((s) => s.id)).toEqual([ids.s3]);
    expect((await getFeed(t.db, { q: "CEAN li", sort: "top" })).items.map((s) => s.id)).toEqual([
      ids.s3,
    ]);
    // Unescaped, "_" and "%" would match "Feed song 1…" titles.
    expect((await getFeed(t.db, { q: "ng_1" })).items).toEqual([]);
    expect((await getFeed(t.db, { q: "ong%1" })).items).toEqual([]);
    // Shorter than a trigram: words only.
    expect((await getFeed(t.db, { q: "ig" })).items).toEqual([]);
    expect(toSubstringPattern("50%_off\\")).toBe("%50\\%\\_off\\\\%");
    expect(toSubstringPattern("  ab ")).toBeNull();
  });

  it("pages through many matches the same way, whichever search strategy runs", async () => {
    // 16 titles say "Feed song"; with 3 a page, the first pages come from the recent window.
    const found = await walk({ q: "feed song", limit: 3 });
    const expected = Array.from({ length: 18 }, (_, i) => ids[`s${17 - i}`]!).filter(
      (id) => id !== ids.s3,
    );
    expect(found).toHaveLength(17);
    expect(found).toEqual(expected);
  });

  it("treats search text as words, never as syntax", async () => {
    for (const q of ["%", "_", "' or 1=1 --", "a & | !b", "<script>", "ocean:*", "(((", "\\"]) {
      const page = await getFeed(t.db, { q });
      expect(Array.isArray(page.items)).toBe(true);
    }
    expect((await getFeed(t.db, { q: "%%%" })).items).toEqual([]);
    expect(toPrefixTsquery("Ocean & night's")).toBe("ocean:* & night:* & s:*");
    expect(toPrefixTsquery("!!")).toBeNull();
  });

  it("refuses unknown sorts, filters, bad cursors and page sizes", async () => {
    await expect(getFeed(t.db, { sort: "random" as never })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(getFeed(t.db, { genre: "Polka" as never })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(getFeed(t.db, { cursor: "not-a-cursor" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const newCursor = (await getFeed(t.db, { limit: 1 })).nextCursor!;
    await expect(getFeed(t.db, { sort: "top", cursor: newCursor })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(getFeed(t.db, { limit: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(getFeed(t.db, { limit: 51 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
