// @harmoniq/db: the schema, the database client, and the storage functions over them.
// Drizzle's operators are re-exported so every package uses this one drizzle-orm.
export * from "./constants";
export * from "./errors";
export * from "./env";
export {
  createDb,
  createDbFromEnv,
  migrate,
  DEFAULT_MIGRATIONS_FOLDER,
  defaultDataDir,
  type Database,
  type DatabaseHandle,
  type DatabaseKind,
  type DbOrTx,
  type Transaction,
} from "./client";
export { selectRows } from "./driver-rows";
export { parseLsn, type ReadRouter, type ReplicaInfo } from "./replicas";
export * from "./schema";
export { seedDemo } from "./seed";
export { seedAtScale, type ScaleSeedOptions, type ScaleSeedResult } from "./seed-scale";
export * from "./storage";
export { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
