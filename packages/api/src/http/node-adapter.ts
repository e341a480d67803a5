import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApiServer } from "../server";

// Serves the API's fetch handlers from node:http: the web app's production entry hands
// /api/trpc to it before Next.js (apps/web/server.mjs), and benchmarks, tests and tools use
// it for the real HTTP API without Next.js in front of it.

/** The Request a fetch handler expects, from node:http's request (aborted when the client goes). */
async function toRequest(
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
): Promise<Request> {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(key, value);
    else if (Array.isArray(value)) headers.set(key, value.join(", "));
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const chunks: Buffer[] = [];
  if (hasBody) for await (const chunk of req) chunks.push(chunk as Buffer);
  // A client that hangs up (a closed tab, an aborted subscription) stops the handler's work.
  const aborter = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) aborter.abort();
  });
  return new Request(`${origin}${req.url}`, {
    method: req.method,
    headers,
    signal: aborter.signal,
    ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
  });
}

/** Plain JSON answers are written in one piece; everything else streams, minding backpressure. */
async function send(res: ServerResponse, response: Response) {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    headers[key] = key === "set-cookie" ? response.headers.getSetCookie() : value;
  });
  const type = response.headers.get("content-type") ?? "";
  if (!response.body || (type.startsWith("application/json") && !headers["transfer-encoding"])) {
    const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
    if (body) headers["content-length"] = String(body.length);
    res.writeHead(response.status, headers).end(body);
    return;
  }
  res.writeHead(response.status, headers);
  for await (const chunk of response.body) {
    if (res.destroyed) break;
    if (!res.write(chunk)) await new Promise((resolve) => res.once("drain", resolve));
  }
  res.end();
}

/**
 * Answers one node:http request with a fetch handler. `origin` is the server's own origin
 * (requests' URLs are built on it); by default the Host header over http.
 */
export async function serveNodeRequest(
  handler: (req: Request) => Promise<Response>,
  req: IncomingMessage,
  res: ServerResponse,
  origin = `http://${req.headers.host ?? "localhost"}`,
): Promise<void> {
  try {
    await send(res, await handler(await toRequest(req, res, origin)));
  } catch {
    if (res.headersSent) {
      // A body that fails part way (say a stream whose encode broke) is cut off, not ended: an
      // ended chunked body would pass for the whole file.
      res.destroy();
      return;
    }
    res.writeHead(500);
    res.end();
  }
}

/**
 * Routes /api/trpc, /api/v1 (REST), /api/auth, /api/export, /api/songs/:id/{audio,stream,midi,stems}
 * and /rest/* (OpenSubsonic) to the API server.
 */
export function routeApiRequest(api: ApiServer, req: Request): Promise<Response> {
  const { pathname } = new URL(req.url);
  if (pathname.startsWith("/api/trpc")) return api.handleTrpc(req);
  if (pathname.startsWith("/api/v1/")) return api.handleRest(req);
  if (pathname.startsWith("/api/auth/")) return api.handleAuth(req);
  if (pathname === "/api/export") return api.handleExport(req);
  if (pathname.startsWith("/rest/")) return api.handleSubsonic(req);
  const file = /^\/api\/songs\/([^/]+)\/(audio|stream|midi|stems)$/.exec(pathname);
  if (file) {
    const handle = {
      audio: api.handleAudio,
      stream: api.handleStream,
      midi: api.handleMidi,
      stems: api.handleStems,
    };
    return handle[file[2] as keyof typeof handle](req, file[1]!);
  }
  return Promise.resolve(new Response("Not found", { status: 404 }));
}

export function serveFetch(
  handler: (req: Request) => Promise<Response>,
  port = 0,
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    let origin = "";
    const server = createServer((req, res) => {
      void serveNodeRequest(handler, req, res, origin);
    });
    server.listen(port, "127.0.0.1", () => {
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({
        server,
        url: origin,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
