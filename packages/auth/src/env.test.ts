import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAuthEnv, resolveAuthSecret, trustedOrigins } from "./env";

describe("auth configuration", () => {
  it("refuses to start in production without a secret", () => {
    const env = parseAuthEnv({ NODE_ENV: "production" });
    expect(() => resolveAuthSecret(env, { dataDir: "/nonexistent" })).toThrow(
      /BETTER_AUTH_SECRET is required in production/,
    );
  });

  it("generates a development secret once, keeps it, and says so", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "hq-auth-"));
    try {
      const said: string[] = [];
      const first = resolveAuthSecret(parseAuthEnv({}), { dataDir, log: (m) => said.push(m) });
      const second = resolveAuthSecret(parseAuthEnv({}), { dataDir, log: (m) => said.push(m) });
      expect(first).toHaveLength(43);
      expect(second).toBe(first);
      expect(readFileSync(path.join(dataDir, "dev-auth-secret"), "utf8")).toBe(first);
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/generated development secret/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("uses a given secret and names bad values", () => {
    expect(
      resolveAuthSecret(parseAuthEnv({ BETTER_AUTH_SECRET: "s".repeat(32) }), { dataDir: "/x" }),
    ).toBe("s".repeat(32));
    expect(() => parseAuthEnv({ BETTER_AUTH_SECRET: "short" })).toThrow(
      /BETTER_AUTH_SECRET must be at least 32 characters/,
    );
    expect(() => parseAuthEnv({ HARMONIQ_BASE_URL: "not a url" })).toThrow(/HARMONIQ_BASE_URL/);
    expect(
      trustedOrigins(
        parseAuthEnv({
          HARMONIQ_BASE_URL: "https://a.example/x",
          HARMONIQ_TRUSTED_ORIGINS: "http://b.example:8080/",
        }),
      ),
    ).toEqual(["https://a.example", "http://b.example:8080"]);
  });
});
