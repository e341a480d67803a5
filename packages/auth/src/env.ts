import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "@harmoniq/db";
import { z } from "zod";

export const authEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** Signs session cookies; at least 32 characters. Required in production. */
  BETTER_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** The public URL of the app, e.g. https://harmoniq.example; origins of mutations must match. */
  HARMONIQ_BASE_URL: z.url().default("http://localhost:3000"),
  /** More origins allowed to call mutations (comma separated), e.g. a second instance. */
  HARMONIQ_TRUSTED_ORIGINS: z.string().optional(),
});
export type AuthEnv = z.infer<typeof authEnvSchema>;

export class AuthConfigError extends Error {
  override name = "AuthConfigError";
}

export function parseAuthEnv(env: Record<string, string | undefined>): AuthEnv {
  return parseEnv(
    authEnvSchema,
    env,
    "auth configuration",
    (message) => new AuthConfigError(message),
  );
}

/**
 * The secret that signs sessions. Production must set BETTER_AUTH_SECRET. In development a
 * random secret is generated once and kept in the data directory, so sessions survive restarts
 * and every local instance agrees; the log says so.
 */
export function resolveAuthSecret(
  env: AuthEnv,
  options: { dataDir: string; log?: (message: string) => void },
): string {
  if (env.BETTER_AUTH_SECRET) return env.BETTER_AUTH_SECRET;
  if (env.NODE_ENV === "production") {
    throw new AuthConfigError(
      "BETTER_AUTH_SECRET is required in production: set it to a random string of at least 32 characters (e.g. `openssl rand -base64 32`).",
    );
  }
  const file = path.join(options.dataDir, "dev-auth-secret");
  if (existsSync(file)) {
    const saved = readFileSync(file, "utf8").trim();
    if (saved.length >= 32) return saved;
  }
  const secret = randomBytes(32).toString("base64url");
  mkdirSync(options.dataDir, { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  (options.log ?? console.warn)(
    `[auth] BETTER_AUTH_SECRET is not set: using a generated development secret saved in ${file}. Set BETTER_AUTH_SECRET in production.`,
  );
  return secret;
}

export function trustedOrigins(env: AuthEnv): string[] {
  const extra = (env.HARMONIQ_TRUSTED_ORIGINS ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
  return [new URL(env.HARMONIQ_BASE_URL).origin, ...extra.map((origin) => new URL(origin).origin)];
}
