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
const PG_INVALID_TEXT_REPRESENTATION = "22P02";

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
export const isInvalidTextRepresentation = (error: unknown) =>
  pgErrorCode(error) === PG_INVALID_TEXT_REPRESENTATION;
