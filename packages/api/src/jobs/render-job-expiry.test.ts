import { renderTimeoutMs } from "@harmoniq/music";
import { describe, expect, it } from "vitest";
import { renderJobExpirySec } from "./background-jobs";

describe("a render job's expiry", () => {
  it("outlasts the pool's timeout for its song by ~15 s, short songs expiring soon", () => {
    expect(renderJobExpirySec(10)).toBe(40);
    expect(renderJobExpirySec(240)).toBe(155);
    for (const sec of [1, 30, 60, 90, 150, 240, 600]) {
      const slack = renderJobExpirySec(sec) - renderTimeoutMs(sec) / 1000;
      expect(slack).toBeGreaterThanOrEqual(15);
      expect(slack).toBeLessThan(16);
    }
  });
});
