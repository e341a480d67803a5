import type { SQL } from "drizzle-orm";
import type { DbOrTx } from "./database";

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
