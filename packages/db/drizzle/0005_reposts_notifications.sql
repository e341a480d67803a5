SET LOCAL lock_timeout = '10s';--> statement-breakpoint
SET LOCAL statement_timeout = '60s';--> statement-breakpoint
CREATE TYPE "public"."notification_kind" AS ENUM('like', 'comment', 'follow', 'repost', 'remix');--> statement-breakpoint
CREATE TABLE "song_reposts" (
	"user_id" text NOT NULL,
	"song_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "song_reposts_user_id_song_id_pk" PRIMARY KEY("user_id","song_id")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"recipient_id" text NOT NULL,
	"actor_id" text NOT NULL,
	"kind" "notification_kind" NOT NULL,
	"song_id" uuid,
	"remix_id" uuid,
	"comment_id" uuid,
	"at_sec" real,
	"read_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notifications_not_self" CHECK ("notifications"."recipient_id" <> "notifications"."actor_id")
);
--> statement-breakpoint
ALTER TABLE "songs" ADD COLUMN "repost_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "song_reposts" ADD CONSTRAINT "song_reposts_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "song_reposts" ADD CONSTRAINT "song_reposts_song_id_songs_id_fk" FOREIGN KEY ("song_id") REFERENCES "public"."songs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_id_user_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_actor_id_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_song_id_songs_id_fk" FOREIGN KEY ("song_id") REFERENCES "public"."songs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_remix_id_songs_id_fk" FOREIGN KEY ("remix_id") REFERENCES "public"."songs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_comment_id_song_comments_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."song_comments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "song_reposts_user_created_idx" ON "song_reposts" USING btree ("user_id","created_at","song_id");--> statement-breakpoint
CREATE INDEX "song_reposts_song_id_idx" ON "song_reposts" USING btree ("song_id");--> statement-breakpoint
CREATE INDEX "notifications_recipient_created_idx" ON "notifications" USING btree ("recipient_id","created_at","id");--> statement-breakpoint
CREATE INDEX "notifications_recipient_unread_idx" ON "notifications" USING btree ("recipient_id") WHERE "notifications"."read_at" IS NULL;--> statement-breakpoint
CREATE INDEX "notifications_actor_id_idx" ON "notifications" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "notifications_song_id_idx" ON "notifications" USING btree ("song_id") WHERE "notifications"."song_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "notifications_remix_id_idx" ON "notifications" USING btree ("remix_id") WHERE "notifications"."remix_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "notifications_comment_id_idx" ON "notifications" USING btree ("comment_id") WHERE "notifications"."comment_id" IS NOT NULL;--> statement-breakpoint
-- NOT VALID: repost_count was just added with the default 0, which the check allows, so there
-- is nothing to scan for; new and updated rows are checked all the same.
ALTER TABLE "songs" ADD CONSTRAINT "songs_repost_count_non_negative" CHECK ("songs"."repost_count" >= 0) NOT VALID;