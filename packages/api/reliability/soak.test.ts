// A short soak in `pnpm test:pg`: ~35 s of mixed traffic against the app in its own process on
// a fresh database, then zero errors and exact counters. Memory is reported, not asserted (the
// `soak` script runs minutes and reports growth after warm-up).
import { describe, expect, it } from "vitest";
import { formatSoak, runSoak } from "./soak-run";

const adminUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!adminUrl)("a short soak", () => {
  it("serves mixed traffic with no errors and leaves every counter equal to its rows", async () => {
    const options = { adminUrl: adminUrl!, durationSec: 35, connections: 8 };
    const report = await runSoak(options);
    console.log(formatSoak(report, options));

    expect(report.failures.length === 0 ? [] : report.failures).toEqual([]);
    expect(report.errors).toBe(0);
    expect(report.refused).toBe(0);
    expect(report.summary.find((row) => row.op === "all")!.calls).toBeGreaterThan(100);
    const c = report.consistency;
    expect(c.unsettled).toEqual([]);
    expect(c.counters).toEqual([]);
    expect(c.playlists).toEqual([]);
    expect(c.ledger).toEqual([]);
    expect(c.streamingMessages).toBe(0);
  }, 150_000);
});
