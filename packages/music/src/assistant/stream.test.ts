import { describe, expect, it } from "vitest";
import { replyTokens, streamReply } from "./stream";

const text = "Here's a chorus about leaving home:\n\n[Chorus]\nLeaving home, leaving home  \nDone.";

describe("streamReply", () => {
  it("yields word + trailing whitespace chunks that rebuild the text in order", async () => {
    const chunks: string[] = [];
    for await (const c of streamReply(text)) chunks.push(c);
    expect(chunks.join("")).toBe(text);
    expect(chunks).toEqual(replyTokens(text));
    expect(chunks[0]).toBe("Here's ");
    for (const c of chunks) expect(c.trim().split(/\s+/)).toHaveLength(1);
    expect(replyTokens("  lead").join("")).toBe("  lead");
    expect(replyTokens("")).toEqual([]);
  });

  it("stops promptly when the signal aborts mid-way", async () => {
    const controller = new AbortController();
    const chunks: string[] = [];
    const t0 = performance.now();
    for await (const c of streamReply(text, { signal: controller.signal, delayMs: 200 })) {
      chunks.push(c);
      if (chunks.length === 3) setTimeout(() => controller.abort(), 10);
    }
    expect(chunks.length).toBe(3);
    expect(performance.now() - t0).toBeLessThan(2 * 200 + 150);
    expect(text.startsWith(chunks.join(""))).toBe(true);
  });

  it("yields nothing for an already aborted signal and honours delayMs", async () => {
    const chunks: string[] = [];
    for await (const c of streamReply(text, { signal: AbortSignal.abort() })) chunks.push(c);
    expect(chunks).toEqual([]);
    const t0 = performance.now();
    let n = 0;
    for await (const _c of streamReply("a b c d", { delayMs: 15 })) n++;
    expect(n).toBe(4);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(40);
  });
});
