// `pnpm db:migrate`: applies the committed migrations to DATABASE_URL, or to the embedded
// database under .data/ when it is unset.
import { createDbFromEnv, migrate } from "../client";

const handle = await createDbFromEnv(process.env);
try {
  const started = performance.now();
  await migrate(handle);
  console.log(
    `Migrated the ${handle.kind} database in ${Math.round(performance.now() - started)} ms`,
  );
} finally {
  await handle.close();
}
