SET LOCAL lock_timeout = '10s';--> statement-breakpoint
SET LOCAL statement_timeout = '60s';--> statement-breakpoint
-- Drizzle's migrator runs every migration inside one transaction, where CONCURRENTLY is not
-- allowed. Writes to songs wait while the index builds (reads do not; about 2 s at 1M songs on
-- an idle machine); on a large live database build both indexes by hand with CREATE INDEX
-- CONCURRENTLY (same names) before deploying. The new index is built before the old one is
-- dropped, so the public feed's newest pages always have one.
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX IF NOT EXISTS "songs_public_new_owner_idx" ON "songs" USING btree ("created_at","id","owner_id") WHERE "songs"."is_public";--> statement-breakpoint
-- Dropping takes an exclusive lock on songs only for the moment of the drop (lock_timeout
-- above bounds the wait for it).
-- squawk-ignore require-concurrent-index-deletion
DROP INDEX IF EXISTS "songs_public_new_idx";--> statement-breakpoint
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX IF NOT EXISTS "song_reposts_created_idx" ON "song_reposts" USING btree ("created_at","song_id","user_id");
