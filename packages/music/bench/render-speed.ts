/**
 * Render speed (issue 12/13): one 180 s sung song per genre — instruments, effects, mix, master
 * and the voice — rendered the way the product renders it: composed here (as the API composes),
 * rendered by a render-pool worker (as every song is), timed as the CPU the process spends on the
 * render (song length / CPU seconds = "× real time per core"; the waiting thread adds ~nothing).
 * The worker renders each genre's song twice: the first render decodes the samples of its
 * instruments (once per worker, which keeps them for every later song), the second is what a
 * serving worker spends on each song from then on. Both are printed; the target is judged on the
 * second. Genres follow one another in the same worker, as a serving worker's songs do.
 *
 * Until 5 Dec 2026 the song was rendered in the bench's own thread, beside the lyric writer's
 * caches (24 MB a palette, which the worker never holds): background GC over that heap cost
 * Country 10–15 % (19.0× in a row of genres against 22.4× alone).
 *
 * Standalone: `tsx bench/render-speed.ts`. With `--baseline <dir>` (a folder holding another
 * checkout's `src/`, e.g. `git archive <rev> src | tar -x -C <dir>`), the same songs are rendered
 * by both engines' pools alternately, song by song, so before/after ratios come from the same run.
 */
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
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

/** × real time of one render of `req` by `pool`'s worker (CPU of this process while it renders). */
async function timeOne(e: Engine, pool: RenderPool, req: CompositionRequest): Promise<number> {
  const c = e.compose(req);
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

export interface SpeedResult {
  genre: Genre;
  /** × real time, sung (voice included), the song's instruments already decoded. */
  sung: number;
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
  const basePool = baseline ? await warmPool(baseline) : undefined;
  const out: SpeedResult[] = [];
  try {
    for (const genre of genres) {
      const req = speedRequest(genre);
      const cold = await timeOne(thisEngine, pool, req);
      if (baseline && basePool) await timeOne(baseline, basePool, req);
      const base = baseline && basePool ? await timeOne(baseline, basePool, req) : undefined;
      const sung = await timeOne(thisEngine, pool, req);
      out.push({ genre, sung, cold, ...(base === undefined ? {} : { baseline: base }) });
    }
  } finally {
    await pool.close();
    await basePool?.close();
  }
  return out;
}

export const medianOf = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function loadBaseline(dir: string): Promise<Engine> {
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
  for (const r of rows)
    console.log(
      `${r.genre.padEnd(10)} ${r.sung.toFixed(1)}× (first render ${r.cold.toFixed(1)}×)` +
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
