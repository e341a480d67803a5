SET LOCAL lock_timeout = '10s';--> statement-breakpoint
SET LOCAL statement_timeout = '60s';--> statement-breakpoint
ALTER TABLE "songs" ADD COLUMN "take_group_id" uuid;--> statement-breakpoint
ALTER TABLE "songs" ADD COLUMN "take_number" integer;--> statement-breakpoint
-- Drizzle's migrator runs every migration inside one transaction, where CONCURRENTLY is not
-- allowed. The index is partial over a column just added (all NULL), so it starts empty, but
-- building it still reads the table: on a large live database build it by hand with
-- CREATE INDEX CONCURRENTLY (same name) before deploying.
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX IF NOT EXISTS "songs_take_group_idx" ON "songs" USING btree ("take_group_id","take_number") WHERE "songs"."take_group_id" IS NOT NULL;--> statement-breakpoint
-- NOT VALID: existing songs have both columns NULL, which the check allows, so there is
-- nothing to scan for; new and updated rows are checked all the same.
ALTER TABLE "songs" ADD CONSTRAINT "songs_take_in_group" CHECK (("songs"."take_group_id" IS NULL AND "songs"."take_number" IS NULL) OR ("songs"."take_group_id" IS NOT NULL AND "songs"."take_number" >= 1)) NOT VALID;
