// A fingerprint of every table's rows, to prove that a refused call changed nothing.
import { sql, type DatabaseHandle } from "@harmoniq/db";
import { selectRows } from "@harmoniq/db/testing";

/**
 * Tables whose changes on a refused call are intended: `rate_limits` counts attempts, and a
 * refused attempt still counts (that is the point of an abuse limit).
 */
const EXCLUDED = new Set(["rate_limits"]);

export async function tableNames(handle: DatabaseHandle): Promise<string[]> {
  const rows = await selectRows<{ name: string }>(
    handle.db,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  return rows.map((r) => r.name).filter((name) => !EXCLUDED.has(name));
}

/** table name → md5 of its rows as ordered JSON. */
export async function snapshotTables(
  handle: DatabaseHandle,
  tables: string[],
): Promise<Record<string, string>> {
  const parts = tables.map(
    (t) =>
      `select '${t}' as name, md5(coalesce((select json_agg(r order by r::text)::text from "${t}" r), '')) as hash`,
  );
  const rows = await selectRows<{ name: string; hash: string }>(
    handle.db,
    sql.raw(parts.join(" union all ")),
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.hash]));
}

/** Names of the tables whose fingerprint differs. */
export function changedTables(
  before: Record<string, string>,
  after: Record<string, string>,
): string[] {
  return Object.keys(before).filter((t) => before[t] !== after[t]);
}
