import { isServerFailure } from "./client";
import type { CallRecord, Op } from "./load";
import { formatBenchRow } from "@harmoniq/db/bench/report";

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export interface OpSummary {
  op: Op | "all";
  calls: number;
  /** 5xx answers and calls with no usable answer. */
  errors: number;
  /** 4xx answers (the traffic is built to cause none). */
  refused: number;
  p50: number;
  p99: number;
}

/** Per operation and overall: calls, errors and latency percentiles of the successful calls. */
export function summarize(records: CallRecord[]): OpSummary[] {
  const byOp = new Map<Op | "all", CallRecord[]>([["all", records]]);
  for (const record of records) {
    byOp.set(record.op, [...(byOp.get(record.op) ?? []), record]);
  }
  return [...byOp.entries()]
    .map(([op, calls]) => {
      const ok = calls.filter((call) => call.outcome.kind === "ok").map((call) => call.ms);
      return {
        op,
        calls: calls.length,
        errors: calls.filter((call) => isServerFailure(call.outcome)).length,
        refused: calls.filter(
          (call) => call.outcome.kind === "refused" && call.outcome.status < 500,
        ).length,
        p50: percentile(ok, 0.5),
        p99: percentile(ok, 0.99),
      };
    })
    .sort((a, b) => (a.op === "all" ? 1 : b.op === "all" ? -1 : b.calls - a.calls));
}

/** A few distinct failure descriptions, for messages and logs. */
export function failureSamples(records: CallRecord[], limit = 8): string[] {
  const seen = new Map<string, number>();
  for (const { op, outcome } of records) {
    if (outcome.kind === "ok") continue;
    const text =
      outcome.kind === "refused"
        ? `${op}: ${outcome.status} ${outcome.code} ${outcome.message}`
        : `${op}: ${outcome.message}`;
    seen.set(text, (seen.get(text) ?? 0) + 1);
  }
  return [...seen.entries()].slice(0, limit).map(([text, n]) => `${n}× ${text}`);
}

/** One machine-readable figure line for the root `pnpm bench` table. */
export function benchLine(
  name: string,
  value: number,
  unit: string,
  target: string | null,
): string {
  return formatBenchRow({ suite: "api", name, value, unit, target });
}
