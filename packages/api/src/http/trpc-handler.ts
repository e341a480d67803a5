import { getSessionFromHeaders, type Auth, type AuthSession } from "@harmoniq/auth";
import type { Database } from "@harmoniq/db";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { ApiServices } from "../services";
import { createInnerContext } from "../trpc/context";
import { toTrpcError } from "../trpc/errors";
import { appRouter } from "../trpc/root";
import { isJsonContentType, readBodyWithin } from "./body-limit";
import { clientKeyOf } from "./client-key";
import { isCrossSiteWrite } from "./csrf";
import { jsonError, RETRY_AFTER_SEC } from "./json-error";
import { readDatabaseFor, withLsnCookie, type ReadRouting } from "./read-routing";

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
}

export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
export const DEFAULT_MAX_BATCH_SIZE = 20;

/** `/api/trpc`: guards (CSRF, body size, batch size), then the tRPC fetch adapter. */
export function createTrpcHandler(options: HttpOptions) {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxBatchSize = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error));

  return async function handleTrpc(req: Request): Promise<Response> {
    if (isCrossSiteWrite(req, options.allowedOrigins)) {
      return jsonError(403, "FORBIDDEN", "Cross-site requests are refused");
    }
    const url = new URL(req.url);
    const path = url.pathname.replace(/^.*\/api\/trpc\/?/, "");
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
    let mutation = false;
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: request,
      router: appRouter,
      allowBatching: true,
      maxBatchSize,
      createContext: async ({ info }) => {
        let session: AuthSession | null;
        try {
          session = await getSessionFromHeaders(options.auth, req.headers);
        } catch (error) {
          // Reading the session needs the database: while it is down, a 503 (not a 500).
          throw toTrpcError(error) ?? error;
        }
        mutation = info.type === "mutation";
        return createInnerContext({
          db: mutation ? options.db : await readDatabaseFor(options, req.headers, session),
          session,
          services: options.services,
          clientKey: clientKeyOf(req.headers, options.trustedProxyHops),
        });
      },
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
    return withLsnCookie(options.reads, req, response, mutation);
  };
}
