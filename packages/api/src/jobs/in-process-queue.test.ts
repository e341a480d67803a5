import { describe, expect, it } from "vitest";
import { createInProcessQueue } from "./in-process-queue";
import type { JobDefinition } from "./queue";

type Jobs = { work: { id: string } };
const quiet = { warn: () => {} };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function job(overrides: Partial<JobDefinition<Jobs["work"]>>): JobDefinition<Jobs["work"]> {
  return {
    retryLimit: 0,
    retryDelaySec: 0,
    retryBackoff: false,
    expireInSeconds: 30,
    run: async () => {},
    ...overrides,
  };
}

describe("in-process job queue", () => {
  it("retries a failing job up to its limit, then reports the last failure once", async () => {
    const queue = createInProcessQueue<Jobs>({ logger: quiet });
    const attempts: Array<{ retryCount: number; isLast: boolean }> = [];
    const failed: string[] = [];
    queue.define(
      "work",
      job({
        retryLimit: 2,
        run: async (_, attempt) => {
          attempts.push({ retryCount: attempt.retryCount, isLast: attempt.isLast });
          throw new Error(`boom ${attempt.retryCount}`);
        },
        onFailed: async ({ id }, reason) => {
          failed.push(`${id}: ${reason}`);
        },
      }),
    );
    await queue.start();
    await queue.send("work", { id: "a" });
    await queue.idle();
    expect(attempts).toEqual([
      { retryCount: 0, isLast: false },
      { retryCount: 1, isLast: false },
      { retryCount: 2, isLast: true },
    ]);
    expect(failed).toEqual(["a: boom 2"]);
    await queue.stop();
  });

  // The same hung attempt, ended by the definition's expiry, or by the one its data asks for
  // over a definition's that would outlast the test.
  it.each<
    [
      expiry: string,
      id: string,
      settings: Pick<JobDefinition<Jobs["work"]>, "expireInSeconds" | "expireInSecondsOf">,
    ]
  >([
    ["the definition's expiry", "hung", { expireInSeconds: 0.05 }],
    [
      "the expiry its data asks for",
      "short",
      {
        expireInSeconds: 600,
        expireInSecondsOf: ({ id }) => (id === "short" ? 0.05 : undefined),
      },
    ],
  ])(
    "counts an attempt that outlives %s as failed, and retries it",
    async (_expiry, id, settings) => {
      const queue = createInProcessQueue<Jobs>({ logger: quiet });
      let calls = 0;
      queue.define(
        "work",
        job({
          retryLimit: 1,
          ...settings,
          run: async () => {
            calls++;
            if (calls === 1) await sleep(10_000); // hangs
          },
        }),
      );
      await queue.start();
      await queue.send("work", { id });
      await queue.idle();
      expect(calls).toBe(2);
      await queue.stop({ graceMs: 10 });
    },
  );

  it("does not queue a job twice while one with the same key waits; runs one per key at a time", async () => {
    const queue = createInProcessQueue<Jobs>({ logger: quiet });
    const runs: string[] = [];
    let concurrent = 0;
    let maxConcurrent = 0;
    queue.define(
      "work",
      job({
        concurrency: 4,
        key: ({ id }) => id,
        run: async ({ id }) => {
          concurrent++;
          maxConcurrent = Math.max(maxConcurrent, concurrent);
          runs.push(id);
          await sleep(20);
          concurrent--;
        },
      }),
    );
    // Sent before start: they wait until start.
    await queue.send("work", { id: "x" });
    await queue.send("work", { id: "x" });
    await queue.send("work", { id: "y" });
    await queue.start();
    await queue.idle();
    expect(runs.sort()).toEqual(["x", "y"]);
    expect(maxConcurrent).toBe(2);
    await queue.stop();
  });

  it("runs a scheduled job every period until stopped", async () => {
    const queue = createInProcessQueue<Jobs>({ logger: quiet });
    let runs = 0;
    queue.define("work", job({ run: async () => void runs++ }));
    await queue.start();
    await queue.schedule("work", { cron: "* * * * *", everyMs: 30 }, { id: "tick" });
    await sleep(250);
    await queue.stop();
    const atStop = runs;
    expect(atStop).toBeGreaterThanOrEqual(3);
    await sleep(100);
    expect(runs).toBe(atStop);
  });

  it("stop lets a running job finish within the grace period and drops jobs not started", async () => {
    const queue = createInProcessQueue<Jobs>({ logger: quiet });
    const finished: string[] = [];
    queue.define(
      "work",
      job({
        key: ({ id }) => id,
        run: async ({ id }) => {
          await sleep(50);
          finished.push(id);
        },
      }),
    );
    await queue.start();
    await queue.send("work", { id: "running" });
    await queue.send("work", { id: "waiting" });
    await queue.stop({ graceMs: 5_000 });
    expect(finished).toEqual(["running"]);
    await queue.idle(); // nothing left
    await expect(queue.send("work", { id: "late" })).rejects.toThrow(/stopped/);
  });
});
