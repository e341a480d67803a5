// @harmoniq/db: the schema, the database client, and the storage functions over them.
// Drizzle's operators are re-exported so every package uses this one drizzle-orm.
// Subpaths beside it: /schema, /client, /constants, /storage (parts of this face),
// /seed (demo and bulk data), /testing (test databases, raw rows), /backup, /bench/… .
export * from "./constants";
export * from "./errors";
export * from "./env";
export {
  createDb,
  createDbFromEnv,
  migrate,
  defaultDataDir,
  type CreateDbOptions,
  type Database,
  type DatabaseHandle,
  type DatabaseKind,
  type DbOrTx,
  type Transaction,
} from "./client";
export { parseLsn, type ReadRouter, type ReplicaInfo } from "./replicas";
export * from "./schema";
export * from "./storage";
export { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
