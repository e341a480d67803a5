import { defineConfig } from "vitest/config";

// PGlite starts in 1.5–5 s (WASM initdb): one migrated template per worker, cloned per file.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    exclude: ["src/**/*.pg.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});
