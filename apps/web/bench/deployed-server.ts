/**
 * The server users run, for benchmarks: the production build started through e2e/serve.mjs
 * (`pnpm start`'s server.mjs, or plain `next start` for "before" rows), and a signed-in visitor.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface DeployedServer {
  base: string;
  stop: () => Promise<void>;
}

/** Starts the production build on `port` and waits (up to 10 min: it builds when stale). */
export async function startDeployedServer(
  port: number,
  kind: "pnpm-start" | "next-start",
  env: Record<string, string>,
): Promise<DeployedServer> {
  const base = `http://localhost:${port}`;
  const child = spawn("node", [path.join(web, "e2e", "serve.mjs")], {
    cwd: web,
    env: {
      ...process.env,
      ...env,
      E2E_PORT: String(port),
      E2E_SERVER: kind,
      HARMONIQ_BASE_URL: base,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((done) => child.once("exit", done));
    child.kill("SIGTERM");
    await exited;
  };
  for (let i = 0; ; i++) {
    if (i > 1200) {
      await stop();
      throw new Error(`${kind} did not start within 10 minutes`);
    }
    const up = await fetch(`${base}/sign-in`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return { base, stop };
}

/** A signed-in visitor's cookie, through the sign-up form's endpoint. */
export async function signUp(base: string): Promise<string> {
  const handle = `bench_${randomBytes(4).toString("hex")}`;
  const res = await fetch(`${base}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({
      name: "Bench",
      email: `${handle}@example.test`,
      password: "bench-password-123",
      handle,
    }),
  });
  if (!res.ok) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}
