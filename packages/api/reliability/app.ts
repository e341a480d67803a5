import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const apiDir = path.resolve(here, "..");

/** The origin mutations are sent from; the app trusts it (HARMONIQ_BASE_URL). */
export const APP_ORIGIN = "http://harmoniq.test";
const AUTH_SECRET = "reliability-secret-reliability-secret-00";

export interface RunningApp {
  pid: number;
  url: string;
  /** The process's last lines of output (for failure messages). */
  output(): string;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<string>;
  /** SIGTERM (graceful) or SIGKILL, then waits for the exit. */
  stop(signal?: "SIGTERM" | "SIGKILL"): Promise<string>;
}

/** A free TCP port on 127.0.0.1, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts reliability/app-process.ts in its own Node process (node --import tsx, so the pid is
 * the server itself, not a wrapper) and resolves when it prints "ready".
 */
export async function startApp(options: {
  databaseUrl: string;
  dataDir: string;
  port?: number;
  env?: Record<string, string>;
}): Promise<RunningApp> {
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", path.join(here, "app-process.ts")],
    {
      cwd: apiDir,
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        PORT: String(port),
        DATABASE_URL: options.databaseUrl,
        HARMONIQ_DATA_DIR: options.dataDir,
        HARMONIQ_BASE_URL: APP_ORIGIN,
        BETTER_AUTH_SECRET: AUTH_SECRET,
        HARMONIQ_RENDER_WORKERS: "1",
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const lines: string[] = [];
  const remember = (chunk: Buffer) => {
    lines.push(...chunk.toString().split("\n").filter(Boolean));
    if (lines.length > 400) lines.splice(0, lines.length - 400);
  };
  child.stderr!.on("data", remember);
  const exited = new Promise<string>((resolve) =>
    child.once("exit", (code, signal) => resolve(signal ?? `exit ${code}`)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`app did not start:\n${lines.join("\n")}`)),
      90_000,
    );
    child.stdout!.on("data", (chunk: Buffer) => {
      remember(chunk);
      const ready = /^ready (\S+)/m.exec(chunk.toString());
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]!);
      }
    });
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`app exited (${how}) before ready:\n${lines.join("\n")}`));
    });
  });
  return {
    pid: child.pid!,
    url,
    output: () => lines.join("\n"),
    exited,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      const how = await exited;
      clearTimeout(timer);
      return how;
    },
  };
}

/** A process's resident set size in MiB, from /proc (null once it is gone). */
export function rssMiB(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return kib ? Number(kib[1]) / 1024 : null;
  } catch {
    return null;
  }
}
