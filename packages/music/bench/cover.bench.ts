/**
 * Cover art speed: median ms per 1024 px cover (WebP and PNG) and per 512 px WebP, over every
 * genre, warm (fonts loaded), against a baseline measured in the same run: sharp rasterizing and
 * encoding a plain gradient SVG of the same size (the floor any SVG cover pays).
 * Also prints `BENCH {...}` lines. Run: pnpm exec tsx bench/cover.bench.ts
 */
import sharp from "sharp";
import { renderCover, type CoverOptions } from "../src/cover";
import { GENRES, MOODS } from "../src/profiles";

const ROUNDS = 3;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const round = (v: number, digits = 0) => Number(v.toFixed(digits));

const plain = Buffer.from(
  `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#1f2a44"/><stop offset="1" stop-color="#c9485b"/></linearGradient></defs><rect width="1024" height="1024" fill="url(#g)"/></svg>`,
);

async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

const songs = GENRES.map((genre, i) => ({
  title: ["Harbour Lights", "Slow Burn", "Neon Sermon", "Blue Hour", "Nocturne in Glass"][i % 5]!,
  mood: MOODS[i % MOODS.length]!,
  genre,
  seed: 1000 + i,
}));

// Warm up: fonts load once per process (~1 s).
const coldStart = performance.now();
await renderCover(songs[0]!);
const coldMs = performance.now() - coldStart;

const rows: Record<string, string | number>[] = [];
const benchLines: object[] = [];
const cases: [string, CoverOptions][] = [
  ["1024 px WebP", { format: "webp" }],
  ["1024 px PNG", { format: "png" }],
  ["512 px WebP", { format: "webp", size: 512 }],
];
for (const [name, options] of cases) {
  const baseline: number[] = [];
  const cover: number[] = [];
  let bytes = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (const song of songs) {
      const size = options.size ?? 1024;
      baseline.push(
        await time(() => {
          const image = sharp(plain, { density: (72 * size) / 1024 }).resize(size, size);
          // The cover's own encoder settings (render.ts), so only the drawing differs.
          return options.format === "png"
            ? image.png({ compressionLevel: 6 }).toBuffer()
            : image.webp({ quality: 88, effort: 2 }).toBuffer();
        }),
      );
      cover.push(
        await time(async () => {
          bytes += (await renderCover(song, options)).byteLength;
        }),
      );
    }
  }
  const ratio = median(cover) / median(baseline);
  rows.push({
    case: name,
    "cover median ms": round(median(cover)),
    "plain SVG median ms": round(median(baseline)),
    ratio: round(ratio, 2),
    "mean kB": round(bytes / cover.length / 1024),
  });
  benchLines.push({
    name: `cover art, ${name} (median ms, 9 genres)`,
    value: round(median(cover)),
    unit: "ms",
    baseline: round(median(baseline)),
    baselineName: "plain gradient SVG through sharp",
    ratio: round(ratio, 2),
    target: null,
  });
}
console.log(
  `\nCover art, ${songs.length} genres × ${ROUNDS} rounds; first cover ${round(coldMs)} ms`,
);
console.table(rows);
console.log("");
for (const line of benchLines) console.log(`BENCH ${JSON.stringify({ suite: "music", ...line })}`);
