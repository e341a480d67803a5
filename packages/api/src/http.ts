import { createHash } from "node:crypto";
import { getSessionFromHeaders, type Auth, type AuthSession } from "@harmoniq/auth";
import { isDatabaseUnavailable, type Database } from "@harmoniq/db";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createInnerContext, type ApiServices } from "./context";
import { DATABASE_UNAVAILABLE_MESSAGE, RateLimitedError, toTrpcError } from "./errors";
import { readDatabaseFor, withLsnCookie, type ReadRouting } from "./read-routing";

export { readDatabaseFor };
import { appRouter } from "./root";

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

/** The client's network identity for anonymous limits and play counts, hashed (no raw IPs stored). */
export function clientKeyOf(headers: Headers, trustedProxyHops = 1): string {
  // Each proxy appends the address it saw, so only the entry written by the nearest trusted
  // proxy is not the client's own claim: with N proxies in front that is the N-th from the
  // right. (The first entry is whatever the client sent; keying limits on it lets anyone
  // dodge the per-IP limits by changing a header.)
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const forwarded = entries[Math.max(0, entries.length - Math.max(1, trustedProxyHops))];
  const ip = forwarded || headers.get("x-real-ip") || "local";
  return createHash("sha256").update(ip).digest("base64url").slice(0, 22);
}

function jsonError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
) {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

const RETRY_AFTER_SEC = "2";

/** The answer while the database is down or restarting: clients should retry shortly. */
export function databaseUnavailableResponse(): Response {
  return jsonError(503, "SERVICE_UNAVAILABLE", DATABASE_UNAVAILABLE_MESSAGE, {
    "retry-after": RETRY_AFTER_SEC,
  });
}

/**
 * A state-changing request from another site is refused: browsers name the page's origin on
 * every cross-site POST, so a foreign or opaque ("null") Origin, or Sec-Fetch-Site: cross-site,
 * means a page elsewhere is trying to use the visitor's cookies. Clients without a browser
 * (API keys) send no Origin and are let through.
 */
export function isCrossSiteWrite(req: Request, allowedOrigins: string[]): boolean {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return false;
  const origin = req.headers.get("origin");
  if (origin !== null) return !allowedOrigins.includes(origin);
  return req.headers.get("sec-fetch-site") === "cross-site";
}

const isJsonContentType = (value: string | null) =>
  value !== null && /^application\/json\s*(;|$)/i.test(value.trim());

/** Reads at most `limit` bytes of the body; null when it is larger. */
async function readBodyWithin(
  req: Request,
  limit: number,
): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

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

/** The origins better-auth trusts: its base URL's and the configured trusted origins. */
function originsTrustedBy(auth: Auth): string[] {
  const { baseURL, trustedOrigins } = auth.options;
  return [
    ...(typeof baseURL === "string" ? [new URL(baseURL).origin] : []),
    ...(Array.isArray(trustedOrigins) ? trustedOrigins : []),
  ];
}

/**
 * `/api/auth/*`: better-auth, behind HarmoniQ's shared limits on sign-in (per IP and per
 * account) and sign-up (per IP). Unknown and known accounts get the same answers.
 * Cross-site writes (sign-out, key creation, password change…) are refused here as on
 * `/api/trpc`, whatever better-auth's own origin check does (it is off when NODE_ENV=test).
 */
export function createAuthHandler(
  options: Pick<HttpOptions, "auth" | "services" | "reads" | "trustedProxyHops"> & {
    allowedOrigins?: string[];
  },
) {
  const allowedOrigins = options.allowedOrigins ?? originsTrustedBy(options.auth);
  return async function handleAuth(req: Request): Promise<Response> {
    if (isCrossSiteWrite(req, allowedOrigins)) {
      return jsonError(403, "FORBIDDEN", "Cross-site requests are refused");
    }
    const path = new URL(req.url).pathname;
    if (
      req.method === "POST" &&
      (path.endsWith("/sign-in/email") || path.endsWith("/sign-up/email"))
    ) {
      const clientKey = clientKeyOf(req.headers, options.trustedProxyHops);
      try {
        if (path.endsWith("/sign-in/email")) {
          const body = (await req
            .clone()
            .json()
            .catch(() => null)) as { email?: unknown } | null;
          await options.services.limits.consume("signInPerIp", clientKey);
          if (typeof body?.email === "string") {
            await options.services.limits.consume(
              "signInPerAccount",
              body.email.trim().toLowerCase(),
            );
          }
        } else {
          await options.services.limits.consume("signUpPerIp", clientKey);
        }
      } catch (error) {
        if (error instanceof RateLimitedError) {
          return jsonError(429, "TOO_MANY_REQUESTS", error.message, {
            "retry-after": String(error.retryAfterSec),
          });
        }
        if (isDatabaseUnavailable(error)) return databaseUnavailableResponse();
        throw error;
      }
    }
    let response: Response;
    try {
      response = await options.auth.handler(req);
    } catch (error) {
      if (isDatabaseUnavailable(error)) return databaseUnavailableResponse();
      throw error;
    }
    // Sign-up, sign-in and profile changes write: the caller then reads them back.
    return withLsnCookie(options.reads, req, response, req.method === "POST");
  };
}
