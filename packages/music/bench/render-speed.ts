/**
 * Render speed (issue 12/13): one 180 s sung song per genre — instruments, effects, mix, master
 * and the voice — rendered in this thread, as CPU time (song length / CPU seconds = "× real time
 * per core"), after a warm-up render (bank loaded, Flite compiled). Each song is rendered twice:
 * the first render decodes the samples of its instruments (once per render worker, which keeps
 * them for every later song), the second is what a serving worker spends on each song from then on.
 * Both are printed; the target is judged on the second.
 *
 * Standalone: `tsx bench/render-speed.ts`. With `--baseline <dir>` (a folder holding another
 * checkout's `src/`, e.g. `git archive <rev> src | tar -x -C <dir>`), the same songs are rendered
 * by both engines alternately, song by song, so before/after ratios come from the same run.
 */
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { compose } from "../src/compose";
import type { Genre, Mood } from "../src/profiles";
import { GENRES } from "../src/profiles";
import { renderSong } from "../src/render";
import { loadBank } from "../src/render/bank";
import type { CompositionRequest } from "../src/types";
import { renderVoice } from "../src/voice";

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
  renderSong: typeof renderSong;
  renderVoice: typeof renderVoice;
  loadBank: typeof loadBank;
}

const thisEngine: Engine = { compose, renderSong, renderVoice, loadBank };

const cpuSec = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** × real time of one sung render of `req` (CPU of this process). */
async function timeOne(e: Engine, req: CompositionRequest, sung: boolean): Promise<number> {
  const c = e.compose(req);
  const vocals = (
    notes: Parameters<typeof renderVoice>[0],
    voice: Parameters<typeof renderVoice>[1]["voice"],
  ) => e.renderVoice(notes, { voice });
  const t0 = cpuSec();
  await e.renderSong(c, sung ? { vocals } : {});
  return req.durationSec! / (cpuSec() - t0);
}

async function warm(e: Engine): Promise<void> {
  e.loadBank();
  await e.renderSong(e.compose(speedRequest("Pop", 20)), {
    vocals: (notes, voice) => e.renderVoice(notes, { voice }),
  });
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
  await warm(thisEngine);
  if (baseline) await warm(baseline);
  const out: SpeedResult[] = [];
  for (const genre of genres) {
    const req = speedRequest(genre);
    const cold = await timeOne(thisEngine, req, true);
    if (baseline) await timeOne(baseline, req, true);
    const base = baseline ? await timeOne(baseline, req, true) : undefined;
    const sung = await timeOne(thisEngine, req, true);
    out.push({ genre, sung, cold, ...(base === undefined ? {} : { baseline: base }) });
  }
  return out;
}

export const medianOf = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function loadBaseline(dir: string): Promise<Engine> {
  const at = (p: string) => pathToFileURL(resolve(dir, p)).href;
  const [cm, rm, bm, vm] = await Promise.all([
    import(at("src/compose.ts")),
    import(at("src/render/index.ts")),
    import(at("src/render/bank.ts")),
    import(at("src/voice/index.ts")),
  ]);
  return {
    compose: cm.compose,
    renderSong: rm.renderSong,
    loadBank: bm.loadBank,
    renderVoice: vm.renderVoice,
  };
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
