// The example runs against the real HTTP API (the same handlers the web app mounts), on an
// embedded database. The e2e suite runs it against the built Next.js app as well.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeApiRequest, serveFetch } from "../src/http/node-adapter";
import { createApiServer, type ApiServer } from "../src/server";
import { runExample } from "./typed-client";

let api: ApiServer;
let served: Awaited<ReturnType<typeof serveFetch>>;
const dataDir = mkdtempSync(path.join(tmpdir(), "hq-example-"));

beforeAll(async () => {
  let handler: (req: Request) => Promise<Response> = async () =>
    new Response(null, { status: 503 });
  served = await serveFetch((req) => handler(req));
  api = await createApiServer({
    NODE_ENV: "test",
    BETTER_AUTH_SECRET: "example-secret-example-secret-example-0",
    HARMONIQ_DATA_DIR: dataDir,
    HARMONIQ_BASE_URL: served.url,
  });
  handler = (req) => routeApiRequest(api, req);
});
afterAll(async () => {
  await served?.close();
  await api?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("examples/typed-client", () => {
  it("signs in, creates a key, and with the key creates a song, reads the feed, likes and builds a playlist", async () => {
    const lines: string[] = [];
    const result = await runExample(served.url, undefined, (line) => lines.push(line));
    expect(result.likeCount).toBe(1);
    expect(result.feedCount).toBeGreaterThan(0);
    expect(lines.join("\n")).toMatch(/created API key hq_/);
    expect(lines.at(-1)).toMatch(/playlist "Made from code"/);
  });
});
