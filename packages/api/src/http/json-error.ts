import { isDatabaseUnavailable } from "@harmoniq/db";
import { DATABASE_UNAVAILABLE_MESSAGE } from "../trpc/errors";

// Every HTTP route outside tRPC answers errors in one JSON shape.

/** The API's JSON error body, `{ error: { code, message } }`, outside tRPC. */
export function jsonError(
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

/** Seconds a client should wait while the database is unavailable. */
export const RETRY_AFTER_SEC = "2";

/** The answer while the database is down or restarting: clients should retry shortly. */
export function databaseUnavailableResponse(): Response {
  return jsonError(503, "SERVICE_UNAVAILABLE", DATABASE_UNAVAILABLE_MESSAGE, {
    "retry-after": RETRY_AFTER_SEC,
  });
}

/** The database down or restarting: a 503 in the API's error shape, not a broken response. */
export async function orUnavailable(respond: () => Promise<Response>): Promise<Response> {
  try {
    return await respond();
  } catch (error) {
    if (isDatabaseUnavailable(error)) return databaseUnavailableResponse();
    throw error;
  }
}
