// The documented example (packages/api/examples/typed-client.ts) against the built app.
import { runExample } from "@harmoniq/api/examples/typed-client";
import { expect, test } from "@playwright/test";

test("the typed-client example runs against the started app", async ({ baseURL }) => {
  const lines: string[] = [];
  const result = await runExample(baseURL!, undefined, (line) => lines.push(line));
  expect(result.likeCount).toBe(1);
  expect(result.feedCount).toBeGreaterThan(0);
  expect(lines.join("\n")).toMatch(/created API key hq_/);
  expect(lines.at(-1)).toMatch(/playlist "Made from code"/);
});
