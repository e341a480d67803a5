/**
 * Key-recognition sweep: every mood × genre pair, N seeds, short renders; prints the renders whose
 * key estimated from the audio does not match the composition's key.
 * Run: pnpm exec tsx bench/key-sweep.ts [seeds=2] [durationSec=12] [fixed|spread] [spreadBase=1000]
 * "fixed" uses seeds 1..N for every pair (the same description and seed give most pairs the same
 * tonic); "spread" gives every pair its own seeds from spreadBase on, so all twelve tonics occur.
 * key.test.ts checks the spread set with base 1000; other bases are unseen songs.
 */
import { composeEngine1 as compose } from "../src/compose";
import { GENRES, MOODS } from "../src/profiles";
import { renderEngine1Wav as renderWav } from "../src/render";
import { estimateKey, keyMatches } from "../src/test-utils";
import { noteName } from "../src/theory";

const seeds = Number(process.argv[2] ?? 2);
const durationSec = Number(process.argv[3] ?? 12);
const spread = process.argv[4] === "spread";
const spreadBase = Number(process.argv[5] ?? 1000);
const misses: string[] = [];
let total = 0;
const t0 = performance.now();
let pair = 0;
for (const mood of MOODS)
  for (const genre of GENRES) {
    pair++;
    for (let s = 0; s < seeds; s++) {
      const seed = spread ? spreadBase + pair * seeds + s : 1 + s;
      const c = compose({
        creationMode: "description",
        description: "city lights after midnight",
        mood,
        genre,
        seed,
        durationSec,
      });
      const est = estimateKey(renderWav(c));
      total++;
      if (!keyMatches(est, c.key))
        misses.push(
          `${mood}/${genre} seed ${seed}: ${c.key.name} heard as ${noteName(est.tonicPc)} ${est.mode}`,
        );
    }
  }
console.log(misses.join("\n"));
console.log(`misses ${misses.length}/${total} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
