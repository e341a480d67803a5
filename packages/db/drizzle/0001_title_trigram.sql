SET LOCAL lock_timeout = '10s';--> statement-breakpoint
-- Building the index over a million existing songs takes tens of seconds on a busy machine.
SET LOCAL statement_timeout = '300s';--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
-- Drizzle's migrator runs every migration inside one transaction, where CONCURRENTLY is not
-- allowed. Writes to songs wait while the index builds (reads do not); build it by hand with
-- CREATE INDEX CONCURRENTLY (same name) before deploying on a large live database.
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX IF NOT EXISTS "songs_title_trgm_idx" ON "songs" USING gin ("title" gin_trgm_ops);
