import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { z } from "zod";
import { LIMITS } from "../constants";
import { badRequest } from "../errors";

export interface Page<T> {
  items: T[];
  /** Pass back to get the next page; null when there is none. */
  nextCursor: string | null;
}

export const pageSizeSchema = z.number().int().min(1).max(LIMITS.pageSizeMax);

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined) return LIMITS.pageSizeDefault;
  const parsed = pageSizeSchema.safeParse(limit);
  if (!parsed.success)
    throw badRequest(`limit must be a whole number from 1 to ${LIMITS.pageSizeMax}`);
  return parsed.data;
}

/**
 * Keyset cursors are opaque to callers: base64url JSON of the last row's sort key. A cursor
 * that does not decode to the expected shape is a BAD_REQUEST, never a database error.
 */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

export function decodeCursor<T extends z.ZodType>(cursor: string, schema: T): z.output<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw badRequest("Invalid cursor");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw badRequest("Invalid cursor");
  return parsed.data;
}

/** Where the previous page of a (createdAt, id) ordered list ended: its last row. */
export interface PagePosition {
  createdAt: Date;
  id: string;
}

/** A PagePosition as `afterPosition` takes it. */
export const positionOf = (position: PagePosition | null | undefined) =>
  position ? ([position.createdAt.toISOString(), position.id] as const) : null;

/** The SQL type a keyset position's sort value is compared as. */
export type SortValueType = "timestamptz" | "int4" | "float8";

/**
 * The keyset condition for the rows after `position` in (sort column, id) order — a row
 * comparison `(sort, id) > (value, id)` when ascending, `<` when descending, which the
 * (…, sort, id) indexes serve as a range — or undefined on the first page. The position's
 * values may be parameters or placeholders of a prepared statement.
 */
export function afterPosition(
  order: "asc" | "desc",
  [sortColumn, idColumn]: readonly [SQLWrapper, SQLWrapper],
  position: readonly [sortValue: unknown, id: unknown] | null | undefined,
  sortValueType: SortValueType = "timestamptz",
): SQL | undefined {
  if (!position) return undefined;
  const comparison = sql.raw(order === "asc" ? ">" : "<");
  return sql`(${sortColumn}, ${idColumn}) ${comparison} (${position[0]}::${sql.raw(sortValueType)}, ${position[1]}::uuid)`;
}

/** Fetches one row more than asked, to know whether another page exists. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  cursorOf: (row: Row) => unknown,
): Page<Item> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(toItem),
    nextCursor: hasMore && last !== undefined ? encodeCursor(cursorOf(last)) : null,
  };
}

export const uuidSchema = z.uuid();
/** Ids that cannot exist are "not found", not a database error. */
export const isUuid = (value: string) => uuidSchema.safeParse(value).success;
