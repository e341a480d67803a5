/**
 * Render speed (issue 12/13): one 180 s sung song per genre — instruments, effects, mix, master
 * and the voice — rendered the way the product renders it: composed here (as the API composes),
 * rendered by a render-pool worker (as every song is), timed as the CPU the process spends on the
 * render (song length / CPU seconds = "× real time per core"). The process's CPU counts every
 * thread, V8's background GC threads too, so this thread's heap is collected first (while it waits
 * it allocates little) and the sound bench, whose heap holds gigabytes, runs this in a fresh
 * process. The worker's work is what users wait for: the song rendered section by section, its WAV
 * and its waveform peaks. The worker renders each genre's song four times: the first render
 * decodes the samples of its instruments (once per worker, which keeps them for every later song);
 * the next three are what a serving worker spends on each song from then on. The target is judged
 * on their median; the first is printed beside it. Genres follow one another in the same worker,
 * as a serving worker's songs do.
 *
 * Before commit b82eb9a the song was rendered in the bench's own thread, beside the lyric writer's
 * caches (24 MB a palette, which the worker never holds): background GC over that heap cost
 * Country 10–15 % (19.0× in a row of genres against 22.4× alone).
 *
 * Standalone: `tsx bench/render-speed.ts`. With `--baseline <dir>` (a folder holding another
 * checkout's `src/`, e.g. `git archive <rev> src | tar -x -C <dir>`; its `node_modules` is linked to
 * this package's when missing, for its worker's tsx), the same songs are rendered by both engines'
 * pools alternately, song by song, so before/after ratios come from the same run.
 */
import { execFileSync } from "node:child_process";
import { existsSync, symlinkSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { compose } from "../src/compose";
import type { Genre, Mood } from "../src/profiles";
import { GENRES } from "../src/profiles";
import { createRenderPool, type RenderPool } from "../src/render-pool";
import type { CompositionRequest } from "../src/types";

/** The mood each genre's speed song is made with (the sound bench's 180 s set). */
export const SPEED_MOODS: Record<Genre, Mood> = {
  Pop: "Happy",
  Rock: "Motivational",
  "Hip-Hop": "Confident",
  Jazz: "Chill",
  Classical: "Melancholic",
  EDM: "Hype",
  Country: "Happy",
  "R&B": "Romantic",
  Metal: "Hype",
};

export const speedRequest = (genre: Genre, durationSec = 180): CompositionRequest => ({
  creationMode: "description",
  description: "city lights after midnight",
  mood: SPEED_MOODS[genre],
  genre,
  seed: 9100 + GENRES.indexOf(genre),
  durationSec,
});

interface Engine {
  compose: typeof compose;
  createRenderPool: typeof createRenderPool;
}

const thisEngine: Engine = { compose, createRenderPool };

const cpuSec = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

// A full collection of this thread's heap on demand, without a command-line flag.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

/** × real time of one render of `req` by `pool`'s worker (CPU of this process while it renders). */
async function timeOne(e: Engine, pool: RenderPool, req: CompositionRequest): Promise<number> {
  const c = e.compose(req);
  collectGarbage();
  const t0 = cpuSec();
  await pool.render(c);
  return req.durationSec! / (cpuSec() - t0);
}

/** A pool of one worker, warmed up (bank loaded, Flite compiled) on a short sung song. */
async function warmPool(e: Engine): Promise<RenderPool> {
  const pool = e.createRenderPool({ size: 1, jobTimeoutMs: 600_000 });
  await pool.render(e.compose(speedRequest("Pop", 20)));
  return pool;
}

/**
 * Warm renders per song. One render's CPU time swings ±7 % run to run on this machine (the same
 * Country song in one worker: 18.8, 21.3, 21.6, 20.8×), so the figure is the median of three.
 */
const WARM_RENDERS = 3;

export interface SpeedResult {
  genre: Genre;
  /** × real time, sung (voice included), the song's instruments already decoded: the median. */
  sung: number;
  /** The slowest and fastest of those renders. */
  sungRange: [number, number];
  /** × real time of the first render of the song (its samples decoded in it). */
  cold: number;
  /** × real time of the baseline engine on the same request, when one is given. */
  baseline?: number;
}

/** One sung 180 s song per genre; with a baseline engine, each song by both, alternately. */
export async function measureRenderSpeed(
  genres: readonly Genre[] = GENRES,
  baseline?: Engine,
): Promise<SpeedResult[]> {
  const pool = await warmPool(thisEngine);
  const base = baseline ? { engine: baseline, pool: await warmPool(baseline) } : undefined;
  const out: SpeedResult[] = [];
  try {
    for (const genre of genres) {
      const req = speedRequest(genre);
      const cold = await timeOne(thisEngine, pool, req);
      if (base) await timeOne(base.engine, base.pool, req);
      const warm: number[] = [];
      const baseWarm: number[] = [];
      for (let k = 0; k < WARM_RENDERS; k++) {
        if (base) baseWarm.push(await timeOne(base.engine, base.pool, req));
        warm.push(await timeOne(thisEngine, pool, req));
      }
      out.push({
        genre,
        sung: medianOf(warm),
        sungRange: [Math.min(...warm), Math.max(...warm)],
        cold,
        ...(base ? { baseline: medianOf(baseWarm) } : {}),
      });
    }
  } finally {
    await pool.close();
    await base?.pool.close();
  }
  return out;
}

/**
 * The same, in a fresh process (as a server starts): run from a process that holds much (the sound
 * bench keeps gigabytes of results), the render's CPU also counted V8's background threads
 * collecting that process's heap — Country read 16.9× there against 22.5× standalone.
 */
export function measureRenderSpeedInFreshProcess(genres: readonly Genre[] = GENRES): SpeedResult[] {
  const here = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, ["--import", "tsx", here, "--json"], {
    cwd: resolve(dirname(here), ".."),
    env: { ...process.env, BENCH_SPEED_GENRES: genres.join(",") },
    encoding: "utf8",
    maxBuffer: 16 << 20,
  });
  const line = out.split("\n").find((l) => l.startsWith(JSON_PREFIX));
  if (!line) throw new Error(`render-speed printed no result:\n${out.slice(-2000)}`);
  return JSON.parse(line.slice(JSON_PREFIX.length)) as SpeedResult[];
}

const JSON_PREFIX = "SPEED_JSON ";

export const medianOf = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function loadBaseline(dir: string): Promise<Engine> {
  // Its pool starts workers through tsx found next to its src/ (see render-pool.ts).
  const modules = resolve(dir, "node_modules");
  if (!existsSync(modules))
    symlinkSync(resolve(dirname(fileURLToPath(import.meta.url)), "..", "node_modules"), modules);
  const at = (p: string) => pathToFileURL(resolve(dir, p)).href;
  const [cm, pm] = await Promise.all([
    import(at("src/compose.ts")),
    import(at("src/render-pool.ts")),
  ]);
  return { compose: cm.compose, createRenderPool: pm.createRenderPool };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const i = process.argv.indexOf("--baseline");
  const baseline = i > 0 ? await loadBaseline(process.argv[i + 1]!) : undefined;
  const only = process.env.BENCH_SPEED_GENRES?.split(",") as Genre[] | undefined;
  const rows = await measureRenderSpeed(only ?? GENRES, baseline);
  if (process.argv.includes("--json")) console.log(JSON_PREFIX + JSON.stringify(rows));
  for (const r of rows)
    console.log(
      `${r.genre.padEnd(10)} ${r.sung.toFixed(1)}× (${r.sungRange.map((x) => x.toFixed(1)).join("–")}; first render ${r.cold.toFixed(1)}×)` +
        (r.baseline
          ? `  baseline ${r.baseline.toFixed(1)}×  ratio ${(r.sung / r.baseline).toFixed(2)}`
          : ""),
    );
  const sung = rows.map((r) => r.sung);
  console.log(
    `median ${medianOf(sung).toFixed(1)}× (min ${Math.min(...sung).toFixed(1)}×; first renders: median ${medianOf(rows.map((r) => r.cold)).toFixed(1)}×)` +
      (baseline
        ? `; baseline median ${medianOf(rows.map((r) => r.baseline!)).toFixed(1)}×; median ratio ${medianOf(rows.map((r) => r.sung / r.baseline!)).toFixed(2)}`
        : ""),
  );
}
