import type { z } from "zod";

export type StorageErrorCode = "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "BAD_REQUEST";

/**
 * A refusal the caller can act on. The API maps `code` to the tRPC code of the same name;
 * messages are safe to show to users (no SQL, no ids of things the caller may not see).
 */
export class StorageError extends Error {
  override name = "StorageError";
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    readonly issues?: z.core.$ZodIssue[],
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new StorageError("NOT_FOUND", `${what} not found`);
export const forbidden = (message: string) => new StorageError("FORBIDDEN", message);
export const conflict = (message: string) => new StorageError("CONFLICT", message);
export const badRequest = (message: string, issues?: z.core.$ZodIssue[]) =>
  new StorageError("BAD_REQUEST", message, issues);

/** Validates input with a zod schema, turning failures into a BAD_REQUEST StorageError. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const message = result.error.issues
    .map((issue) =>
      issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message,
    )
    .join("; ");
  throw badRequest(message, result.error.issues);
}

/** PostgreSQL error codes we translate into StorageErrors. */
const PG_UNIQUE_VIOLATION = "23505";
const PG_FOREIGN_KEY_VIOLATION = "23503";

export function pgErrorCode(error: unknown): string | undefined {
  // Drizzle wraps driver errors; the PostgreSQL code sits on the error or its cause.
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown) => pgErrorCode(error) === PG_UNIQUE_VIOLATION;
export const isForeignKeyViolation = (error: unknown) =>
  pgErrorCode(error) === PG_FOREIGN_KEY_VIOLATION;

/** Driver and socket error codes meaning the server could not be reached or dropped us. */
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  // postgres.js
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

/**
 * PostgreSQL states of a server that is going away or not up yet: connection exceptions
 * (class 08), admin or crash shutdown, "the database system is starting up", too many clients.
 */
const isUnavailableState = (code: string) =>
  code.startsWith("08") || ["57P01", "57P02", "57P03", "53300"].includes(code);

/**
 * True when a query failed because the database could not be reached (down, restarting,
 * connection dropped) rather than because of the query: worth a "try again shortly" answer.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0 && seen.size < 16) {
    const current = pending.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (UNREACHABLE_CODES.has(code) || isUnavailableState(code)))
      return true;
    pending.push((current as { cause?: unknown }).cause);
    // net's "connect to every address" failures are AggregateErrors of the attempts.
    if (current instanceof AggregateError) pending.push(...current.errors);
  }
  return false;
}
