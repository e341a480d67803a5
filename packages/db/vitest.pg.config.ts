import { defineConfig } from "vitest/config";

// The same suite on PostgreSQL (TEST_DATABASE_URL), plus the concurrency tests that only a real
// server can run (PGlite serializes queries).
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});
