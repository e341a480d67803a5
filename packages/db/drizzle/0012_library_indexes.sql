SET LOCAL lock_timeout = '10s';--> statement-breakpoint
-- Building two indexes over a million existing songs takes tens of seconds on a busy machine.
SET LOCAL statement_timeout = '300s';--> statement-breakpoint
-- The player library (storage/library.ts): creators by name and songs by title read in order,
-- a creator's playable songs counted from an index alone, creator names searched by trigrams.
-- Drizzle's migrator runs every migration inside one transaction, where CONCURRENTLY is not
-- allowed. Writes to these tables wait while the indexes build (reads do not); on a large live
-- database build them by hand with CREATE INDEX CONCURRENTLY (same names) before deploying.
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX IF NOT EXISTS "user_name_idx" ON "user" USING btree (lower("name"),"id");--> statement-breakpoint
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX IF NOT EXISTS "user_name_trgm_idx" ON "user" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX IF NOT EXISTS "songs_public_title_idx" ON "songs" USING btree (lower("title"),"id") WHERE "songs"."is_public";--> statement-breakpoint
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX IF NOT EXISTS "songs_owner_status_idx" ON "songs" USING btree ("owner_id","status","is_public");
