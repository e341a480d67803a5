import type { Query, SQL } from "drizzle-orm";
import type { DbOrTx } from "./database";
import { sqlDialect } from "./dialect";

// The two drivers answer `execute` differently: postgres.js with an array of rows (carrying
// `count`), PGlite with `{ rows, affectedRows }`. Raw statements read their results here.

/** The rows of an `execute` result, on either driver. */
export function resultRows<Row>(result: unknown): Row[] {
  return Array.isArray(result) ? (result as Row[]) : (result as { rows: Row[] }).rows;
}

/** How many rows an `execute`d statement inserted, updated or deleted, on either driver. */
export function affectedRows(result: unknown): number {
  const r = result as { count?: number; affectedRows?: number };
  return r.count ?? r.affectedRows ?? 0;
}

/**
 * Runs raw SQL and returns its rows. For statements the query builder cannot express
 * (CTEs that write, catalog queries, tools); storage code uses the query builder otherwise.
 */
export async function selectRows<Row>(db: DbOrTx, query: SQL): Promise<Row[]> {
  return resultRows<Row>(await db.execute(query));
}

/** A raw statement with `sql.placeholder()`s, rendered to text once (see runPrepared). */
export interface PreparedRaw {
  name: string;
  build: () => SQL;
  query?: Query;
}

export const preparedRaw = (name: string, build: () => SQL): PreparedRaw => ({ name, build });

/**
 * Runs a raw statement (a writing CTE, which the query builder's `.prepare()` cannot take)
 * prepared on its connection: PostgreSQL parses and plans it once per connection instead of on
 * every call, and its text is built once instead of on every call. For hot statements: in a
 * like storm, parsing and planning the like's four CTEs on every call was about a third of a
 * like's server CPU (docs/PERFORMANCE.md, Notifications).
 */
export async function runPrepared<Row>(
  db: DbOrTx,
  statement: PreparedRaw,
  values: Record<string, unknown>,
): Promise<Row[]> {
  statement.query ??= sqlDialect.sqlToQuery(statement.build());
  const prepared = db._.session.prepareQuery(statement.query, undefined, statement.name, false);
  return resultRows<Row>(await prepared.execute(values));
}
