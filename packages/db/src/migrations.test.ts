import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { findMigrationsFolder } from "./client";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const bin = (name: string) => path.join(packageDir, "node_modules", ".bin", name);

describe("migrations", () => {
  const migrationsFolder = findMigrationsFolder();
  const scratch = mkdtempSync(path.join(tmpdir(), "hq-migrations-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("are up to date: regenerating from the schema produces nothing new", () => {
    const out = path.join(scratch, "drizzle");
    cpSync(migrationsFolder, out, { recursive: true });
    const before = readdirSync(out).sort();
    const log = execFileSync(
      bin("drizzle-kit"),
      [
        "generate",
        "--dialect=postgresql",
        "--schema=./src/schema/index.ts",
        // drizzle-kit reads --out relative to the working directory.
        `--out=${path.relative(packageDir, out)}`,
        "--casing=snake_case",
      ],
      { cwd: packageDir, encoding: "utf8" },
    );
    expect(log).toMatch(/No schema changes/);
    expect(readdirSync(out).sort()).toEqual(before);
  });

  it("contain no unsafe operation according to squawk", () => {
    const files = readdirSync(migrationsFolder)
      .filter((file) => file.endsWith(".sql"))
      .map((file) => path.join(migrationsFolder, file));
    expect(files.length).toBeGreaterThan(0);
    // squawk exits non-zero and prints each violation when a migration is unsafe.
    const output = execFileSync(
      bin("squawk"),
      ["--config", path.join(packageDir, ".squawk.toml"), ...files],
      {
        cwd: packageDir,
        encoding: "utf8",
      },
    );
    expect(output).not.toMatch(/warning|error/i);
  });
});
