// The JavaScript a real Chromium downloads on the first load of a page: every script response
// from navigation until the network is idle (so chunks a page imports on mount count too), in a
// fresh browser context (empty cache). Two sizes per page: the bytes on the wire (whatever
// encoding the server chose, as Chromium reports them) and gzip -9 of the same bodies (comparable
// with the manifest figure in web.bench.mjs whether or not the server compresses).
import { gzipSync } from "node:zlib";

/**
 * @param {import("@playwright/test").Browser} browser
 * @param {string} base  the server's origin
 * @param {string} cookie  `a=b; c=d` (a signed-in visitor), or "" for a signed-out one
 * @param {string} route
 */
export async function chromiumFirstLoadJs(browser, base, cookie, route) {
  const context = await browser.newContext({ baseURL: base });
  if (cookie) {
    await context.addCookies(
      cookie.split("; ").map((c) => {
        const [name, ...rest] = c.split("=");
        return { name, value: rest.join("="), url: base };
      }),
    );
  }
  const page = await context.newPage();
  const scripts = [];
  page.on("response", (response) => {
    if (response.request().resourceType() === "script") scripts.push(response);
  });
  try {
    await page.goto(route, { waitUntil: "networkidle" });
    let wire = 0;
    let gzip = 0;
    const encodings = new Set();
    for (const response of scripts) {
      const body = await response.body();
      const sizes = await response.request().sizes();
      wire += sizes.responseBodySize;
      gzip += gzipSync(body, { level: 9 }).length;
      encodings.add((await response.headerValue("content-encoding")) ?? "identity");
    }
    return {
      scripts: scripts.length,
      wireKb: wire / 1024,
      gzipKb: gzip / 1024,
      encodings: [...encodings].join(","),
    };
  } finally {
    await context.close();
  }
}
