SET LOCAL lock_timeout = '10s';--> statement-breakpoint
-- Building the index over a million existing songs takes tens of seconds on a busy machine.
SET LOCAL statement_timeout = '300s';--> statement-breakpoint
CREATE TABLE "follower_count_slots" (
	"user_id" text NOT NULL,
	"slot" integer NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "follower_count_slots_user_id_slot_pk" PRIMARY KEY("user_id","slot")
);
--> statement-breakpoint
CREATE TABLE "follows" (
	"follower_id" text NOT NULL,
	"followee_id" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follows_follower_id_followee_id_pk" PRIMARY KEY("follower_id","followee_id"),
	CONSTRAINT "follows_not_self" CHECK ("follows"."follower_id" <> "follows"."followee_id")
);
--> statement-breakpoint
ALTER TABLE "follower_count_slots" ADD CONSTRAINT "follower_count_slots_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follows" ADD CONSTRAINT "follows_follower_id_user_id_fk" FOREIGN KEY ("follower_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follows" ADD CONSTRAINT "follows_followee_id_user_id_fk" FOREIGN KEY ("followee_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "follows_follower_created_idx" ON "follows" USING btree ("follower_id","created_at","followee_id");--> statement-breakpoint
CREATE INDEX "follows_followee_created_idx" ON "follows" USING btree ("followee_id","created_at","follower_id");--> statement-breakpoint
-- Drizzle's migrator runs every migration inside one transaction, where CONCURRENTLY is not
-- allowed. Writes to songs wait while the index builds (reads do not); build it by hand with
-- CREATE INDEX CONCURRENTLY (same name) before deploying on a large live database.
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX IF NOT EXISTS "songs_public_owner_new_idx" ON "songs" USING btree ("owner_id","created_at","id") WHERE "songs"."is_public";