SET LOCAL lock_timeout = '10s';--> statement-breakpoint
SET LOCAL statement_timeout = '60s';--> statement-breakpoint
-- The notification list pages by groups (storage/notifications.ts): one song's likes, its
-- reposts, and follows are each one line, placed by their newest event; comments and remixes
-- are lines of their own, read from a partial index that skips the grouped kinds.
-- Drizzle's migrator runs every migration inside one transaction, where CONCURRENTLY is not
-- allowed; on a large database build them by hand with CREATE INDEX CONCURRENTLY (same names)
-- before deploying.
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX IF NOT EXISTS "notifications_recipient_group_idx" ON "notifications" USING btree ("recipient_id","kind","song_id","created_at","id");--> statement-breakpoint
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX IF NOT EXISTS "notifications_recipient_single_idx" ON "notifications" USING btree ("recipient_id","created_at","id") WHERE "notifications"."kind" NOT IN ('like', 'repost', 'follow');
