/**
 * The sound benchmark (issue 12, "engine 2"): renders every mood × genre pair with two seeds at
 * 60 s and one song per genre at 180 s, measures them with ffmpeg/aubio when installed (else the
 * engine's own meter and onset detector), and prints each figure beside its target and, where it
 * means something, engine 1's figure measured in the same run. `BENCH {...}` lines feed the root
 * benchmark table.
 *
 * Run: pnpm bench (or `BENCH_SOUND_QUICK=1 tsx bench/sound.bench.ts` for an 18 + 3 song sample).
 * Samples: BENCH_SOUND_MOODS=n (n moods per genre), BENCH_SOUND_GENRES=Jazz,EDM (only those
 * genres), BENCH_SOUND_SPEED=0 (skip the render-speed and first-audio figures).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compose, composeEngine1 } from "../src/compose";
import { GENRES, MOODS } from "../src/profiles";
import type { Genre, Mood } from "../src/profiles";
import { renderEngine1Wav } from "../src/render";
import { loadBank } from "../src/render/bank";
import { createRenderPool } from "../src/render-pool";
import { measureRenderSpeedInFreshProcess, medianOf } from "./render-speed";
import { estimateKey, keyMatches } from "../src/test-utils";
import type { CompositionRequest, Engine2Composition } from "../src/types";
import {
  HAS_AUBIO,
  HAS_FFMPEG,
  aubioTempo,
  clipped,
  decode,
  energyBelow,
  loudness,
  onsetPattern,
  onsets,
  pearson,
  sectionShortTerm,
  shortTermOf,
  stemLoudness,
  stereo,
  tempoMatches,
  twinShare,
} from "./sound-metrics";

const QUICK = process.env.BENCH_SOUND_QUICK === "1";
/** BENCH_SOUND_MOODS=n: only the first n moods of every genre (a sample of the full 72 pairs). */
const MOOD_LIMIT = Number(process.env.BENCH_SOUND_MOODS ?? MOODS.length);
/** BENCH_SOUND_GENRES=a,b: only these genres (to re-measure the genres a change touched). */
const GENRE_FILTER = process.env.BENCH_SOUND_GENRES?.split(",").map((g) => g.trim());
for (const g of GENRE_FILTER ?? [])
  if (!(GENRES as readonly string[]).includes(g))
    throw new Error(`BENCH_SOUND_GENRES: unknown genre "${g}" (one of ${GENRES.join(", ")})`);
const inFilter = (g: Genre): boolean => !GENRE_FILTER || GENRE_FILTER.includes(g);
const SPEED = process.env.BENCH_SOUND_SPEED !== "0";
const DESCRIPTION = "city lights after midnight";
const dir = mkdtempSync(join(tmpdir(), "hq-sound-bench-"));
const median = (xs: number[]): number => {
  const s = [...xs].filter(Number.isFinite).sort((a, b) => a - b);
  return s.length
    ? s.length % 2
      ? s[(s.length - 1) / 2]!
      : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
    : NaN;
};
const pct = (x: number): string => `${(100 * x).toFixed(0)} %`;
const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : String(x));
const f2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : String(x));

interface BenchLine {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  baselineName: string | null;
  ratio: number | null;
  target: string | null;
}
const lines: BenchLine[] = [];
const rows: { figure: string; engine2: string; target: string; engine1: string; pass: string }[] =
  [];
function report(
  figure: string,
  value: number,
  shown: string,
  target: string,
  pass: boolean,
  engine1: string,
  unit: string,
  e1?: number,
): void {
  rows.push({ figure, engine2: shown, target, engine1, pass: pass ? "yes" : "MISS" });
  lines.push({
    name: figure,
    value: Number(value.toFixed(3)),
    unit,
    baseline: e1 === undefined || !Number.isFinite(e1) ? null : Number(e1.toFixed(3)),
    baselineName: e1 === undefined ? null : "engine 1",
    ratio: null,
    target,
  });
}

const req = (mood: Mood, genre: Genre, seed: number, durationSec: number): CompositionRequest => ({
  creationMode: "description",
  description: DESCRIPTION,
  mood,
  genre,
  seed,
  durationSec,
});

// ---- the song sets ---------------------------------------------------------------------------
const shortSet: { mood: Mood; genre: Genre; seed: number }[] = (
  QUICK
    ? GENRES.flatMap((genre, g) =>
        [0, 1].map((s) => ({
          mood: MOODS[(g * 3) % MOODS.length]!,
          genre,
          seed: 7000 + g * 2 + s,
        })),
      )
    : MOODS.flatMap((mood, m) =>
        GENRES.flatMap((genre, g) =>
          // The sample takes a different pair of moods per genre, so every mood is heard.
          MOOD_LIMIT < MOODS.length &&
          (m - g * MOOD_LIMIT + 64 * MOODS.length) % MOODS.length >= MOOD_LIMIT
            ? []
            : [0, 1].map((s) => ({ mood, genre, seed: 5000 + 2 * (m * GENRES.length + g) + s })),
        ),
      )
).filter((x) => inFilter(x.genre));
const longSet: { mood: Mood; genre: Genre; seed: number }[] = (
  QUICK ? (["Rock", "EDM", "Classical"] as Genre[]) : GENRES
)
  .map((genre, g) => ({
    mood:
      (
        [
          "Happy",
          "Motivational",
          "Confident",
          "Chill",
          "Melancholic",
          "Hype",
          "Happy",
          "Romantic",
          "Hype",
        ] as Mood[]
      )[GENRES.indexOf(genre)] ?? MOODS[g]!,
    genre,
    seed: 9100 + g,
  }))
  .filter((x) => inFilter(x.genre));

console.log(
  `\nSound benchmark: ${shortSet.length} songs × 60 s, ${longSet.length} songs × 180 s. Loudness: ${HAS_FFMPEG ? "ffmpeg ebur128" : "engine meter (ffmpeg not installed)"}; tempo/onsets: ${HAS_AUBIO ? "aubio" : "spectral flux (aubio not installed; tempo not measured)"}.`,
);

const pool = createRenderPool({ size: 2, jobTimeoutMs: 600_000 });
const t0 = performance.now();

interface Measured {
  genre: Genre;
  mood: Mood;
  seed: number;
  c: Engine2Composition;
  lufs: number;
  tp: number;
  clipped: number;
  corr: number;
  sideMidDb: number;
  chorusLifts: number[];
  finalOverFirst: number | null;
  tempoOk: boolean | null;
  keyOk: boolean;
  pattern: number[];
  file: string;
}

/** Choruses under 2 LU above their verse, named, to find which genres and sections miss. */
const liftMisses: string[] = [];
function measure(
  c: Engine2Composition,
  wav: Uint8Array,
  tag: string,
): Omit<Measured, "genre" | "mood" | "seed"> {
  const file = join(dir, `${tag}.wav`);
  writeFileSync(file, wav);
  const s = decode(wav);
  const l = loudness(file, s);
  const st = stereo(s);
  const short = shortTermOf(s);
  const lifts: number[] = [];
  let firstChorus: number | null = null;
  let lastChorus: number | null = null;
  c.sections.forEach((sec, i) => {
    if (sec.kind !== "chorus") return;
    const ch = sectionShortTerm(short, sec.startSec, sec.endSec);
    if (firstChorus === null) firstChorus = ch;
    lastChorus = ch;
    const verse = [...c.sections.slice(0, i)].reverse().find((x) => x.kind === "verse");
    if (!verse) return;
    const lift = ch - sectionShortTerm(short, verse.startSec, verse.endSec);
    lifts.push(lift);
    if (lift < 2) liftMisses.push(`${tag} ${sec.label} (${sec.bars} bars) +${f1(lift)} LU`);
  });
  const tempo = aubioTempo(file);
  return {
    c,
    lufs: l.lufs,
    tp: l.tp,
    clipped: clipped(wav),
    corr: st.corr,
    sideMidDb: st.sideMidDb,
    chorusLifts: lifts,
    finalOverFirst:
      firstChorus !== null &&
      lastChorus !== null &&
      c.sections.filter((x) => x.kind === "chorus").length > 1
        ? lastChorus - firstChorus
        : null,
    tempoOk: tempo === null ? null : tempoMatches(tempo, c.tempo),
    keyOk: keyMatches(estimateKey(wav), c.key),
    pattern: onsetPattern(onsets(file, s), c.tempo),
    file,
  };
}

// ---- 60 s songs, every pair × 2 seeds ---------------------------------------------------------
const short: Measured[] = [];
await Promise.all(
  shortSet.map(async (x) => {
    const c = compose(req(x.mood, x.genre, x.seed, 60));
    const r = await pool.render(c);
    short.push({
      ...x,
      ...measure(c, r.wav, `s-${x.genre}-${x.mood}-${x.seed}`.replace(/[^A-Za-z0-9-]/g, "")),
    });
  }),
);
const tShort = performance.now();

// ---- 180 s songs, one per genre, with stems -----------------------------------------------------
const long: (Measured & {
  twins: number;
  leadOverRest: number;
  topOverRest: number;
  sung: boolean;
  drumsOverRest: number;
  lowShare: number;
})[] = [];
for (const x of longSet) {
  const c = compose(req(x.mood, x.genre, x.seed, 180));
  const r = await pool.renderStems(c);
  const m = measure(c, r.wav, `l-${x.genre}-${x.seed}`.replace(/[^A-Za-z0-9-]/g, ""));
  const stems = Object.fromEntries(r.stems.map((s) => [s.name, decode(s.wav)]));
  const lead = stemLoudness(stems.lead!);
  const drums = stems.drums ? stemLoudness(stems.drums) : -Infinity;
  const sum = (names: string[]) => {
    const n = stems.lead!.left.length;
    const l = new Float32Array(n);
    const rr = new Float32Array(n);
    for (const name of names) {
      const st = stems[name];
      if (!st) continue;
      for (let i = 0; i < n; i++) {
        l[i] = l[i]! + st.left[i]!;
        rr[i] = rr[i]! + st.right[i]!;
      }
    }
    return { left: l, right: rr };
  };
  long.push({
    ...x,
    ...m,
    twins: twinShare(decode(r.wav), c.tempo),
    // The lead instrument alone against the band (the first definition; under a singer it is
    // ducked 7 dB, so it measures the instrument's step back, not the balance).
    leadOverRest: lead - stemLoudness(sum(["drums", "bass", "harmony"])),
    // What is on top: the lead with the voice when the song is sung (the issue's "lead (and
    // later the voice)"), the lead alone for instrumentals.
    topOverRest:
      stemLoudness(sum(["lead", "vocals"])) - stemLoudness(sum(["drums", "bass", "harmony"])),
    sung: Boolean(stems.vocals),
    drumsOverRest: drums - stemLoudness(sum(["bass", "harmony", "lead"])),
    lowShare: energyBelow(decode(r.wav), 124),
  });
}
const tLong = performance.now();

// ---- engine 1 baseline (same requests, a sample) --------------------------------------------
const e1Short = shortSet
  .filter((_, i) => i % (QUICK ? 1 : 8) === 0)
  .map((x) => {
    const c = composeEngine1(req(x.mood, x.genre, x.seed, 60));
    const wav = renderEngine1Wav(c);
    const file = join(dir, `e1-${x.genre}-${x.seed}.wav`.replace(/[^A-Za-z0-9.-]/g, ""));
    writeFileSync(file, wav);
    const s = decode(wav);
    const tempo = aubioTempo(file);
    return {
      ...x,
      lufs: loudness(file, s).lufs,
      tp: loudness(file, s).tp,
      corr: stereo(s).corr,
      tempoOk: tempo === null ? null : tempoMatches(tempo, c.tempo),
      pattern: onsetPattern(onsets(file, s), c.tempo),
      clipped: clipped(wav),
    };
  });
const e1Long = longSet.map((x) => {
  const c = composeEngine1(req(x.mood, x.genre, x.seed, 180));
  const wav = renderEngine1Wav(c);
  return { genre: x.genre, twins: twinShare(decode(wav), c.tempo) };
});

// ---- figures -------------------------------------------------------------------------------
const all = [...short, ...long];
const lufsOk = all.filter((m) => Math.abs(m.lufs + 14) <= 1).length;
report(
  "renders within -14 ± 1 LUFS integrated",
  lufsOk / all.length,
  `${lufsOk}/${all.length} (range ${f1(Math.min(...all.map((m) => m.lufs)))} … ${f1(Math.max(...all.map((m) => m.lufs)))})`,
  "all",
  lufsOk === all.length,
  `range ${f1(Math.min(...e1Short.map((m) => m.lufs)))} … ${f1(Math.max(...e1Short.map((m) => m.lufs)))}`,
  "share",
);
const tpOk = all.filter((m) => m.tp <= -1.0).length;
report(
  "true peak ≤ -1.0 dBTP",
  tpOk / all.length,
  `${tpOk}/${all.length} (max ${f2(Math.max(...all.map((m) => m.tp)))} dBTP)`,
  "all",
  tpOk === all.length,
  `${e1Short.filter((m) => m.tp > 0).length}/${e1Short.length} above 0 dBTP`,
  "share",
);
const clips = all.reduce((n, m) => n + m.clipped, 0);
report(
  "clipped samples",
  clips,
  String(clips),
  "0",
  clips === 0,
  String(e1Short.reduce((n, m) => n + m.clipped, 0)),
  "samples",
);
const benchGenres = GENRES.filter(inFilter);
const genreCorr = benchGenres.map((g) => ({
  g,
  corr: median(all.filter((m) => m.genre === g).map((m) => m.corr)),
  side: median(all.filter((m) => m.genre === g).map((m) => m.sideMidDb)),
}));
const corrOk = genreCorr.filter((x) => x.corr >= 0.3 && x.corr <= 0.85 && x.side >= -15).length;
report(
  "genres whose median L/R correlation is 0.3–0.85 (side/mid ≥ -15 dB)",
  corrOk / benchGenres.length,
  `${corrOk}/${benchGenres.length} (${genreCorr.map((x) => `${x.g} ${f2(x.corr)}/${f1(x.side)} dB`).join(", ")})`,
  "all genres",
  corrOk === benchGenres.length,
  `median ${f2(median(e1Short.map((m) => m.corr)))}`,
  "share",
  median(e1Short.map((m) => m.corr)),
);
const lifts = all.flatMap((m) => m.chorusLifts);
const liftOk = lifts.filter((x) => x >= 2).length;
report(
  "choruses ≥ 2 LU (short-term) above the verse before",
  liftOk / lifts.length,
  `${liftOk}/${lifts.length} (median +${f1(median(lifts))} LU)`,
  "all",
  liftOk === lifts.length,
  "+0.5 dB (issue)",
  "share",
);
const finals = all.map((m) => m.finalOverFirst).filter((x): x is number => x !== null);
const finalOk = finals.filter((x) => x >= 0).length;
report(
  "final chorus ≥ first chorus",
  finalOk / Math.max(1, finals.length),
  `${finalOk}/${finals.length} (median +${f1(median(finals))} LU)`,
  "all",
  finalOk === finals.length,
  "—",
  "share",
);
const twins = long.map((m) => m.twins);
const twinOk = twins.filter((x) => x <= 0.25).length;
report(
  "180 s songs: 2-bar chunks with a near-identical twin (corr > 0.95)",
  median(twins),
  `median ${pct(median(twins))}, ${twinOk}/${twins.length} songs ≤ 25 % (${long.map((m) => `${m.genre} ${pct(m.twins)}`).join(", ")})`,
  "≤ 25 %",
  twinOk === twins.length,
  `median ${pct(median(e1Long.map((m) => m.twins)))}`,
  "share",
  median(e1Long.map((m) => m.twins)),
);
// Seeds: the pairs of the 60 s set share mood, genre and description.
const pairs: number[] = [];
const pairMisses: string[] = [];
for (let i = 0; i + 1 < shortSet.length; i += 2) {
  const a = short.find((m) => m.seed === shortSet[i]!.seed);
  const b = short.find((m) => m.seed === shortSet[i + 1]!.seed);
  if (!a || !b || a.genre !== b.genre || a.mood !== b.mood) continue;
  const similarity = pearson(a.pattern, b.pattern);
  pairs.push(similarity);
  if (similarity > 0.9) pairMisses.push(`${a.genre}/${a.mood} ${f2(similarity)}`);
}
// Named like the tempo misses, so the next change can be tried on them first.
if (pairMisses.length) console.log(`onset-pair misses (> 0.9): ${pairMisses.join(", ")}`);
const e1Pairs: number[] = [];
for (let i = 0; i + 1 < e1Short.length; i++) {
  const a = e1Short[i]!;
  const b = e1Short[i + 1]!;
  if (a.genre === b.genre && a.mood === b.mood) e1Pairs.push(pearson(a.pattern, b.pattern));
}
const pairOk = pairs.filter((x) => x <= 0.9).length;
report(
  "two seeds, same request: onset-pattern similarity ≤ 0.9",
  pairOk / Math.max(1, pairs.length),
  `${pairOk}/${pairs.length} pairs (median ${f2(median(pairs))})`,
  "≥ 4 of 5 pairs",
  pairOk / Math.max(1, pairs.length) >= 0.8,
  e1Pairs.length ? `median ${f2(median(e1Pairs))}` : "1.00 (issue)",
  "share",
);
const tempos = all.filter((m) => m.tempoOk !== null);
const tempoOk = tempos.filter((m) => m.tempoOk).length;
const classical = tempos.filter((m) => m.genre === "Classical");
const tempoMisses = tempos
  .filter((m) => !m.tempoOk)
  .map((m) => `${m.genre}/${m.mood} ${m.c.tempo}`);
if (liftMisses.length) console.log(`chorus lift misses: ${liftMisses.join(", ")}`);
if (tempoMisses.length) console.log(`tempo misses: ${tempoMisses.join(", ")}`);
const keyMisses = all
  .filter((m) => !m.keyOk)
  .map((m) => `${m.genre}/${m.mood} ${m.c.key.name} (${m.c.durationSec} s)`);
if (keyMisses.length) console.log(`key misses: ${keyMisses.join(", ")}`);
report(
  "aubio tempo = planned (×2, ×½ allowed)",
  tempos.length ? tempoOk / tempos.length : NaN,
  tempos.length
    ? `${pct(tempoOk / tempos.length)} (${tempoOk}/${tempos.length}; Classical ${classical.filter((m) => m.tempoOk).length}/${classical.length})`
    : "not measured (no aubio)",
  "≥ 90 %",
  tempos.length > 0 && tempoOk / tempos.length >= 0.9,
  (() => {
    const e = e1Short.filter((m) => m.tempoOk !== null);
    return e.length ? pct(e.filter((m) => m.tempoOk).length / e.length) : "—";
  })(),
  "share",
);
const keyOk = all.filter((m) => m.keyOk).length;
report(
  "key heard in the audio (the key test's estimator)",
  keyOk / all.length,
  `${keyOk}/${all.length}`,
  "all (key.test.ts)",
  keyOk === all.length,
  "—",
  "share",
);

// Balance (180 s songs, stems).
report(
  "lead + voice over the rest (LU, 180 s songs, median)",
  median(long.map((m) => m.topOverRest)),
  `${f1(median(long.map((m) => m.topOverRest)))} LU (${long.map((m) => `${m.genre} ${f1(m.topOverRest)}${m.sung ? "" : " instr."}`).join(", ")})`,
  "lead on top: ≥ -6 LU",
  median(long.map((m) => m.topOverRest)) >= -6,
  "-7 … -21 LU under the rest (issue)",
  "LU",
);
report(
  "lead instrument alone over the rest (LU, 180 s songs, median)",
  median(long.map((m) => m.leadOverRest)),
  `${f1(median(long.map((m) => m.leadOverRest)))} LU (${long.map((m) => `${m.genre} ${f1(m.leadOverRest)}`).join(", ")}); ${long.filter((m) => m.sung).length}/${long.length} sung, lead ducked under the voice`,
  long.every((m) => m.sung)
    ? "instrumentals: ≥ -6 LU (none in this set; shown for comparison)"
    : "instrumentals: ≥ -6 LU",
  long.every((m) => m.sung) || median(long.filter((m) => !m.sung).map((m) => m.leadOverRest)) >= -6,
  "-7 … -21 LU under the rest (issue)",
  "LU",
);
report(
  "drums over the rest (LU, 180 s songs, median)",
  median(long.map((m) => m.drumsOverRest)),
  `${f1(median(long.map((m) => m.drumsOverRest)))} LU`,
  "≤ +3 LU",
  median(long.map((m) => m.drumsOverRest)) <= 3,
  "+5 … +17 LU (issue)",
  "LU",
);
const metal = long.find((m) => m.genre === "Metal");
if (metal)
  report(
    "Metal: energy below 124 Hz",
    metal.lowShare,
    pct(metal.lowShare),
    "< 50 %",
    metal.lowShare < 0.5,
    "85 % (issue)",
    "share",
  );

await pool.close();

if (SPEED) {
  // ---- speed: one 180 s sung song per genre, one core, effects on; first audio through the pool ---
  loadBank();
  const speed = measureRenderSpeedInFreshProcess(QUICK ? ["Rock", "EDM", "Classical"] : GENRES);
  const e2x = medianOf(speed.map((r) => r.sung));
  const e2min = Math.min(...speed.map((r) => r.sung));
  const speedReq = req("Motivational", "Rock", 4242, 180);
  const e1c = composeEngine1(speedReq);
  renderEngine1Wav(composeEngine1(req("Happy", "Pop", 1, 20)));
  const cpu1 = process.cpuUsage();
  renderEngine1Wav(e1c);
  const cpuE1 = process.cpuUsage(cpu1);
  const e1x = 180 / ((cpuE1.user + cpuE1.system) / 1e6);
  report(
    "render speed, 180 s sung song, one core, effects on, voice included (× real time)",
    e2x,
    `median ${f1(e2x)}×, slowest ${f1(e2min)}× (${speed.map((r) => `${r.genre} ${f1(r.sung)}`).join(", ")}; each the median of 3 renders in a render worker of a fresh process); first render of each (samples decoded): median ${f1(medianOf(speed.map((r) => r.cold)))}×`,
    // Judged on the slowest genre: the issue asks it of "a 180 s song", any song.
    "≥ 20× (every genre)",
    e2min >= 20,
    `${f1(e1x)}× (instrumental)`,
    "x",
    e1x,
  );

  async function firstAudio(cold: boolean): Promise<number> {
    const p = createRenderPool({ size: 1 });
    if (!cold) await p.render(compose(req("Happy", "Pop", 2, 10)));
    const t = performance.now();
    const c = compose(req("Hype", "EDM", 77, 180));
    let first = 0;
    await p.renderProgressive(c, () => {
      if (!first) first = performance.now() - t;
    });
    await p.close();
    return first / 1000;
  }
  const warm = await firstAudio(false);
  const cold = await firstAudio(true);
  // The same in this thread, as CPU time (what the wall times above become on an idle core).
  const firstCpu = await (async () => {
    const c0 = process.cpuUsage();
    const c = compose(req("Hype", "EDM", 77, 180));
    let first = 0;
    const { renderSongStream } = await import("../src/render/song");
    for await (const chunk of renderSongStream(c)) {
      void chunk;
      const u = process.cpuUsage(c0);
      first = (u.user + u.system) / 1e6;
      break;
    }
    return first;
  })();
  report(
    "Create → first audio, 180 s song (compose + first section), warm worker",
    warm,
    `${f2(warm)} s wall (cold worker, bank load included: ${f2(cold)} s; CPU of compose + first section: ${f2(firstCpu)} s)`,
    "≤ 3 s",
    warm <= 3,
    "whole song first",
    "s",
  );
}

rmSync(dir, { recursive: true, force: true });
console.log(
  `\n(renders: 60 s set ${((tShort - t0) / 1000).toFixed(0)} s wall, 180 s set ${((tLong - tShort) / 1000).toFixed(0)} s wall)\n`,
);
console.log(
  "| figure | engine 2 | target | engine 1 (same run) | met |\n| --- | --- | --- | --- | --- |",
);
for (const r of rows)
  console.log(`| ${r.figure} | ${r.engine2} | ${r.target} | ${r.engine1} | ${r.pass} |`);
console.log("");
for (const line of lines) console.log(`BENCH ${JSON.stringify({ suite: "music-sound", ...line })}`);
