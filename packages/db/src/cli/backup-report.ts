import path from "node:path";
import type { BackupReport } from "../backup";

const size = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : bytes >= 1024
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${bytes} B`;

/** The lines `db:backup` and `db:restore` print: what, where, how big, how many rows. */
export function formatReport(verb: "Backed up" | "Restored", report: BackupReport): string {
  const kind = report.kind === "pglite" ? "embedded (PGlite) database" : "PostgreSQL database";
  const total = report.counts.reduce((sum, c) => sum + c.rows, 0);
  const width = Math.max(...report.counts.map((c) => c.table.length), 5);
  const lines = [
    verb === "Backed up"
      ? `Backed up the ${kind} ${report.database}`
      : `Restored the ${kind} ${report.database}`,
    `  ${verb === "Backed up" ? "to  " : "from"} ${report.file} (${size(report.bytes)}${report.tool ? `, ${report.tool}` : ""})`,
    `  ${total} rows in ${report.counts.length} tables:`,
    ...report.counts.map((c) => `    ${c.table.padEnd(width)}  ${String(c.rows).padStart(8)}`),
  ];
  if (report.previous)
    lines.push(
      `  The data it replaced is kept in ${report.previous} (delete it when you are sure).`,
    );
  return lines.join("\n");
}

/** A path as the person typed it: relative to where they ran pnpm, not to this package. */
export const fromInvocationDir = (file: string) =>
  // pnpm runs package scripts in the package folder and puts the caller's folder in INIT_CWD.
  path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
