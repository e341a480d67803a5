import { customType, timestamp } from "drizzle-orm/pg-core";

/**
 * Timestamps keep millisecond precision: JavaScript dates have no more, and keyset cursors
 * built from a Date must compare equal to the stored value.
 */
export const timestampMs = () => timestamp({ withTimezone: true, precision: 3, mode: "date" });

export const createdAt = () => timestampMs().notNull().defaultNow();
export const updatedAt = () =>
  timestampMs()
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

/** Full-text search document, written by PostgreSQL itself as a generated column. */
export const tsvector = customType<{ data: string }>({
  dataType: () => "tsvector",
});

/**
 * Byte-ordered text for fractional ordering keys: the keys are compared byte by byte, which
 * the default (locale) collation would not do.
 */
export const orderKey = customType<{ data: string }>({
  dataType: () => 'text COLLATE "C"',
});

/** Binary data (pictures). postgres.js reads it as a Buffer, PGlite as a Uint8Array: both are one. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});
