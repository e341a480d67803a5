// `pnpm db:restore <file>`: restores a backup made by `pnpm db:backup` into the database the
// app uses (DATABASE_URL, else the embedded database). Stop the app first.
import { parseArgs } from "node:util";
import { BackupError, backupTargetFromEnv, pgToolOptionsFromEnv, restoreDatabase } from "../backup";
import { formatReport, fromInvocationDir } from "./backup-report";

const { positionals } = parseArgs({ allowPositionals: true });
if (!positionals[0]) {
  console.error("Usage: pnpm db:restore <file>   (a file made by pnpm db:backup)");
  process.exit(2);
}
const target = backupTargetFromEnv(process.env);

try {
  const started = performance.now();
  const report = await restoreDatabase(
    target,
    fromInvocationDir(positionals[0]),
    pgToolOptionsFromEnv(process.env),
  );
  console.log(formatReport("Restored", report));
  console.log(`  in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  console.error(`Restore failed: ${error.message}`);
  process.exit(1);
}
