import { defineConfig } from "drizzle-kit";

// `generate` needs no database; `push` and `studio` use DATABASE_URL (local experiments only).
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/index.ts",
  out: "./drizzle",
  casing: "snake_case",
  strict: true,
  dbCredentials: {
    url: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/harmoniq",
  },
});
