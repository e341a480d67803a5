// The production server (`pnpm start`): Next.js behind a small node:http entry that answers
// /api/trpc itself, through the API's fetch handler, and hands every other request to
// Next.js — pages, /api/auth, /api/songs/*, /api/export, static files — with anonymous
// visitors' Discover page shared for up to a second. The logic is src/server/api-bridge.ts
// (compiled with the app, installed by src/instrumentation.ts when Next.js prepares): the
// same handlers and guards as the Next.js routes; it only skips the framework on hot paths.
//
//   PORT=3000 node server.mjs        (NODE_ENV defaults to production;
//   run `next build` first)
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { securityHeaders } from "./security-headers.mjs";

// Like `next start`: production unless told otherwise, set before Next.js and React load.
process.env.NODE_ENV ??= "production";
const { default: next } = await import("next");

const dir = path.dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.PORT ?? 3000);
const dev = process.env.NODE_ENV === "development";
const API_BRIDGE = Symbol.for("harmoniq.apiBridge");

const app = next({ dev, dir, port });
const handle = app.getRequestHandler();
await app.prepare();

const headers = securityHeaders(dev).map(({ key, value }) => [key, value]);

/** /api/trpc and /api/trpc/…, not /api/trpcx. */
const isTrpcPath = (url = "") => /^\/api\/trpc(?:[/?]|$)/.test(url);

const server = createServer((req, res) => {
  const bridge = globalThis[API_BRIDGE];
  if (!bridge) {
    void handle(req, res);
  } else if (isTrpcPath(req.url)) {
    for (const [key, value] of headers) res.setHeader(key, value);
    void bridge.serveTrpc(req, res);
  } else {
    void bridge.servePage(req, res, handle);
  }
});

// Clients and reverse proxies keep idle connections for up to a minute (load balancers commonly
// 60 s, HTTP client pools) and reuse them; Node's default of 5 s closes sockets they are about to
// reuse, which they see as ECONNRESET. Stay open a little longer than they do.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

// Every interface, like `next start`.
server.listen(port, () => {
  console.log(`▲ HarmoniQ ready on http://localhost:${port}`);
});

// Stop taking connections, let running requests finish, then leave (like `next start`).
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
