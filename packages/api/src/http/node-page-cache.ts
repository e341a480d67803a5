import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { isAnonymousNodeRequest, type AnonymousCache, type CachedAnswer } from "./anonymous-cache";

// Anonymous visitors' copies of public pages (Discover), shared for up to a second in front of
// whatever renders them (Next.js, in server.mjs). The rule is the API's (anonymous-cache.ts): a
// request with a session cookie, a read-your-writes cookie or an Authorization header is
// neither served from the cache nor stored in it, so a signed-in page never leaks. Only the
// document itself is cached, never the framework's other answers for the same URL (RSC
// payloads, prefetches, server actions), and only a 200 HTML answer that sets no cookie.

/** Request headers with which Next.js answers something other than the page's HTML. */
const FRAMEWORK_HEADERS = [
  "rsc",
  "next-router-state-tree",
  "next-router-prefetch",
  "next-router-segment-prefetch",
  "next-url",
  "next-action",
  "range",
];

/** The cache key for `req` when its answer may be shared, else null. */
export function pageCacheKey(req: IncomingMessage, paths: ReadonlySet<string>): string | null {
  if (req.method !== "GET") return null;
  const url = new URL(req.url ?? "/", "http://localhost");
  if (!paths.has(url.pathname) || url.searchParams.has("_rsc")) return null;
  for (const name of FRAMEWORK_HEADERS) if (req.headers[name] !== undefined) return null;
  if (!isAnonymousNodeRequest(req.headers)) return null;
  // Compressed and plain answers differ: one entry per Accept-Encoding the clients send.
  return `${url.pathname}${url.search}\n${req.headers["accept-encoding"] ?? ""}`;
}

/**
 * Answers `req` from `cache` under `key`, or lets `render` answer it while recording what it
 * writes (status, headers, body) for the next anonymous visitors within the TTL.
 */
export async function serveCachedPage(
  cache: AnonymousCache,
  key: string,
  req: IncomingMessage,
  res: ServerResponse,
  render: (req: IncomingMessage, res: ServerResponse) => unknown,
): Promise<void> {
  let renderedHere = false;
  const { answer, hit } = await cache.load(key, () => {
    renderedHere = true;
    return record(res, () => render(req, res));
  });
  if (renderedHere) return;
  if (answer && hit) {
    const headers: OutgoingHttpHeaders = Object.fromEntries(answer.headers);
    headers["x-harmoniq-cache"] = "hit";
    res.writeHead(answer.status, headers).end(answer.body);
    return;
  }
  // The shared render could not be stored (an error page, a redirect): render this one too.
  await render(req, res);
}

/** Runs `render` on `res`, resolving to what it wrote when that may be shared. */
function record(res: ServerResponse, render: () => unknown): Promise<CachedAnswer | null> {
  const chunks: Buffer[] = [];
  let storable = true;
  const write = res.write;
  const end = res.end;
  const writeHead = res.writeHead;
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    if (typeof chunk === "string")
      chunks.push(
        Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"),
      );
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
    else storable = false;
  };
  res.setHeader("x-harmoniq-cache", "miss");
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    const headers = typeof rest[0] === "string" ? rest[1] : rest[0];
    if (Array.isArray(headers)) storable = false;
    else if (headers && typeof headers === "object")
      for (const [name, value] of Object.entries(headers as OutgoingHttpHeaders))
        if (value !== undefined) this.setHeader(name, value);
    return typeof rest[0] === "string"
      ? (writeHead as (s: number, m: string) => ServerResponse).call(this, status, rest[0])
      : writeHead.call(this, status);
  } as typeof res.writeHead;
  res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    keep(chunk, rest[0]);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof res.write;
  res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    keep(chunk, rest[0]);
    return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
  } as typeof res.end;

  return new Promise((resolve) => {
    const done = () => {
      res.write = write;
      res.end = end;
      res.writeHead = writeHead;
      const headers: [string, string][] = [];
      for (const [name, value] of Object.entries(res.getHeaders())) {
        if (value === undefined) continue;
        if (Array.isArray(value)) storable = false;
        else headers.push([name, String(value)]);
      }
      const type = String(res.getHeader("content-type") ?? "");
      const ok =
        storable &&
        res.writableFinished &&
        res.statusCode === 200 &&
        type.startsWith("text/html") &&
        !res.hasHeader("set-cookie");
      resolve(ok ? { status: 200, headers, body: new Uint8Array(Buffer.concat(chunks)) } : null);
    };
    res.once("close", done);
    Promise.resolve()
      .then(render)
      .catch(() => {
        storable = false;
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
}
