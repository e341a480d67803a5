/** Runs one SQL statement and returns its rows, on whichever client is at hand. */
export type QueryRows = (query: string) => Promise<Record<string, unknown>[]>;

export interface TableCount {
  table: string;
  rows: number;
}

/** The schemas a HarmoniQ database keeps its data in: the app's and Drizzle's migration log. */
export const DATA_SCHEMAS = ["public", "drizzle"] as const;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every table of the data schemas, qualified (`public.songs`), in a stable order. */
export async function listTables(query: QueryRows): Promise<string[]> {
  const rows = await query(
    `select table_schema as schema, table_name as name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema in (${DATA_SCHEMAS.map((s) => `'${s}'`).join(", ")})
      order by table_schema, table_name`,
  );
  return rows.map((row) => `${quote(String(row.schema))}.${quote(String(row.name))}`);
}

/** Exact row counts per table, for the backup and restore reports. */
export async function countTableRows(query: QueryRows): Promise<TableCount[]> {
  const counts: TableCount[] = [];
  for (const table of await listTables(query)) {
    const [row] = await query(`select count(*)::int as n from ${table}`);
    counts.push({ table: table.replace(/"/g, ""), rows: Number(row?.n ?? 0) });
  }
  return counts;
}

/**
 * A content hash per table (md5 of every row's text, in a stable order) with its row count:
 * two databases with equal checksums hold the same rows. For restore checks and tests.
 */
export async function tableChecksums(
  query: QueryRows,
): Promise<Record<string, { rows: number; md5: string }>> {
  const result: Record<string, { rows: number; md5: string }> = {};
  for (const table of await listTables(query)) {
    const [row] = await query(
      `select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h
         from ${table} t`,
    );
    result[table.replace(/"/g, "")] = { rows: Number(row?.n ?? 0), md5: String(row?.h) };
  }
  return result;
}
