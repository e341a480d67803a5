import { parseEnv } from "@harmoniq/db";
import { z } from "zod";

/** Settings of the API server beyond the database and auth ones. */
export const serverEnvSchema = z.object({
  /** Where audio files and the embedded database live (default: .data/ at the workspace root). */
  HARMONIQ_DATA_DIR: z.string().min(1).optional(),
  /** Optional OpenAI-compatible model for lyrics and chat; the embedded writer is the default. */
  HARMONIQ_LLM_BASE_URL: z.url().optional(),
  HARMONIQ_LLM_API_KEY: z.string().optional(),
  HARMONIQ_LLM_MODEL: z.string().min(1).optional(),
  HARMONIQ_LLM_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(8000),
  /** Render workers; default cores − 1. */
  HARMONIQ_RENDER_WORKERS: z.coerce.number().int().min(1).max(32).optional(),
  /**
   * Reverse proxies in front of the app that append the client's address to X-Forwarded-For;
   * per-IP limits key on the address the outermost of them saw.
   */
  HARMONIQ_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  /**
   * How long anonymous public feed answers are shared, in ms (0 turns it off; at most 1 000).
   * See http/anonymous-cache.ts.
   */
  HARMONIQ_ANONYMOUS_CACHE_MS: z.coerce.number().int().min(0).max(1000).default(1000),
  /**
   * How long (ms, max 1000, 0 = off) a signed-in cookie's session, once read, is reused by
   * this process. Sign-out and revocations on this instance apply at once, on others within
   * this time. See packages/auth's session-cache.ts.
   */
  HARMONIQ_SESSION_CACHE_MS: z.coerce.number().int().min(0).max(1000).default(1000),
});
export type ServerEnv = z.infer<typeof serverEnvSchema>;

export function parseServerEnv(env: Record<string, string | undefined>): ServerEnv {
  const parsed = parseEnv(serverEnvSchema, env, "server configuration");
  if (parsed.HARMONIQ_LLM_BASE_URL && !parsed.HARMONIQ_LLM_MODEL) {
    throw new Error(
      "Invalid server configuration: HARMONIQ_LLM_MODEL is required when HARMONIQ_LLM_BASE_URL is set",
    );
  }
  return parsed;
}
