// Which database an HTTP request reads from, and the `hq_lsn` cookie that lets a user read
// their own writes when reads go to replicas (DATABASE_REPLICA_URLS).
//
// - Mutations run on the primary (reads inside them too, so checks see the latest rows).
// - After a write the response carries `hq_lsn` = the primary's WAL position; while the
//   cookie lives, reads use a replica only if it has replayed past that position.
// - A streamed (jsonl) response sends its headers before the procedures run, so the
//   position is not known yet: the cookie then says `pending` and the next request reads
//   from the primary, whose position by then covers the finished write, and gets it instead.
// - API-key (Bearer) callers read from the primary: scripts read right after writing and
//   keep no cookies.
import type { AuthSession } from "@harmoniq/auth";
import type { Database, ReadRouter } from "@harmoniq/db";

export const LSN_COOKIE = "hq_lsn";
/** Long enough for any replica worth reading from to catch up. */
export const LSN_COOKIE_MAX_AGE_SEC = 60;
const PENDING = "pending";

export interface ReadRouting {
  /** The database handle (its replicas, `forRead` and `primaryLsn`). */
  router: Pick<ReadRouter, "replicas" | "forRead" | "primaryLsn">;
  /** Mark the cookie Secure (production over https), like the session cookie. */
  secureCookies?: boolean;
}

export interface ReadRoutingOptions {
  /** The primary. */
  db: Database;
  /** Absent: every read uses `db`, and no cookie is set. */
  reads?: ReadRouting;
}

/** The `hq_lsn` value the client sent: a WAL position, `pending`, or null. */
export function lsnFromCookie(headers: Headers): string | null {
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === LSN_COOKIE) return decodeURIComponent(value.join("="));
  }
  return null;
}

function lsnCookie(value: string, secure: boolean): string {
  return `${LSN_COOKIE}=${encodeURIComponent(value)}; Max-Age=${LSN_COOKIE_MAX_AGE_SEC}; Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/** The database for this request's reads (not for mutations: those use the primary). */
export async function readDatabaseFor(
  options: ReadRoutingOptions,
  headers: Headers,
  session: AuthSession | null,
): Promise<Database> {
  if (!options.reads) return options.db;
  const bearer = /^Bearer\s/i.test(headers.get("authorization") ?? "");
  if (bearer || session?.via === "apiKey") return options.db;
  const lsn = lsnFromCookie(headers);
  if (lsn === PENDING) return options.db;
  return options.reads.router.forRead(lsn);
}

/**
 * The response with the `hq_lsn` cookie it should carry: after a write (`wrote`), the
 * primary's position, or `pending` when the response is streamed and the write may still be
 * running; after a read that answered a `pending` cookie, the position that covers it.
 */
export async function withLsnCookie(
  reads: ReadRouting | undefined,
  req: Request,
  response: Response,
  wrote: boolean,
): Promise<Response> {
  // Without replicas every read is on the primary: no cookie needed.
  if (!reads || reads.router.replicas.length === 0) return response;
  const secure = reads.secureCookies ?? false;
  let value: string | null = null;
  if (wrote) {
    if (!response.ok) return response;
    const streamed = response.headers.get("transfer-encoding") === "chunked";
    // The write succeeded: if its position cannot be read now, the next read goes to the primary.
    value = streamed ? PENDING : await reads.router.primaryLsn().catch(() => PENDING);
  } else if (lsnFromCookie(req.headers) === PENDING) {
    // Read after this request began, so it covers every write finished before it.
    value = await reads.router.primaryLsn().catch(() => null);
  }
  if (value === null) return response;
  const headers = new Headers(response.headers);
  headers.append("set-cookie", lsnCookie(value, secure));
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
