// pnpm --filter @harmoniq/api soak [-- --duration 300 --connections 16]
// Several minutes of mixed traffic against the app in its own process, on a fresh PostgreSQL
// database (created next to SOAK_DATABASE_URL / TEST_DATABASE_URL, default the local server).
import { parseArgs } from "node:util";
import { benchLine } from "./stats";
import { formatSoak, runSoak } from "./soak-run";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    duration: { type: "string", default: "300" },
    connections: { type: "string", default: "16" },
  },
});
const options = {
  adminUrl:
    process.env.SOAK_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    "postgres://postgres@127.0.0.1:5432/postgres",
  durationSec: Number(values.duration),
  connections: Number(values.connections),
  log: (line: string) => console.log(line),
};
if (!(options.durationSec > 0) || !(options.connections > 0)) {
  console.error("--duration and --connections must be positive numbers");
  process.exit(2);
}
const report = await runSoak(options);
console.log(formatSoak(report, options));
const overall = report.summary.find((row) => row.op === "all")!;
const label = `soak ${options.connections} conns`;
console.log(benchLine(`${label}: throughput (mixed ops)`, report.throughput, "req/s", null));
console.log(benchLine(`${label}: p50 (all ops)`, overall.p50, "ms", null));
console.log(benchLine(`${label}: p99 (all ops)`, overall.p99, "ms", null));
console.log(benchLine(`${label}: p99 (all but streamed chat)`, report.p99WithoutChat, "ms", null));
console.log(benchLine(`${label}: errors`, report.errors, "count", "0"));
console.log(
  benchLine(`${label}: RSS floor growth after warm-up`, report.memoryGrowth, "MiB", "flat"),
);
const c = report.consistency;
const consistent =
  c.unsettled.length === 0 &&
  c.counters.length === 0 &&
  c.playlists.length === 0 &&
  c.ledger.length === 0;
process.exit(report.errors === 0 && consistent ? 0 : 1);
