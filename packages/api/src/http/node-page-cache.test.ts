import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnonymousCache } from "./anonymous-cache";
import { pageCacheKey, serveCachedPage } from "./node-page-cache";
import { serveNodeRequest } from "./node-adapter";

// A stand-in for Next.js: renders a numbered page (streamed in pieces, gzip when asked) so a
// test can tell a shared copy from a fresh render.
let renders = 0;
function render(req: IncomingMessage, res: ServerResponse) {
  renders++;
  const url = new URL(req.url!, "http://localhost");
  const signedIn = req.headers.cookie?.includes("session_token") ?? false;
  const html = `<!doctype html><p>render ${renders} ${signedIn ? "for you, privately" : "for everyone"}</p>`;
  if (url.searchParams.has("fail")) {
    res.writeHead(500, { "content-type": "text/html" }).end("<p>broken</p>");
    return;
  }
  if (url.searchParams.has("cookie")) res.setHeader("set-cookie", "flash=1; Path=/");
  res.setHeader("content-type", "text/html; charset=utf-8");
  if (req.headers["accept-encoding"]?.includes("gzip")) {
    res.setHeader("content-encoding", "gzip");
    res.end(gzipSync(html));
    return;
  }
  res.write(html.slice(0, 10));
  setTimeout(() => res.end(html.slice(10)), 5);
}

let server: Server;
let base = "";
let now = 0;
const cache = createAnonymousCache({ now: () => now });

beforeAll(async () => {
  server = createServer((req, res) => {
    const key = pageCacheKey(req, new Set(["/"]));
    if (key) void serveCachedPage(cache, key, req, res, render);
    else render(req, res);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

const page = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${base}${path}`, { headers });
  return { res, text: await res.text() };
};

describe("anonymous page cache in front of a renderer", () => {
  it("shares an anonymous page for at most the TTL, and only with anonymous visitors", async () => {
    cache.clear();
    const first = await page("/");
    const second = await page("/");
    expect(first.res.headers.get("x-harmoniq-cache")).toBe("miss");
    expect(second.res.headers.get("x-harmoniq-cache")).toBe("hit");
    expect(second.text).toBe(first.text);
    expect(second.res.headers.get("content-type")).toBe("text/html; charset=utf-8");

    // A signed-in visitor is rendered for, and what they got is never shown to anyone else.
    const mine = await page("/", { cookie: "better-auth.session_token=abc" });
    expect(mine.text).toContain("privately");
    expect(mine.res.headers.get("x-harmoniq-cache")).toBeNull();
    const again = await page("/");
    expect(again.text).toBe(first.text);
    expect(again.text).not.toContain("privately");

    now += 1000;
    const fresh = await page("/");
    expect(fresh.res.headers.get("x-harmoniq-cache")).toBe("miss");
    expect(fresh.text).not.toBe(first.text);
  });

  it("renders the framework's other answers, other pages, errors and cookies every time", async () => {
    cache.clear();
    const uncached: [string, Record<string, string>][] = [
      ["/", { rsc: "1" }],
      ["/", { "next-router-prefetch": "1" }],
      ["/?_rsc=abc", {}],
      ["/", { authorization: "Bearer hq_x" }],
      ["/", { cookie: "hq_lsn=0%2F16" }],
      ["/other", {}],
    ];
    for (const [path, headers] of uncached) {
      const before = renders;
      const { res } = await page(path, headers);
      expect(res.headers.get("x-harmoniq-cache"), `${path} ${JSON.stringify(headers)}`).toBeNull();
      expect(renders).toBe(before + 1);
    }
    for (const path of ["/?fail=1", "/?cookie=1"]) {
      const before = renders;
      await page(path);
      await page(path);
      expect(renders, path).toBe(before + 2);
    }
  });

  it("keeps compressed and plain copies apart, and forgets everything on clear", async () => {
    cache.clear();
    const gz = await fetch(`${base}/?sort=top`, { headers: { "accept-encoding": "gzip" } });
    const plain = await page("/?sort=top", { "accept-encoding": "identity" });
    const gzAgain = await fetch(`${base}/?sort=top`, { headers: { "accept-encoding": "gzip" } });
    expect(gzAgain.headers.get("x-harmoniq-cache")).toBe("hit");
    expect(gzAgain.headers.get("content-encoding")).toBe("gzip");
    // fetch decodes gzip itself: the shared copy is the same document as the first one.
    expect(await gzAgain.text()).toBe(await gz.text());
    expect(plain.res.headers.get("x-harmoniq-cache")).toBe("miss");
    cache.clear();
    expect(
      (await page("/?sort=top", { "accept-encoding": "identity" })).res.headers.get(
        "x-harmoniq-cache",
      ),
    ).toBe("miss");
  });
});

describe("serveNodeRequest", () => {
  it("passes method, headers, body and cookies through, and aborts the handler when the client leaves", async () => {
    let aborted = false;
    const adapter = createServer((req, res) => {
      void serveNodeRequest(
        async (request) => {
          if (request.url.endsWith("/slow")) {
            await new Promise<void>((resolve) =>
              request.signal.addEventListener("abort", () => resolve()),
            );
            aborted = true;
            return new Response("late");
          }
          const body = request.method === "POST" ? await request.text() : "";
          const headers = new Headers({ "content-type": "application/json" });
          headers.append("set-cookie", "a=1; Path=/");
          headers.append("set-cookie", "b=2; Path=/");
          return new Response(
            JSON.stringify({
              method: request.method,
              url: request.url,
              cookie: request.headers.get("cookie"),
              body,
            }),
            { headers },
          );
        },
        req,
        res,
      );
    });
    await new Promise<void>((done) => adapter.listen(0, "127.0.0.1", done));
    const origin = `http://127.0.0.1:${(adapter.address() as AddressInfo).port}`;
    try {
      const res = await fetch(`${origin}/api/trpc/x?y=1`, {
        method: "POST",
        headers: { cookie: "c=3; d=4", "content-type": "application/json" },
        body: '{"json":1}',
      });
      expect(await res.json()).toEqual({
        method: "POST",
        url: `${origin}/api/trpc/x?y=1`,
        cookie: "c=3; d=4",
        body: '{"json":1}',
      });
      expect(res.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);

      const controller = new AbortController();
      const slow = fetch(`${origin}/slow`, { signal: controller.signal }).catch(() => null);
      await new Promise((r) => setTimeout(r, 100));
      controller.abort();
      await slow;
      for (let i = 0; i < 50 && !aborted; i++) await new Promise((r) => setTimeout(r, 20));
      expect(aborted).toBe(true);
    } finally {
      adapter.closeAllConnections();
      await new Promise((done) => adapter.close(done));
    }
  });
});
