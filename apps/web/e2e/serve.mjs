// Starts the production server for the e2e tests: builds first when the build is missing or
// older than the sources, then runs what `pnpm start` runs (server.mjs: Next.js behind the
// entry that answers /api/trpc) on a fresh data directory (fresh PGlite database and audio
// files) that is removed afterwards. E2E_SERVER=next-start runs plain `next start` instead
// (benchmarks print it beside the production entry).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = process.env.E2E_PORT ?? "3200";
const next = path.join(web, "node_modules", ".bin", "next");

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const buildId = path.join(web, ".next", "BUILD_ID");
const sources = [
  path.join(web, "src"),
  path.join(web, "next.config.ts"),
  path.join(web, "security-headers.mjs"),
  ...["api", "auth", "db", "music"].map((p) => path.join(web, "..", "..", "packages", p, "src")),
];
const sourceTime = Math.max(
  ...sources.map((s) =>
    existsSync(s) && statSync(s).isFile() ? statSync(s).mtimeMs : newestMtime(s),
  ),
);
const stale = !existsSync(buildId) || statSync(buildId).mtimeMs < sourceTime;
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

if (stale && process.env.E2E_SKIP_BUILD !== "1") {
  console.log("[e2e] building the app (missing or stale .next)…");
  const built = spawnSync(next, ["build"], { cwd: web, env, stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

// E2E_DATA_DIR: an existing data directory, kept afterwards (a benchmark shares it with a
// second server in its own process).
const keptDataDir = process.env.E2E_DATA_DIR;
const dataDir = keptDataDir ?? mkdtempSync(path.join(os.tmpdir(), "harmoniq-e2e-"));
console.log(`[e2e] data dir ${dataDir}`);
const command =
  process.env.E2E_SERVER === "next-start"
    ? [next, ["start", "-p", port]]
    : [process.execPath, [path.join(web, "server.mjs")]];
const server = spawn(command[0], command[1], {
  cwd: web,
  stdio: "inherit",
  env: {
    ...env,
    PORT: port,
    NODE_ENV: "production",
    HARMONIQ_DATA_DIR: dataDir,
    HARMONIQ_BASE_URL: process.env.HARMONIQ_BASE_URL ?? `http://localhost:${port}`,
    BETTER_AUTH_SECRET:
      process.env.BETTER_AUTH_SECRET ?? "e2e-secret-e2e-secret-e2e-secret-0123456789",
  },
});
const stop = () => {
  server.kill("SIGTERM");
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
server.on("exit", (code) => {
  if (!keptDataDir) rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
