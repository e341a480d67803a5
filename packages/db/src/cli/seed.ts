// `pnpm db:seed`: migrates, then fills a small demo (see src/seed.ts). Safe to run twice.
import { createDbFromEnv } from "../client";
import { seedDemo } from "../seed";

const handle = await createDbFromEnv(process.env, { migrate: true });
try {
  const started = performance.now();
  const summary = await seedDemo(handle.db);
  if (summary.skipped) {
    console.log("The demo data is already there; nothing to do.");
  } else {
    console.log(
      `Seeded the ${handle.kind} database in ${Math.round(performance.now() - started)} ms: ` +
        `${summary.users} users, ${summary.songs} songs, ${summary.likes} likes, ` +
        `${summary.comments} comments, ${summary.playlists} playlists.`,
    );
  }
} finally {
  await handle.close();
}
