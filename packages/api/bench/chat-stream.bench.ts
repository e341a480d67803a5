// Chat streaming: time to the first streamed word and to the full reply for the embedded
// assistant, then how many concurrent streams one instance serves before the p99 time to
// first word passes 500 ms. In process (callers, no HTTP), on the test database
// (PGlite, or PostgreSQL with TEST_DATABASE_URL). Baseline: the assistant's reply computed
// alone (respond()), so the ratio is what storage and streaming add.
//   pnpm --filter @harmoniq/api exec tsx bench/chat-stream.bench.ts
import { respond } from "@harmoniq/music/assistant";
import { createTestApi } from "../src/testing/api";
import { printBenchRow } from "@harmoniq/db/bench/report";

const PROMPT = "write a chorus about leaving home";
const api = await createTestApi({
  limits: { chatSend: { points: 1_000_000, durationSec: 60, message: "unlimited for the bench" } },
});
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

async function oneStream(
  caller: Awaited<ReturnType<typeof api.user>>["caller"],
  conversationId: string,
) {
  const start = performance.now();
  let first = 0;
  for await (const event of await caller.chat.send({ conversationId, content: PROMPT })) {
    if (event.type === "delta" && first === 0) first = performance.now() - start;
  }
  return { first, full: performance.now() - start };
}

const users = await Promise.all(Array.from({ length: 8 }, () => api.user()));
const conversations = await Promise.all(users.map((u) => u.caller.chat.create()));

// Baseline: the reply itself.
const baseline: number[] = [];
for (let i = 0; i < 50; i++) {
  const start = performance.now();
  respond({ message: PROMPT, history: [], draft: {} });
  baseline.push(performance.now() - start);
}
const single: { first: number; full: number }[] = [];
for (let i = 0; i < 10; i++) single.push(await oneStream(users[0]!.caller, conversations[0]!.id));

const rows = [];
let capacity = 0;
for (const concurrency of [1, 5, 10, 25, 50, 100]) {
  const results = await Promise.all(
    Array.from({ length: concurrency }, (_, i) =>
      oneStream(users[i % users.length]!.caller, conversations[i % users.length]!.id),
    ),
  );
  const p99First = pct(
    results.map((r) => r.first),
    0.99,
  );
  rows.push({
    "concurrent streams": concurrency,
    "first word p50 ms": pct(
      results.map((r) => r.first),
      0.5,
    ).toFixed(1),
    "first word p99 ms": p99First.toFixed(1),
    "full reply p50 ms": pct(
      results.map((r) => r.full),
      0.5,
    ).toFixed(0),
  });
  if (p99First <= 500) capacity = concurrency;
}
console.log(
  `\n@harmoniq/api chat streaming (embedded assistant, ${api.test.kind}, 12 ms between words)`,
);
console.table([
  {
    measure: "reply computed alone (baseline)",
    "median ms": pct(baseline, 0.5).toFixed(2),
  },
  {
    measure: "send → first streamed word",
    "median ms": pct(
      single.map((s) => s.first),
      0.5,
    ).toFixed(1),
  },
  {
    measure: "send → full reply streamed",
    "median ms": pct(
      single.map((s) => s.full),
      0.5,
    ).toFixed(0),
  },
]);
console.table(rows);
const firstWord = pct(
  single.map((s) => s.first),
  0.5,
);
printBenchRow({
  suite: "api",
  name: "chat.send → first streamed word (median)",
  value: firstWord,
  unit: "ms",
  baseline: pct(baseline, 0.5),
  baselineName: "reply computed alone",
  ratio: null,
  target: "reported (no target set)",
});
printBenchRow({
  suite: "api",
  name: "concurrent chat streams with p99 first word ≤ 500 ms",
  value: capacity,
  unit: "streams",
  baseline: null,
  baselineName: null,
  ratio: null,
  target: "levels tried: 1–100",
});
console.log(`streams served with p99 first word ≤ 500 ms: ${capacity} of the levels tried (1–100)`);
await api.close();
process.exit(0);
