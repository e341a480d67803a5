// pg-boss on real PostgreSQL: runs in `pnpm test:pg` (TEST_DATABASE_URL), skipped otherwise.
import { getSong } from "@harmoniq/db";
import { createTestDb, makeSong, testDatabaseUrl, type TestDatabase } from "@harmoniq/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRenderPool } from "@harmoniq/music/render";
import { createTestApi, type TestApi } from "../testing/api";
import { createPgBossQueue } from "./pg-boss-queue";
import type { JobDefinition, JobQueue } from "./queue";

type TestJobs = { "test.echo": { value: string } };
const quiet = { warn: () => {} };

function echoJob(seen: string[]): JobDefinition<TestJobs["test.echo"]> {
  return {
    retryLimit: 1,
    retryDelaySec: 0,
    retryBackoff: false,
    expireInSeconds: 30,
    key: ({ value }) => value,
    run: async ({ value }) => {
      seen.push(value);
    },
  };
}

describe.skipIf(!testDatabaseUrl)("pg-boss job queue (PostgreSQL)", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("starts several instances at once on a database without pg-boss's schema", async () => {
    const fresh = await createTestDb();
    const queues = [1, 2, 3].map(() => {
      const queue = createPgBossQueue<TestJobs>({ url: fresh.url!, logger: quiet });
      queue.define("test.echo", echoJob([]));
      return queue;
    });
    try {
      await Promise.all(queues.map((queue) => queue.start()));
    } finally {
      for (const queue of queues) await queue.stop({ graceMs: 1000 });
      await fresh.close();
    }
  });

  it("keeps a job sent before a stop (once per key), and a new queue instance runs it", async () => {
    const sender: JobQueue<TestJobs> = createPgBossQueue<TestJobs>({
      url: t.url!,
      work: false,
      logger: quiet,
    });
    sender.define("test.echo", echoJob([]));
    await sender.start();
    await sender.send("test.echo", { value: "survives" });
    await sender.send("test.echo", { value: "survives" }); // a duplicate: dropped
    await sender.stop({ graceMs: 1000 });

    const seen: string[] = [];
    const worker = createPgBossQueue<TestJobs>({
      url: t.url!,
      pollingIntervalSeconds: 0.5,
      logger: quiet,
    });
    worker.define("test.echo", echoJob(seen));
    await worker.start();
    await worker.idle();
    await worker.stop({ graceMs: 1000 });
    expect(seen).toEqual(["survives"]);
  });

  it("retries a job whose instance stopped mid-run, on another instance", async () => {
    const attempts: number[] = [];
    let release: () => void = () => {};
    const first = createPgBossQueue<TestJobs>({
      url: t.url!,
      pollingIntervalSeconds: 0.5,
      logger: quiet,
    });
    first.define("test.echo", {
      ...echoJob([]),
      run: async (_, attempt) => {
        attempts.push(attempt.retryCount);
        await new Promise<void>((resolve) => (release = resolve)); // never finishes in time
      },
    });
    await first.start();
    await first.send("test.echo", { value: "interrupted" });
    while (attempts.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    // Shutting down with a job still running: pg-boss fails it after the grace period.
    await first.stop({ graceMs: 1000 });
    release();

    const seen: string[] = [];
    const second = createPgBossQueue<TestJobs>({
      url: t.url!,
      pollingIntervalSeconds: 0.5,
      logger: quiet,
    });
    second.define("test.echo", {
      ...echoJob(seen),
      run: async ({ value }, attempt) => {
        attempts.push(attempt.retryCount);
        seen.push(value);
      },
    });
    await second.start();
    await second.idle();
    await second.stop({ graceMs: 1000 });
    expect(attempts).toEqual([0, 1]);
    expect(seen).toEqual(["interrupted"]);
  });

  // The same hung attempt, ended by the definition's expiry, or by the one the job was sent with
  // (a short song's render is retried soon) over a definition's that would outlast the test.
  it.each<
    [
      expiry: string,
      value: string,
      settings: Pick<JobDefinition<TestJobs["test.echo"]>, "expireInSeconds" | "expireInSecondsOf">,
    ]
  >([
    ["the definition's expiry", "hung", { expireInSeconds: 1 }],
    [
      "the expiry it was sent with",
      "hung, sent with its own expiry",
      { expireInSeconds: 600, expireInSecondsOf: () => 1 },
    ],
  ])("fails an attempt that outlives %s, and retries it", async (_expiry, value, settings) => {
    const attempts: number[] = [];
    const queue = createPgBossQueue<TestJobs>({
      url: t.url!,
      pollingIntervalSeconds: 0.5,
      logger: quiet,
    });
    queue.define("test.echo", {
      ...echoJob([]),
      ...settings,
      run: async (_, attempt) => {
        attempts.push(attempt.retryCount);
        if (attempt.retryCount === 0) await new Promise((resolve) => setTimeout(resolve, 5_000));
      },
    });
    await queue.start();
    await queue.send("test.echo", { value });
    await queue.idle();
    await queue.stop({ graceMs: 1000 });
    expect(attempts).toEqual([0, 1]);
  });

  describe("rendering songs through pg-boss", () => {
    let api: TestApi;
    let attempts = 0;
    let failing = false;
    const real = getRenderPool();
    beforeAll(async () => {
      api = await createTestApi({
        queue: "pg-boss",
        render: { retryLimit: 2, retryDelaySec: 0 },
        pool: {
          renderStems: (composition) => real.renderStems(composition),
          encodeMp3: (wav, onChunk) => real.encodeMp3(wav, onChunk),
          render: async (composition) => {
            attempts++;
            if (!failing) return real.render(composition);
            const error = new Error("render worker exited unexpectedly (code 137)");
            error.name = "RenderWorkerError";
            throw error;
          },
        },
      });
    });
    afterAll(async () => {
      await api?.close();
    });

    it("retries a failing render, then marks the song failed with the worker's reason", async () => {
      attempts = 0;
      failing = true;
      const owner = await api.user();
      const song = await owner.caller.song.create({
        creationMode: "description",
        description: "a song that never renders",
      });
      await api.services.songs.idle();
      const stored = (await getSong(api.db, { id: song.id, viewerId: owner.id }))!;
      expect(attempts).toBe(3);
      expect(stored.status).toBe("failed");
      expect(stored.statusMessage).toMatch(/could not render.*exited unexpectedly \(code 137\)/);
    });

    it("renders songs left queued when resumed", async () => {
      failing = false;
      const owner = await api.user();
      const seeded = await makeSong(api.db, owner.id, { status: "queued", durationSec: 10 });
      expect(await api.services.songs.resumePending(api.db)).toBe(1);
      await api.services.songs.idle();
      expect((await getSong(api.db, { id: seeded.id, viewerId: owner.id }))!.status).toBe("ready");
    });
  });
});
