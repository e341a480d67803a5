import superjson from "superjson";
import { APP_ORIGIN } from "./app";

export interface ProbeResult {
  at: number;
  /** The HTTP status, or 0 when there was no answer. */
  status: number;
  /** The tRPC error code and message from the API's JSON error shape (absent on success). */
  code?: string;
  message?: string;
  /** Set when an error answer was not the API's JSON error shape. */
  malformed?: string;
  /** The Retry-After header, if any. */
  retryAfter?: string;
}

/**
 * One raw HTTP call, as a browser's fetch would see it: the status and, for errors, whether the
 * body is the API's JSON error ({ error: { json: { message, data: { code, httpStatus } } } }
 * from tRPC, { error: { code, message } } from the other routes). A `path` starting with "/"
 * is fetched as is (GET); otherwise it names a tRPC procedure.
 */
export async function probe(
  baseUrl: string,
  call: { path: string; input?: unknown; method: "GET" | "POST"; cookie?: string },
): Promise<ProbeResult> {
  const at = Date.now();
  const encoded = JSON.stringify(superjson.serialize(call.input));
  let response: Response;
  try {
    response = call.path.startsWith("/")
      ? await fetch(`${baseUrl}${call.path}`, {
          headers: call.cookie ? { cookie: call.cookie } : {},
        })
      : call.method === "GET"
        ? await fetch(`${baseUrl}/api/trpc/${call.path}?input=${encodeURIComponent(encoded)}`, {
            headers: call.cookie ? { cookie: call.cookie } : {},
          })
        : await fetch(`${baseUrl}/api/trpc/${call.path}`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              origin: APP_ORIGIN,
              ...(call.cookie ? { cookie: call.cookie } : {}),
            },
            body: encoded,
          });
  } catch (error) {
    return { at, status: 0, malformed: `no answer: ${(error as Error).message}` };
  }
  const text = await response.text();
  if (response.ok) return { at, status: response.status };
  const retryAfter = response.headers.get("retry-after") ?? undefined;
  try {
    const body = JSON.parse(text) as {
      error?: {
        code?: unknown;
        message?: unknown;
        json?: { message?: unknown; data?: { code?: unknown; httpStatus?: unknown } };
      };
    };
    const trpc = body.error?.json;
    if (
      typeof trpc?.message === "string" &&
      typeof trpc.data?.code === "string" &&
      trpc.data.httpStatus === response.status
    ) {
      return {
        at,
        status: response.status,
        code: trpc.data.code,
        message: trpc.message,
        retryAfter,
      };
    }
    // The routes outside tRPC (auth, song files) answer { error: { code, message } }.
    const plain = body.error;
    if (typeof plain?.code === "string" && typeof plain.message === "string") {
      return { at, status: response.status, code: plain.code, message: plain.message, retryAfter };
    }
  } catch {
    // not JSON: reported below
  }
  return { at, status: response.status, malformed: text.slice(0, 200) };
}
