// One figure of a benchmark, in the form the root `pnpm bench` (scripts/bench.mjs) collects into
// its table. Shared by the db, api and web benchmarks (music imports nothing of ours and
// web.bench.mjs is plain Node: they print the same line themselves).

export interface BenchFigure {
  suite: string;
  name: string;
  value: number;
  unit: string;
  /** The same measure taken in the same run on the thing we compare against. */
  baseline?: number | null;
  baselineName?: string | null;
  /** Default value / baseline; null where the two are not comparable. The name says which way is better. */
  ratio?: number | null;
  target?: string | null;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function formatBenchRow(figure: BenchFigure): string {
  const baseline = figure.baseline ?? null;
  const ratio =
    figure.ratio !== undefined ? figure.ratio : baseline === null ? null : figure.value / baseline;
  return `BENCH ${JSON.stringify({
    suite: figure.suite,
    name: figure.name,
    value: round(figure.value),
    unit: figure.unit,
    baseline: baseline === null ? null : round(baseline),
    baselineName: baseline === null ? null : (figure.baselineName ?? null),
    ratio: ratio === null ? null : round(ratio),
    target: figure.target ?? null,
  })}`;
}

export function printBenchRow(figure: BenchFigure): void {
  console.log(formatBenchRow(figure));
}
