// Trending scores are refreshed by a background job: once at start, then on a schedule (every
// minute by pg-boss cron on PostgreSQL, a timer in-process on PGlite).
import { eq, likeSong, songs } from "@harmoniq/db";
import { makeSong, testDatabaseUrl } from "@harmoniq/db/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../testing/api";
import { TRENDING_SCHEDULE } from "./background-jobs";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("trending refresh job (in-process queue)", () => {
  let runs = 0;
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi({
      trending: { cron: TRENDING_SCHEDULE.cron, everyMs: 100 },
      onTrendingRefreshed: () => void runs++,
    });
  });
  afterAll(async () => {
    await api?.close();
  });

  it("runs at start and then every period", async () => {
    await api.jobs.idle();
    expect(runs).toBeGreaterThanOrEqual(1);
    // A song liked after start gets a score from a later run, without anyone asking.
    const owner = await api.user();
    const fan = await api.user();
    const song = await makeSong(api.db, owner.id, { isPublic: true });
    await likeSong(api.db, { songId: song.id, userId: fan.id });
    let score = 0;
    for (let i = 0; i < 50 && score === 0; i++) {
      await sleep(100);
      const [row] = await api.db
        .select({ score: songs.trendingScore })
        .from(songs)
        .where(eq(songs.id, song.id));
      score = row!.score;
    }
    expect(score).toBeGreaterThan(0);
    expect(runs).toBeGreaterThanOrEqual(2);
  });
});

describe.skipIf(!testDatabaseUrl)("trending refresh job (pg-boss, PostgreSQL)", () => {
  let runs = 0;
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi({
      queue: "pg-boss",
      trending: TRENDING_SCHEDULE,
      onTrendingRefreshed: () => void runs++,
    });
  });
  afterAll(async () => {
    await api?.close();
  });

  it("runs at start and is scheduled every minute", async () => {
    await api.jobs.idle();
    expect(runs).toBeGreaterThanOrEqual(1);
    const sql = postgres(api.test.url!, { max: 1, onnotice: () => {} });
    try {
      const schedules = await sql<{ name: string; cron: string }[]>`
            select name, cron from pgboss.schedule`;
      expect(schedules).toEqual([{ name: "trending.refresh", cron: "* * * * *" }]);
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
});
