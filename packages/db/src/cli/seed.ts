// `pnpm db:seed`: migrates, then fills a small demo (see src/seed/demo.ts). Safe to run twice.
// `pnpm db:seed --scale 1000000`: bulk data for benchmarks and scale tests (src/seed/scale.ts).
import { parseArgs } from "node:util";
import { createDbFromEnv } from "../client";
import { seedAtScale, seedDemo } from "../seed";

const { values } = parseArgs({ options: { scale: { type: "string" } }, allowPositionals: true });
const scale = values.scale === undefined ? null : Number(values.scale);
if (scale !== null && !(Number.isInteger(scale) && scale > 0)) {
  console.error("--scale takes a whole number of songs, e.g. --scale 100000");
  process.exit(2);
}

const handle = await createDbFromEnv(process.env, { migrate: true });
try {
  const started = performance.now();
  if (scale !== null) {
    const result = await seedAtScale(handle.db, {
      songs: scale,
      onProgress: (m) =>
        console.log(`  ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s  ${m}`),
    });
    console.log(
      `Seeded ${result.songs} songs, ${result.users} users, ${result.likes} likes, ${result.plays} plays, ` +
        `${result.comments} comments, ${result.playlists} playlists into the ${handle.kind} database in ${(result.ms / 1000).toFixed(1)} s.`,
    );
  } else {
    const summary = await seedDemo(handle.db);
    console.log(
      summary.skipped
        ? "The demo data is already there; nothing to do."
        : `Seeded the ${handle.kind} database in ${Math.round(performance.now() - started)} ms: ` +
            `${summary.users} users, ${summary.songs} songs, ${summary.likes} likes, ` +
            `${summary.comments} comments, ${summary.playlists} playlists.`,
    );
  }
} finally {
  await handle.close();
}
