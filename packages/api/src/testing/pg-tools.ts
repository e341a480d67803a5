// PostgreSQL's server tools for tests that run private clusters (the read-replica tests and the
// reliability suite): where they are, whether this machine can use them, and running one as the
// `postgres` OS user (initdb refuses root).
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const PG_BIN = process.env.HARMONIQ_PG_BIN ?? "/usr/lib/postgresql/15/bin";

/** The tools are installed and we are root, so we can run them as `postgres`. */
export function canRunPgTools(tools: string[]): boolean {
  return (
    tools.every((tool) => existsSync(path.join(PG_BIN, tool))) &&
    existsSync("/usr/sbin/runuser") &&
    process.getuid?.() === 0
  );
}

export function asPostgres(tool: string, args: string[], timeoutMs = 120_000) {
  return run("runuser", ["-u", "postgres", "--", path.join(PG_BIN, tool), ...args], {
    timeout: timeoutMs,
  });
}
