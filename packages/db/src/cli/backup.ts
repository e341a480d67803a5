// `pnpm db:backup [file]`: backs up the database the app uses. PostgreSQL (DATABASE_URL) with
// `pg_dump -Fc`; the embedded database as PGlite's data-directory tarball. Default file:
// .data/backups/harmoniq-<date>-<time>.{pgdump|pglite.tar.gz}.
import { parseArgs } from "node:util";
import {
  BackupError,
  backupDatabase,
  backupTargetFromEnv,
  defaultBackupFile,
  pgToolOptionsFromEnv,
} from "../backup";
import { formatReport, fromInvocationDir } from "./backup-report";

const { positionals } = parseArgs({ allowPositionals: true });
const target = backupTargetFromEnv(process.env);
const file = positionals[0]
  ? fromInvocationDir(positionals[0])
  : defaultBackupFile(target, process.env);

try {
  const started = performance.now();
  const report = await backupDatabase(target, file, pgToolOptionsFromEnv(process.env));
  console.log(formatReport("Backed up", report));
  console.log(`  in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  console.error(`Backup failed: ${error.message}`);
  process.exit(1);
}
