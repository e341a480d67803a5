/**
 * What a studio pass's stems cost (`GET /api/songs/:id/stems`), beside the stems of its score
 * rendered as a plain song (no splice: the same length, the same work for the renderer but once),
 * in the same run. A pass's stems are its original's stems with the
 * new score's spliced in (render/studio-stems.ts): stems are not stored, so the original's are
 * rendered again in full, and the new score's in full too.
 * Sung, as the product renders (SUNG). Run: pnpm --filter @harmoniq/music bench:studio-stems
 * (STUDIO_STEMS_SEC, default 60 s songs extended by STUDIO_STEMS_EXTEND_SEC, default 30 s;
 * STUDIO_STEMS_RUNS, default 1).
 */
import { compose } from "../src/compose";
import { extendComposition, replaceSectionComposition } from "../src/compose/studio";
import { renderStems } from "../src/render";
import { SUNG } from "../src/render/sung";
import { renderStudioStems } from "../src/render/studio-stems";
import type { Engine2Composition } from "../src/types";

const SEC = Number(process.env.STUDIO_STEMS_SEC ?? 60);
const EXTEND_SEC = Number(process.env.STUDIO_STEMS_EXTEND_SEC ?? 30);
const RUNS = Number(process.env.STUDIO_STEMS_RUNS ?? 1);

const song = (durationSec: number, seed: number): Engine2Composition =>
  compose({
    creationMode: "description",
    description: "city lights after midnight",
    mood: "Happy",
    genre: "Pop",
    seed,
    durationSec,
    vocals: "sung",
  }) as Engine2Composition;

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await work();
  return (performance.now() - t0) / 1000;
}

// Warm-up: the SoundFont bank and the voice.
await renderStems(song(12, 1), SUNG);

const original = song(SEC, 7);
const section = Math.floor(original.sections.length / 2);
const replaced = replaceSectionComposition(original, { section, seed: 9 });
const extended = extendComposition(original, { durationSec: EXTEND_SEC, seed: 5 });

const rows: { measure: string; pass: number; plain: number }[] = [];
for (let run = 0; run < RUNS; run++) {
  // Each pass right after its baseline, so both see about the same load.
  const plainShort = await seconds(() => renderStems(replaced, SUNG));
  const replace = await seconds(() => renderStudioStems(replaced, SUNG));
  rows.push({
    measure: `replace section ${section} of a ${SEC} s song`,
    pass: replace,
    plain: plainShort,
  });
  const plainExt = await seconds(() => renderStems(extended, SUNG));
  const extend = await seconds(() => renderStudioStems(extended, SUNG));
  rows.push({
    measure: `extend a ${SEC} s song by ${EXTEND_SEC} s (${extended.durationSec.toFixed(1)} s)`,
    pass: extend,
    plain: plainExt,
  });
}
for (const r of rows) {
  const ratio = r.pass / r.plain;
  console.log(
    `stems, ${r.measure}: ${r.pass.toFixed(1)} s; its score as a plain song ${r.plain.toFixed(1)} s (${ratio.toFixed(2)}×)`,
  );
  console.log(
    `BENCH ${JSON.stringify({
      name: `studio stems: ${r.measure}`,
      value: Number(r.pass.toFixed(2)),
      unit: "s",
      baseline: Number(r.plain.toFixed(2)),
      ratio: Number(ratio.toFixed(3)),
    })}`,
  );
}
