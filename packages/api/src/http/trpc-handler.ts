import type { Auth } from "@harmoniq/auth";
import type { Database } from "@harmoniq/db";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { ApiServices } from "../services";
import {
  createAnonymousCache,
  isAnonymousRequest,
  type AnonymousCache,
  type CachedAnswer,
} from "./anonymous-cache";
import { appRouter } from "../trpc/root";
import { isJsonContentType, readBodyWithin } from "./body-limit";
import { isCrossSiteWrite } from "./csrf";
import { jsonError, RETRY_AFTER_SEC } from "./json-error";
import { withLsnCookie, type ReadRouting } from "./read-routing";
import { requestContextFor } from "./request-context";

export interface HttpOptions {
  /** The primary: writes, and every read when `reads` is absent. */
  db: Database;
  /** Read replicas: where each request reads (read-routing.ts). */
  reads?: ReadRouting;
  auth: Auth;
  services: ApiServices;
  /** Origins allowed to send mutations with the user's cookies (CSRF defence). */
  allowedOrigins: string[];
  /** Largest accepted request body; pictures for image mode are the largest legitimate ones. */
  maxBodyBytes?: number;
  /** Most procedure calls in one batched request. */
  maxBatchSize?: number;
  log?: (message: string, error?: unknown) => void;
  /** Reverse proxies in front of the app that append to X-Forwarded-For (default 1). */
  trustedProxyHops?: number;
  /**
   * Public queries whose anonymous GET answers are shared for up to 1 s (anonymous-cache.ts).
   * Off when absent or `false`; createApiServer turns it on for the feed.
   */
  anonymousCache?: { procedures: readonly string[]; cache?: AnonymousCache } | false;
  /**
   * Called after every mutation with its writer (null when anonymous): other caches of
   * anonymous answers forget theirs, the session cache the writer's sessions.
   */
  onMutation?: (writer: MutationWriter) => void;
}

/** Who made a write that just succeeded (`userId` null for an anonymous caller). */
export interface MutationWriter {
  userId: string | null;
}

/** The anonymous pages everyone sees alike: the public feed (new, top, trending, filters). */
export const DEFAULT_ANONYMOUS_CACHED_PROCEDURES = ["song.feed"] as const;

export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
export const DEFAULT_MAX_BATCH_SIZE = 20;

/** `/api/trpc`: guards (CSRF, body size, batch size), then the tRPC fetch adapter. */
export function createTrpcHandler(options: HttpOptions) {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxBatchSize = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error));
  const cacheOptions = options.anonymousCache || null;
  const cached = cacheOptions ? new Set(cacheOptions.procedures) : new Set<string>();
  const cache = cacheOptions ? (cacheOptions.cache ?? createAnonymousCache()) : null;

  /** The cache key when this request may share an answer: one listed query, anonymous, unstreamed. */
  function cacheKeyOf(req: Request, url: URL, path: string): string | null {
    if (!cache || req.method !== "GET" || !cached.has(path)) return null;
    if (url.searchParams.has("batch") || req.headers.has("trpc-accept")) return null;
    if (!isAnonymousRequest(req.headers)) return null;
    return `${path}?${url.searchParams.get("input") ?? ""}`;
  }

  const handleTrpc = async function handleTrpc(req: Request): Promise<Response> {
    if (isCrossSiteWrite(req, options.allowedOrigins)) {
      return jsonError(403, "FORBIDDEN", "Cross-site requests are refused");
    }
    const url = new URL(req.url);
    const path = url.pathname.replace(/^.*\/api\/trpc\/?/, "");
    const key = cacheKeyOf(req, url, path);
    if (key && cache) {
      let unshared: Response | null = null;
      const { answer, hit } = await cache.load(key, async () => {
        const response = await serve(req, url, path);
        const shared = await storable(response);
        if (!shared) unshared = response;
        return shared;
      });
      if (answer) return responseOf(answer, hit);
      if (unshared) return unshared;
    }
    return serve(req, url, path);
  };

  async function serve(req: Request, url: URL, path: string): Promise<Response> {
    if (path.split(",").length > maxBatchSize) {
      return jsonError(400, "BAD_REQUEST", `At most ${maxBatchSize} calls in one batch`);
    }
    // The client sends JSON only. Anything else (form encodings, octet-stream, none) is refused
    // here with a JSON error; tRPC would answer some of them with a text/plain 415 and parse
    // others (FormData, octet-stream) as procedure input.
    if (req.method === "POST" && !isJsonContentType(req.headers.get("content-type"))) {
      return jsonError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the input as application/json");
    }
    let request = req;
    if (req.method === "POST") {
      const body = await readBodyWithin(req, maxBodyBytes);
      if (body === null)
        return jsonError(413, "PAYLOAD_TOO_LARGE", `Requests are limited to ${maxBodyBytes} bytes`);
      request = new Request(req.url, {
        method: req.method,
        headers: req.headers,
        body,
        signal: req.signal,
      });
    }
    const context = requestContextFor(options, req);
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: request,
      router: appRouter,
      allowBatching: true,
      maxBatchSize,
      createContext: context.createContext,
      // Tells clients (and proxies) when to try again while the database is unavailable.
      responseMeta({ data }) {
        const unavailable = data.some(
          (item) => "error" in item && item.error.data.code === "SERVICE_UNAVAILABLE",
        );
        return unavailable ? { headers: { "retry-after": RETRY_AFTER_SEC } } : {};
      },
      onError({ error, path: procedure }) {
        if (error.code === "INTERNAL_SERVER_ERROR")
          log(`tRPC ${procedure ?? "?"} failed`, error.cause ?? error);
      },
    });
    // tRPC's early refusals (a mutation in a GET batch, a stream to a non-streaming client…)
    // have a JSON body typed text/plain; clients and proxies should see what it is.
    if (!response.ok && !response.headers.get("content-type")?.startsWith("application/json")) {
      const headers = new Headers(response.headers);
      headers.set("content-type", "application/json");
      return new Response(response.body, { status: response.status, headers });
    }
    // Whatever a write changed, no cached answer from before it is served again here.
    const mutation = context.wasMutation();
    if (mutation) {
      cache?.clear();
      options.onMutation?.({ userId: context.writer() });
    }
    return withLsnCookie(options.reads, req, response, mutation);
  }

  return Object.assign(handleTrpc, { cache });
}

/** A successful plain JSON answer, read into memory; anything else is not shared. */
async function storable(response: Response): Promise<CachedAnswer | null> {
  const type = response.headers.get("content-type") ?? "";
  if (response.status !== 200 || !type.startsWith("application/json")) return null;
  if (response.headers.has("set-cookie")) return null;
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => headers.push([name, value]));
  return { status: 200, headers, body: new Uint8Array(await response.arrayBuffer()) };
}

function responseOf(answer: CachedAnswer, hit: boolean): Response {
  const headers = new Headers(answer.headers);
  headers.set("x-harmoniq-cache", hit ? "hit" : "miss");
  return new Response(answer.body.slice(), { status: answer.status, headers });
}
