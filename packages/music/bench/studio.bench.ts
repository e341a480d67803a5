/**
 * Studio passes, measured on the audio: replace a section and extend a song, beside a plain render
 * of a song of the same length (the baseline, measured in the same run).
 *
 * - Correlation of the replaced song with the original outside the section (target ≥ 0.99) and
 *   inside it (target ≤ 0.8); of the extended song's first part with the original (≥ 0.99), for
 *   the spliced render and for the extended score rendered on its own.
 * - Time to first audio: the first WAV bytes a listener can play. The studio renders start with the
 *   original's audio (the original's WAV is at hand in the audio store), so they also print the time
 *   until the first *new* audio and the time to the whole file, beside the baseline's.
 * One instrumental and one sung song (the voice is Flite + PSOLA, as the product sings).
 * Every figure is also printed as a `BENCH {...}` line. Run: pnpm exec tsx bench/studio.bench.ts
 */
import { compose } from "../src/compose";
import { extendComposition, replaceSectionComposition } from "../src/compose/studio";
import { renderSongStream, renderSongWav } from "../src/render/song";
import type { RenderSongOptions } from "../src/render/song";
import { streamExtendedSong, streamReplacedSection } from "../src/render/splice";
import { sectionBounds } from "../src/render/sampler";
import { differingFrames, wavCorrelation } from "../src/test-utils";
import type { Engine2Composition } from "../src/types";
import { renderVoice } from "../src/voice";
import { SAMPLE_RATE } from "../src/wav";

const RUNS = Number(process.env.STUDIO_BENCH_RUNS ?? 3);
const DURATION = 60;
const EXTEND_SEC = 30;
const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const round = (x: number, digits: number): number => Number(x.toFixed(digits));
const join = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

interface Timing {
  firstMs: number;
  /** When the first bytes that are not the original's were ready (the baseline: first bytes). */
  newMs: number;
  totalMs: number;
  wav: Uint8Array;
}

/** Times a stream of WAV chunks; `newAt` = index of the first chunk made by the renderer. */
async function time(stream: AsyncGenerator<Uint8Array>, newAt: number): Promise<Timing> {
  const t0 = performance.now();
  const parts: Uint8Array[] = [];
  let firstMs = 0;
  let newMs = 0;
  for await (const p of stream) {
    const t = performance.now() - t0;
    if (parts.length === 0) firstMs = t;
    if (parts.length === newAt) newMs = t;
    parts.push(p);
  }
  return { firstMs, newMs, totalMs: performance.now() - t0, wav: join(parts) };
}

async function* plain(c: Engine2Composition, opts: RenderSongOptions): AsyncGenerator<Uint8Array> {
  for await (const chunk of renderSongStream(c, opts)) yield chunk.bytes;
}

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
const line = (
  name: string,
  value: number,
  unit: string,
  baseline: { value: number; name: string } | null = null,
  target: string | null = null,
): void => {
  lines.push({
    name,
    value: round(value, unit === "corr" ? 4 : 0),
    unit,
    baseline: baseline ? round(baseline.value, 0) : null,
    baselineName: baseline?.name ?? null,
    ratio: baseline && baseline.value > 0 ? round(value / baseline.value, 3) : null,
    target,
  });
};

const vocals: RenderSongOptions["vocals"] = (notes, voice) => renderVoice(notes, { voice });
const cases = [
  { name: "instrumental", vocals: "instrumental" as const, opts: {} },
  { name: "sung", vocals: "sung" as const, opts: { vocals } },
];

// Warm-up: the SoundFont bank and the voice.
await renderSongWav(
  compose({
    creationMode: "description",
    description: "warm up",
    seed: 1,
    durationSec: 12,
    vocals: "sung",
  }) as Engine2Composition,
  { vocals },
);

const rows: Record<string, string | number>[] = [];
for (const kase of cases) {
  const original = compose({
    creationMode: "description",
    description: "city lights after midnight",
    mood: "Happy",
    genre: "Pop",
    seed: 7,
    durationSec: DURATION,
    vocals: kase.vocals,
  }) as Engine2Composition;
  const originalWav = await renderSongWav(original, kase.opts);
  const k = Math.floor(original.sections.length / 2);
  const replaced = replaceSectionComposition(original, { section: k, seed: 99 });
  const extended = extendComposition(original, { durationSec: EXTEND_SEC, seed: 5 });
  const timings = {
    plainReplaced: [] as Timing[],
    replace: [] as Timing[],
    plainExtended: [] as Timing[],
    extend: [] as Timing[],
  };
  for (let run = 0; run < RUNS; run++) {
    timings.plainReplaced.push(await time(plain(replaced, kase.opts), 0));
    timings.replace.push(
      await time(streamReplacedSection(original, replaced, k, { ...kase.opts, originalWav }), 1),
    );
    timings.plainExtended.push(await time(plain(extended, kase.opts), 0));
    timings.extend.push(
      await time(streamExtendedSong(original, extended, { ...kase.opts, originalWav }), 1),
    );
  }
  const med = (xs: Timing[], key: "firstMs" | "newMs" | "totalMs"): number =>
    median(xs.map((x) => x[key]));

  // Correlations on the audio.
  const bounds = sectionBounds(original);
  const total = bounds[bounds.length - 1]!;
  const guard = Math.round(0.05 * SAMPLE_RATE);
  const rep = timings.replace[0]!.wav;
  const before = bounds[k]! - guard;
  const after = bounds[k + 1]! + guard;
  const outsideCorr = Math.min(
    wavCorrelation(rep, originalWav, 0, before),
    wavCorrelation(rep, originalWav, after, total),
  );
  const insideCorr = wavCorrelation(rep, originalWav, bounds[k]!, bounds[k + 1]!);
  // The plain render of the replaced score, for comparison (it drifts after the section).
  const plainAfterCorr = wavCorrelation(timings.plainReplaced[0]!.wav, originalWav, after, total);
  const joinFrame = Math.round(((original.totalBeats * 60) / original.tempo) * SAMPLE_RATE);
  const extCorr = wavCorrelation(timings.extend[0]!.wav, originalWav, 0, joinFrame);
  const extAloneCorr = wavCorrelation(timings.plainExtended[0]!.wav, originalWav, 0, joinFrame);
  // Beside it: through the original's end, where its final chord rings out for ~2.5 s after the
  // last beat and the extended song plays its continuation instead (what the API bench once judged).
  const extWholeCorr = wavCorrelation(timings.extend[0]!.wav, originalWav, 0, total);
  const extDiffering = differingFrames(timings.extend[0]!.wav, originalWav, 0, joinFrame - guard);

  const tag = kase.name;
  const sectionName = `${original.sections[k]!.label} (${k} of ${original.sections.length}, ${original.sections[k]!.startSec}–${original.sections[k]!.endSec} s)`;
  console.log(
    `\n${tag}: ${DURATION} s Pop song; replaced ${sectionName}; extended by ${EXTEND_SEC} s`,
  );
  rows.push(
    {
      song: tag,
      render: `plain render of the replaced song (${DURATION} s)`,
      "first audio ms": round(med(timings.plainReplaced, "firstMs"), 0),
      "first new audio ms": round(med(timings.plainReplaced, "newMs"), 0),
      "whole ms": round(med(timings.plainReplaced, "totalMs"), 0),
    },
    {
      song: tag,
      render: "replace section (spliced)",
      "first audio ms": round(med(timings.replace, "firstMs"), 1),
      "first new audio ms": round(med(timings.replace, "newMs"), 0),
      "whole ms": round(med(timings.replace, "totalMs"), 0),
    },
    {
      song: tag,
      render: `plain render of the extended song (${round(extended.durationSec, 1)} s)`,
      "first audio ms": round(med(timings.plainExtended, "firstMs"), 0),
      "first new audio ms": round(med(timings.plainExtended, "newMs"), 0),
      "whole ms": round(med(timings.plainExtended, "totalMs"), 0),
    },
    {
      song: tag,
      render: "extend (spliced)",
      "first audio ms": round(med(timings.extend, "firstMs"), 1),
      "first new audio ms": round(med(timings.extend, "newMs"), 0),
      "whole ms": round(med(timings.extend, "totalMs"), 0),
    },
  );
  console.table([
    {
      measure: "replaced vs original, outside the section",
      corr: round(outsideCorr, 5),
      target: "≥ 0.99",
    },
    {
      measure: "replaced vs original, inside the section",
      corr: round(insideCorr, 4),
      target: "≤ 0.8",
    },
    {
      measure: "(plain render of the replaced score, after the section)",
      corr: round(plainAfterCorr, 5),
      target: "",
    },
    {
      measure: "extended (spliced) first part vs original",
      corr: round(extCorr, 6),
      target: "≥ 0.99",
    },
    {
      measure: `(extended, spliced, through the original's end: ${round((total - joinFrame) / SAMPLE_RATE, 2)} s ring-out vs continuation)`,
      corr: round(extWholeCorr, 5),
      target: "",
    },
    {
      measure: "(extended, spliced: frames differing from the original before the joint)",
      corr: extDiffering,
      target: "0",
    },
    {
      measure: "extended (rendered alone) first part vs original",
      corr: round(extAloneCorr, 6),
      target: "≥ 0.99",
    },
  ]);
  line(`studio.${tag}.replace.outside_corr`, outsideCorr, "corr", null, ">= 0.99");
  line(`studio.${tag}.replace.inside_corr`, insideCorr, "corr", null, "<= 0.8");
  line(`studio.${tag}.extend.first_part_corr`, extCorr, "corr", null, ">= 0.99");
  line(`studio.${tag}.extend.alone_first_part_corr`, extAloneCorr, "corr", null, ">= 0.99");
  const base = { value: med(timings.plainReplaced, "firstMs"), name: "plain render, first audio" };
  line(`studio.${tag}.replace.first_audio_ms`, med(timings.replace, "firstMs"), "ms", base);
  line(`studio.${tag}.replace.first_new_audio_ms`, med(timings.replace, "newMs"), "ms", base);
  line(`studio.${tag}.replace.whole_ms`, med(timings.replace, "totalMs"), "ms", {
    value: med(timings.plainReplaced, "totalMs"),
    name: "plain render, whole",
  });
  const baseExt = {
    value: med(timings.plainExtended, "firstMs"),
    name: "plain render, first audio",
  };
  line(`studio.${tag}.extend.first_audio_ms`, med(timings.extend, "firstMs"), "ms", baseExt);
  line(`studio.${tag}.extend.first_new_audio_ms`, med(timings.extend, "newMs"), "ms", baseExt);
  line(`studio.${tag}.extend.whole_ms`, med(timings.extend, "totalMs"), "ms", {
    value: med(timings.plainExtended, "totalMs"),
    name: "plain render, whole",
  });
}
console.log(`\nTimes (median of ${RUNS} runs, wall clock; the original's WAV is at hand):`);
console.table(rows);
console.log("");
for (const l of lines) console.log(`BENCH ${JSON.stringify({ suite: "music", ...l })}`);
