#!/usr/bin/env node
// `pnpm bench`: runs every package's benchmark one after another (they share two cores, so
// never in parallel), passes their output through, and collects the `BENCH {json}` lines they
// print into one table: each figure beside the baseline measured in the same run, and the ratio.
// The table is printed at the end and written to .data/bench/latest.md.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const filters = process.argv.slice(2).filter((a) => a !== "--");
const args = [
  "exec",
  "turbo",
  "run",
  "bench",
  "--concurrency=1",
  "--continue",
  "--output-logs=full",
];
for (const f of filters) args.push(`--filter=${f}`);

const rows = [];
const child = spawn("pnpm", args, { cwd: root, stdio: ["inherit", "pipe", "inherit"] });
let pending = "";
child.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  pending += chunk.toString("utf8");
  const lines = pending.split("\n");
  pending = lines.pop() ?? "";
  for (const line of lines) collect(line);
});
const code = await new Promise((resolve) => child.on("close", resolve));
collect(pending);

function collect(line) {
  const match = /BENCH (\{.*\})\s*$/.exec(line);
  if (!match) return;
  try {
    rows.push(JSON.parse(match[1]));
  } catch {
    console.warn(`[bench] unreadable result line: ${line}`);
  }
}

const fmt = (n) =>
  n === null || n === undefined ? "—" : Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2);
const header = ["suite", "measure", "value", "baseline", "ratio", "target"];
const body = rows.map((r) => [
  r.suite,
  r.name,
  `${fmt(r.value)} ${r.unit ?? ""}`.trim(),
  r.baseline === null || r.baseline === undefined
    ? "—"
    : `${fmt(r.baseline)} ${r.unit ?? ""} (${r.baselineName ?? "baseline"})`,
  r.ratio === null || r.ratio === undefined ? "—" : `${r.ratio.toFixed(2)}×`,
  r.target ?? "",
]);
const table = [header, header.map(() => "---"), ...body]
  .map((c) => `| ${c.join(" | ")} |`)
  .join("\n");
const when = new Date().toISOString();
const report = `# HarmoniQ benchmarks — ${when}\n\n${table}\n`;
console.log(`\n${report}`);
const out = path.join(root, ".data", "bench");
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, "latest.md"), report);
console.log(`(${rows.length} figures; written to .data/bench/latest.md)`);
process.exit(code === 0 ? 0 : 1);
