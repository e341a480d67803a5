import { spawn } from "node:child_process";
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { BackupError } from "./errors";
import { countTableRows, type TableCount } from "./table-counts";

export interface PgToolOptions {
  /** Folder of pg_dump / pg_restore; from PATH when absent. */
  binDir?: string;
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/**
 * The connection for the client tools: the URL without its password (command lines are
 * visible to other users of the machine), and the password in PGPASSWORD.
 */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  return { dbname: parsed.toString(), env: password ? { PGPASSWORD: password } : {} };
}

async function withClient<T>(url: string, use: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    return await use(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const counts = (url: string) =>
  withClient(url, (sql) => countTableRows(async (query) => [...(await sql.unsafe(query))]));

/** The major version of the server behind `url` (15 for 15.4). */
export const serverMajorVersion = (url: string) =>
  withClient(url, async (sql) => {
    const [row] = await sql`show server_version_num`;
    return Math.floor(Number(row!.server_version_num) / 10000);
  });

/**
 * Finds a pg_dump / pg_restore at least as new as the server: an older one refuses to dump
 * a newer server, and fails in ways that are hard to read.
 */
export async function checkPgTool(
  tool: "pg_dump" | "pg_restore",
  url: string,
  options: PgToolOptions = {},
): Promise<{ command: string; version: string }> {
  const command = options.binDir ? path.join(options.binDir, tool) : tool;
  let result: RunResult;
  try {
    result = await run(command, ["--version"]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new BackupError(
        `${tool} was not found${options.binDir ? ` in ${options.binDir}` : " on PATH"}. Install the ` +
          `PostgreSQL client tools of your server's major version (e.g. apt-get install postgresql-client), ` +
          `or set HARMONIQ_PG_BIN_DIR to the folder that has them.`,
      );
    throw error;
  }
  const match = /(\d+)(?:\.(\d+))?/.exec(result.stdout);
  if (result.code !== 0 || !match)
    throw new BackupError(`${command} --version failed: ${result.stderr.trim() || result.stdout}`);
  const toolMajor = Number(match[1]);
  const serverMajor = await serverMajorVersion(url);
  if (toolMajor < serverMajor)
    throw new BackupError(
      `${tool} ${match[0]} is older than the PostgreSQL ${serverMajor} server it would talk to. ` +
        `Install the ${serverMajor} (or newer) client tools, or set HARMONIQ_PG_BIN_DIR to them.`,
    );
  return { command, version: match[0] };
}

/** `pg_dump -Fc` of the whole database into `file` (written beside it first, then renamed). */
export async function backupPostgres(
  url: string,
  file: string,
  options: PgToolOptions = {},
): Promise<{ counts: TableCount[]; tool: string }> {
  const { command, version } = await checkPgTool("pg_dump", url, options);
  const { dbname, env } = connection(url);
  const partial = `${file}.partial`;
  const tableCounts = await counts(url);
  const result = await run(
    command,
    ["--format=custom", "--no-password", `--file=${partial}`, `--dbname=${dbname}`],
    env,
  );
  if (result.code !== 0) {
    await rm(partial, { force: true });
    throw new BackupError(`pg_dump failed: ${result.stderr.trim()}`);
  }
  await rename(partial, file);
  return { counts: tableCounts, tool: `pg_dump ${version}` };
}

/**
 * Restores a `pg_dump -Fc` file into the database in one transaction: the objects in the dump
 * are dropped if they exist and recreated, and any error rolls the whole restore back.
 * Objects are owned by the restoring role (`--no-owner`), so a dump restores on another server.
 */
export async function restorePostgres(
  url: string,
  file: string,
  options: PgToolOptions = {},
): Promise<{ counts: TableCount[]; tool: string }> {
  const { command, version } = await checkPgTool("pg_restore", url, options);
  const { dbname, env } = connection(url);
  const result = await run(
    command,
    [
      "--clean",
      "--if-exists",
      "--single-transaction",
      "--no-owner",
      "--no-password",
      `--dbname=${dbname}`,
      file,
    ],
    env,
  );
  if (result.code !== 0)
    throw new BackupError(
      `pg_restore failed, and the database was left as it was: ${result.stderr.trim()}`,
    );
  return { counts: await counts(url), tool: `pg_restore ${version}` };
}
