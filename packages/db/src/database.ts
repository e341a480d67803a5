import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type * as schema from "./schema";

// The database types every module of this package shares (kept apart from client.ts, which
// opens databases, so that replicas.ts and storage can use them without importing the client).

export type Schema = typeof schema;

/** A Drizzle database on either driver; storage functions accept this or a transaction. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<
  PgQueryResultHKT,
  Schema,
  ExtractTablesWithRelations<Schema>
>;
export type DbOrTx = Database | Transaction;

export type DatabaseKind = "postgres" | "pglite";
