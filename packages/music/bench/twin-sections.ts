/**
 * Where a song's twins are: renders one song and names, for every 2-bar chunk with a
 * near-identical twin (the sound benchmark's twin measure), its section and bar and the twin's.
 *
 * Run: `tsx bench/twin-sections.ts <genre> <mood> <seed> [seconds = 180] [out.wav]`.
 */
import { writeFileSync } from "node:fs";
import { compose } from "../src/compose";
import { GENRES, MOODS } from "../src/profiles";
import type { Genre, Mood } from "../src/profiles";
import { renderSong } from "../src/render";
import { decode, twinsOf } from "./sound-metrics";

const [genre, mood, seed, seconds = "180", out] = process.argv.slice(2);
if (
  !GENRES.includes(genre as Genre) ||
  !MOODS.includes(mood as Mood) ||
  !Number.isFinite(Number(seed))
)
  throw new Error("usage: tsx bench/twin-sections.ts <genre> <mood> <seed> [seconds] [out.wav]");
const c = compose({
  creationMode: "description",
  description: "city lights after midnight",
  mood: mood as Mood,
  genre: genre as Genre,
  seed: Number(seed),
  durationSec: Number(seconds),
});
const wav = await renderSong(c);
if (out) writeFileSync(out, wav);
const twins = twinsOf(decode(wav), c.tempo);
const where = (chunk: number): string => {
  const bar = chunk * 2;
  const s = c.sections.find((x) => bar >= x.startBar && bar < x.startBar + x.bars);
  return s ? `${s.label} bar ${bar - s.startBar + 1}` : `bar ${bar + 1}`;
};
console.log(
  `${genre} at ${c.tempo} BPM: ${c.sections.map((s) => `${s.label} (${s.bars})`).join(", ")}`,
);
console.log(`chunks with a twin: ${twins.filter((t) => t >= 0).length}/${twins.length}`);
twins.forEach((t, i) => {
  if (t >= 0) console.log(`  ${where(i)} ≈ ${where(t)}`);
});
