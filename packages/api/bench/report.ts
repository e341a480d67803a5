/** One figure of a benchmark, as the root `pnpm bench` (scripts/bench.mjs) collects it. */
export interface BenchRow {
  suite: string;
  name: string;
  value: number;
  unit: string;
  /** The same measure taken in the same run on the thing we compare against. */
  baseline: number | null;
  baselineName: string | null;
  /** value / baseline; the row's name says whether higher or lower is better. */
  ratio: number | null;
  target: string;
}

export function printBenchRow(row: BenchRow): void {
  console.log(`BENCH ${JSON.stringify(row)}`);
}
