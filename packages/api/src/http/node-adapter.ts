import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApiServer } from "../server";

// Serves the API's fetch handlers from a plain node:http server: for benchmarks, tests and
// tools that need the real HTTP API without Next.js in front of it.

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(key, value);
    else if (Array.isArray(value)) headers.set(key, value.join(", "));
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const chunks: Buffer[] = [];
  if (hasBody) for await (const chunk of req) chunks.push(chunk as Buffer);
  return new Request(`${origin}${req.url}`, {
    method: req.method,
    headers,
    ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
  });
}

async function send(res: ServerResponse, response: Response) {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    headers[key] = key === "set-cookie" ? response.headers.getSetCookie() : value;
  });
  res.writeHead(response.status, headers);
  if (response.body) {
    for await (const chunk of response.body) res.write(chunk);
  }
  res.end();
}

/**
 * Routes /api/trpc, /api/v1 (REST), /api/auth, /api/export, /api/songs/:id/{audio,midi,stems}
 * and /rest/* (OpenSubsonic) to the API server.
 */
export function routeApiRequest(api: ApiServer, req: Request): Promise<Response> {
  const { pathname } = new URL(req.url);
  if (pathname.startsWith("/api/trpc")) return api.handleTrpc(req);
  if (pathname.startsWith("/api/v1/")) return api.handleRest(req);
  if (pathname.startsWith("/api/auth/")) return api.handleAuth(req);
  if (pathname === "/api/export") return api.handleExport(req);
  if (pathname.startsWith("/rest/")) return api.handleSubsonic(req);
  const file = /^\/api\/songs\/([^/]+)\/(audio|midi|stems)$/.exec(pathname);
  if (file) {
    const handle = { audio: api.handleAudio, midi: api.handleMidi, stems: api.handleStems };
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
      toRequest(req, origin)
        .then(handler)
        .then((response) => send(res, response))
        .catch(() => {
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
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
