import { createOpenApiFetchHandler } from "trpc-to-openapi";
import { openApiDocument, REST_BASE_PATH } from "../rest/openapi";
import { scopeQueryCoercion, withQueryCoercion } from "../rest/query-coercion";
import { appRouter } from "../trpc/root";
import { isJsonContentType, readBodyWithin } from "./body-limit";
import { isCrossSiteWrite } from "./csrf";
import { RETRY_AFTER_SEC } from "./json-error";
import { withLsnCookie } from "./read-routing";
import { requestContextFor } from "./request-context";
import { DEFAULT_MAX_BODY_BYTES, type HttpOptions } from "./trpc-handler";

export interface RestOptions extends Omit<HttpOptions, "maxBatchSize"> {
  /** The public origin the OpenAPI document names as its server (default: the request's). */
  baseUrl?: string;
}

/** REST errors: `{ code, message }`, plus zod's `issues` for invalid input (400). */
export function restError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return new Response(JSON.stringify({ code, message, ...extra }), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** The library's error body carries tRPC's whole error shape; clients get code, message, issues. */
async function tidyError(response: Response): Promise<Response> {
  const body = (await response.json().catch(() => null)) as {
    code?: unknown;
    message?: unknown;
    issues?: unknown;
  } | null;
  const headers = Object.fromEntries(response.headers);
  return restError(
    response.status,
    typeof body?.code === "string" ? body.code : "INTERNAL_SERVER_ERROR",
    typeof body?.message === "string" ? body.message : "Something went wrong",
    Array.isArray(body?.issues) ? { issues: body.issues } : {},
    headers,
  );
}

const HAS_BODY = new Set(["POST", "PUT", "PATCH"]);

/**
 * `/api/v1/*`: the procedures with `meta.openapi` as REST (trpc-to-openapi), behind the same
 * guards as `/api/trpc` (CSRF for cookie sessions, body size, JSON only) and with the same
 * context (session by cookie or `Authorization: Bearer <API key>`, limits, read routing).
 * `GET /api/v1/openapi.json` is the OpenAPI document.
 */
export function createRestHandler(options: RestOptions) {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error));
  scopeQueryCoercion(appRouter);

  return async function handleRest(req: Request): Promise<Response> {
    const url = new URL(req.url);
    if (url.pathname === `${REST_BASE_PATH}/openapi.json`) {
      if (req.method !== "GET" && req.method !== "HEAD") {
        return restError(405, "METHOD_NOT_SUPPORTED", "Use GET");
      }
      return Response.json(openApiDocument(options.baseUrl ?? url.origin), {
        headers: { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" },
      });
    }
    if (isCrossSiteWrite(req, options.allowedOrigins)) {
      return restError(403, "FORBIDDEN", "Cross-site requests are refused");
    }
    let request = req;
    if (HAS_BODY.has(req.method)) {
      const body = await readBodyWithin(req, maxBodyBytes);
      if (body === null) {
        return restError(413, "PAYLOAD_TOO_LARGE", `Requests are limited to ${maxBodyBytes} bytes`);
      }
      // No body is an empty input ({}): `POST /songs/{id}/like` needs nothing else.
      if (body.byteLength > 0 && !isJsonContentType(req.headers.get("content-type"))) {
        return restError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the input as application/json");
      }
      const headers = new Headers(req.headers);
      headers.set("content-type", "application/json");
      request = new Request(req.url, {
        method: req.method,
        headers,
        body: body.byteLength > 0 ? body : "{}",
        signal: req.signal,
      });
    }
    const context = requestContextFor(options, req);
    const handle = () =>
      createOpenApiFetchHandler({
        endpoint: REST_BASE_PATH,
        req: request,
        router: appRouter,
        createContext: context.createContext,
        responseMeta({ errors }) {
          const unavailable = errors.some((error) => error.code === "SERVICE_UNAVAILABLE");
          return unavailable ? { headers: { "retry-after": RETRY_AFTER_SEC } } : {};
        },
        onError({ error, path }) {
          if (error.code === "INTERNAL_SERVER_ERROR") {
            log(`REST ${path ?? url.pathname} failed`, error.cause ?? error);
          }
        },
      });
    // Values in the URL (query and path) are text: numbers and booleans are read from it.
    const response = await (HAS_BODY.has(req.method) ? handle() : withQueryCoercion(handle));
    if (!response.ok) return tidyError(response);
    const mutation = context.wasMutation();
    // A write here changes what anonymous visitors see: shared answers from before it go.
    if (mutation) options.onMutation?.({ userId: context.writer() });
    return withLsnCookie(options.reads, req, response, mutation);
  };
}
