/**
 * Render speed for a 60 s stereo song: compose time, render time, real-time factor (audio seconds per
 * CPU second, single thread, median of runs) and pool throughput with 4 concurrent renders — for
 * engine 1 (the oscillator synth stored songs keep) and engine 2 (SoundFont instruments, mix and
 * master; the pool renders engine 2).
 * Every figure is also printed as a `BENCH {...}` line for the root benchmark table.
 * Run: pnpm bench
 */
import { compose as compose2, composeEngine1 as compose } from "../src/compose";
import { renderEngine1Wav as renderWav, renderSong } from "../src/render";
import { createRenderPool } from "../src/render-pool";
import type { Genre, Mood } from "../src/profiles";

const RUNS = 5;
const DURATION = 60;
const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const round = (x: number, digits: number): number => Number(x.toFixed(digits));

interface BenchLine {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  baselineName: string | null;
  ratio: number | null;
  target: string | null;
}
const benchLines: BenchLine[] = [];
const cases: [Mood, Genre][] = [
  ["Hype", "EDM"],
  ["Melancholic", "Classical"],
  ["Chill", "Jazz"],
  ["Confident", "Metal"],
];
const req = (mood: Mood, genre: Genre, seed: number) => ({
  creationMode: "description" as const,
  description: "neon city at night",
  mood,
  genre,
  seed,
  durationSec: DURATION,
});

// Warm-up (wavetables, JIT).
renderWav(compose(req("Happy", "Pop", 0)));

const rows: Record<string, string | number>[] = [];
for (const [mood, genre] of cases) {
  const composeMs: number[] = [];
  const renderMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const c = compose(req(mood, genre, i + 1));
    const t1 = performance.now();
    const cpu0 = process.cpuUsage();
    renderWav(c);
    const cpu = process.cpuUsage(cpu0);
    composeMs.push(t1 - t0);
    renderMs.push((cpu.user + cpu.system) / 1000);
  }
  const r = median(renderMs);
  const rtf = (DURATION * 1000) / r;
  const song = `${mood} ${genre}`;
  benchLines.push(
    {
      name: `compose ${DURATION} s song (${song})`,
      value: round(median(composeMs), 2),
      unit: "ms",
      baseline: null,
      baselineName: null,
      ratio: null,
      target: null,
    },
    {
      name: `render ${DURATION} s song, one core (${song})`,
      value: round(r, 1),
      unit: "ms CPU",
      baseline: null,
      baselineName: null,
      ratio: null,
      target: `< ${(DURATION * 1000) / 40} ms`,
    },
    {
      name: `real-time factor (${song})`,
      value: round(rtf, 1),
      unit: "x",
      baseline: 1,
      baselineName: "real time",
      ratio: round(rtf, 1),
      target: ">= 40x",
    },
  );
  rows.push({
    song: `${mood} ${genre}`,
    "compose ms": median(composeMs).toFixed(1),
    "render CPU ms": r.toFixed(0),
    "× real time": ((DURATION * 1000) / r).toFixed(1),
    "vs 40× target": ((DURATION * 1000) / r / 40).toFixed(2),
  });
}
console.log(
  `\n60 s stereo 44.1 kHz render, one core, median of ${RUNS} runs (target ≥ 40× real time)`,
);
console.table(rows);

// Engine 2, same requests (warm: bank loaded, samples decoded, JIT).
await renderSong(compose2(req("Happy", "Pop", 0)));
const rows2: Record<string, string | number>[] = [];
for (const [mood, genre] of cases) {
  const ms: number[] = [];
  for (let i = 0; i < 3; i++) {
    const c = compose2(req(mood, genre, i + 1));
    const cpu0 = process.cpuUsage();
    await renderSong(c);
    const cpu = process.cpuUsage(cpu0);
    ms.push((cpu.user + cpu.system) / 1000);
  }
  const r = median(ms);
  rows2.push({
    song: `${mood} ${genre}`,
    "render CPU ms": r.toFixed(0),
    "× real time": ((DURATION * 1000) / r).toFixed(1),
  });
  benchLines.push({
    name: `engine 2 real-time factor (${mood} ${genre})`,
    value: round((DURATION * 1000) / r, 1),
    unit: "x",
    baseline: 1,
    baselineName: "real time",
    ratio: round((DURATION * 1000) / r, 1),
    target: ">= 20x",
  });
}
console.log(
  "\nEngine 2 (SoundFont + mix + master), 60 s, one core, median of 3 (target ≥ 20× real time)",
);
console.table(rows2);

const pool = createRenderPool();
const comps = cases.map(([m, g], i) => compose2(req(m, g, 50 + i)));
await pool.render(comps[0]!); // spin up + warm
const wall: number[] = [];
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  await Promise.all(comps.map((c) => pool.render(c)));
  wall.push(performance.now() - t);
}
const w = median(wall);
console.log(
  `\nRender pool (${pool.size} worker${pool.size > 1 ? "s" : ""}), 4 concurrent 60 s renders, median of 3 batches`,
);
console.table([
  {
    "batch wall ms": w.toFixed(0),
    "songs/s": ((4 * 1000) / w).toFixed(2),
    "audio s per wall s": ((4 * DURATION * 1000) / w).toFixed(1),
  },
]);
benchLines.push({
  name: "render pool, 4 concurrent 60 s songs (audio s per wall s)",
  value: round((4 * DURATION * 1000) / w, 1),
  unit: "x",
  baseline: 1,
  baselineName: "real time",
  ratio: round((4 * DURATION * 1000) / w, 1),
  target: null,
});
await pool.close();
console.log("");
for (const line of benchLines) console.log(`BENCH ${JSON.stringify({ suite: "music", ...line })}`);
