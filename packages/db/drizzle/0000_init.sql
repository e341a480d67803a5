SET LOCAL lock_timeout = '10s';--> statement-breakpoint
SET LOCAL statement_timeout = '60s';--> statement-breakpoint
CREATE TYPE "public"."creation_mode" AS ENUM('description', 'lyrics', 'image');--> statement-breakpoint
CREATE TYPE "public"."genre" AS ENUM('Pop', 'Rock', 'Hip-Hop', 'Jazz', 'Classical', 'EDM', 'Country', 'R&B', 'Metal');--> statement-breakpoint
CREATE TYPE "public"."message_role" AS ENUM('user', 'assistant');--> statement-breakpoint
CREATE TYPE "public"."message_status" AS ENUM('streaming', 'complete', 'failed');--> statement-breakpoint
CREATE TYPE "public"."mood" AS ENUM('Happy', 'Confident', 'Motivational', 'Melancholic', 'Dreamy', 'Chill', 'Romantic', 'Hype');--> statement-breakpoint
CREATE TYPE "public"."song_status" AS ENUM('queued', 'rendering', 'ready', 'failed');--> statement-breakpoint
CREATE TABLE "account" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"provider_id" text NOT NULL,
	"user_id" text NOT NULL,
	"access_token" text,
	"refresh_token" text,
	"id_token" text,
	"access_token_expires_at" timestamp (3) with time zone,
	"refresh_token_expires_at" timestamp (3) with time zone,
	"scope" text,
	"password" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session" (
	"id" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"token" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"ip_address" text,
	"user_agent" text,
	"user_id" text NOT NULL,
	CONSTRAINT "session_token_unique" UNIQUE("token")
);
--> statement-breakpoint
CREATE TABLE "user" (
	"id" text PRIMARY KEY NOT NULL,
	"name" varchar(80) NOT NULL,
	"email" text NOT NULL,
	"email_verified" boolean DEFAULT false NOT NULL,
	"image" text,
	"handle" varchar(30) NOT NULL,
	"bio" varchar(500),
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_email_unique" UNIQUE("email"),
	CONSTRAINT "user_handle_unique" UNIQUE("handle"),
	CONSTRAINT "user_handle_format" CHECK ("user"."handle" ~ '^[a-z0-9_]{3,30}$')
);
--> statement-breakpoint
CREATE TABLE "verification" (
	"id" text PRIMARY KEY NOT NULL,
	"identifier" text NOT NULL,
	"value" text NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "song_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"song_id" uuid NOT NULL,
	"author_id" text NOT NULL,
	"content" varchar(2000) NOT NULL,
	"at_sec" real,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "song_comments_at_sec_non_negative" CHECK ("song_comments"."at_sec" IS NULL OR "song_comments"."at_sec" >= 0),
	CONSTRAINT "song_comments_content_not_blank" CHECK (length(btrim("song_comments"."content")) > 0)
);
--> statement-breakpoint
CREATE TABLE "song_likes" (
	"user_id" text NOT NULL,
	"song_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "song_likes_user_id_song_id_pk" PRIMARY KEY("user_id","song_id")
);
--> statement-breakpoint
CREATE TABLE "song_plays" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "song_plays_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"song_id" uuid NOT NULL,
	"listener_id" text,
	"listener_key" text NOT NULL,
	"window_start" bigint NOT NULL,
	"played_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "songs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" text NOT NULL,
	"title" varchar(120) NOT NULL,
	"description" varchar(1000),
	"lyrics" varchar(5000),
	"mood" "mood" NOT NULL,
	"genre" "genre" NOT NULL,
	"creation_mode" "creation_mode" NOT NULL,
	"is_public" boolean DEFAULT false NOT NULL,
	"play_count" integer DEFAULT 0 NOT NULL,
	"like_count" integer DEFAULT 0 NOT NULL,
	"comment_count" integer DEFAULT 0 NOT NULL,
	"duration_sec" real NOT NULL,
	"seed" integer NOT NULL,
	"composition" jsonb,
	"inference" jsonb,
	"waveform" text,
	"status" "song_status" DEFAULT 'queued' NOT NULL,
	"status_message" text,
	"parent_id" uuid,
	"trending_score" double precision DEFAULT 0 NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce("title", '')), 'A') || setweight(to_tsvector('english', coalesce("description", '')), 'B') || setweight(to_tsvector('english', coalesce("lyrics", '')), 'C')) STORED,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "songs_counts_non_negative" CHECK ("songs"."play_count" >= 0 AND "songs"."like_count" >= 0 AND "songs"."comment_count" >= 0),
	CONSTRAINT "songs_title_not_blank" CHECK (length(btrim("songs"."title")) > 0),
	CONSTRAINT "songs_duration_range" CHECK ("songs"."duration_sec" > 0 AND "songs"."duration_sec" <= 600),
	CONSTRAINT "songs_seed_non_negative" CHECK ("songs"."seed" >= 0)
);
--> statement-breakpoint
CREATE TABLE "playlist_songs" (
	"playlist_id" uuid NOT NULL,
	"song_id" uuid NOT NULL,
	"position" text COLLATE "C" NOT NULL,
	"added_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "playlist_songs_playlist_id_song_id_pk" PRIMARY KEY("playlist_id","song_id")
);
--> statement-breakpoint
CREATE TABLE "playlists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" text NOT NULL,
	"name" varchar(120) NOT NULL,
	"description" varchar(1000),
	"is_public" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "playlists_name_not_blank" CHECK (length(btrim("playlists"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" text NOT NULL,
	"title" varchar(120) NOT NULL,
	"draft" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"song_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversations_title_not_blank" CHECK (length(btrim("conversations"."title")) > 0)
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"conversation_id" uuid NOT NULL,
	"role" "message_role" NOT NULL,
	"content" text NOT NULL,
	"status" "message_status" DEFAULT 'complete' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "apikey" (
	"id" text PRIMARY KEY NOT NULL,
	"config_id" text DEFAULT 'default' NOT NULL,
	"name" text,
	"start" text,
	"reference_id" text NOT NULL,
	"prefix" text,
	"key" text NOT NULL,
	"refill_interval" integer,
	"refill_amount" integer,
	"last_refill_at" timestamp (3) with time zone,
	"enabled" boolean DEFAULT true,
	"rate_limit_enabled" boolean DEFAULT true,
	"rate_limit_time_window" integer,
	"rate_limit_max" integer,
	"request_count" integer DEFAULT 0,
	"remaining" integer,
	"last_request" timestamp (3) with time zone,
	"expires_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"permissions" text,
	"metadata" text
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "account" ADD CONSTRAINT "account_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "song_comments" ADD CONSTRAINT "song_comments_song_id_songs_id_fk" FOREIGN KEY ("song_id") REFERENCES "public"."songs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "song_comments" ADD CONSTRAINT "song_comments_author_id_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "song_likes" ADD CONSTRAINT "song_likes_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "song_likes" ADD CONSTRAINT "song_likes_song_id_songs_id_fk" FOREIGN KEY ("song_id") REFERENCES "public"."songs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "song_plays" ADD CONSTRAINT "song_plays_song_id_songs_id_fk" FOREIGN KEY ("song_id") REFERENCES "public"."songs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "song_plays" ADD CONSTRAINT "song_plays_listener_id_user_id_fk" FOREIGN KEY ("listener_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "songs" ADD CONSTRAINT "songs_owner_id_user_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "songs" ADD CONSTRAINT "songs_parent_id_songs_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."songs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playlist_songs" ADD CONSTRAINT "playlist_songs_playlist_id_playlists_id_fk" FOREIGN KEY ("playlist_id") REFERENCES "public"."playlists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playlist_songs" ADD CONSTRAINT "playlist_songs_song_id_songs_id_fk" FOREIGN KEY ("song_id") REFERENCES "public"."songs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playlists" ADD CONSTRAINT "playlists_owner_id_user_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_owner_id_user_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_song_id_songs_id_fk" FOREIGN KEY ("song_id") REFERENCES "public"."songs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "apikey" ADD CONSTRAINT "apikey_reference_id_user_id_fk" FOREIGN KEY ("reference_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_user_id_idx" ON "account" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "session_user_id_idx" ON "session" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "verification_identifier_idx" ON "verification" USING btree ("identifier");--> statement-breakpoint
CREATE INDEX "song_comments_song_id_created_idx" ON "song_comments" USING btree ("song_id","created_at","id");--> statement-breakpoint
CREATE INDEX "song_comments_author_id_idx" ON "song_comments" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "song_likes_song_id_idx" ON "song_likes" USING btree ("song_id");--> statement-breakpoint
CREATE UNIQUE INDEX "song_plays_dedupe_idx" ON "song_plays" USING btree ("song_id","listener_key","window_start");--> statement-breakpoint
CREATE INDEX "song_plays_song_id_played_at_idx" ON "song_plays" USING btree ("song_id","played_at");--> statement-breakpoint
CREATE INDEX "song_plays_listener_id_idx" ON "song_plays" USING btree ("listener_id");--> statement-breakpoint
CREATE INDEX "songs_owner_id_created_idx" ON "songs" USING btree ("owner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "songs_parent_id_idx" ON "songs" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "songs_public_new_idx" ON "songs" USING btree ("created_at","id") WHERE "songs"."is_public";--> statement-breakpoint
CREATE INDEX "songs_public_top_idx" ON "songs" USING btree ("like_count","id") WHERE "songs"."is_public";--> statement-breakpoint
CREATE INDEX "songs_public_trending_idx" ON "songs" USING btree ("trending_score","id") WHERE "songs"."is_public";--> statement-breakpoint
CREATE INDEX "songs_public_genre_new_idx" ON "songs" USING btree ("genre","created_at","id") WHERE "songs"."is_public";--> statement-breakpoint
CREATE INDEX "songs_public_genre_top_idx" ON "songs" USING btree ("genre","like_count","id") WHERE "songs"."is_public";--> statement-breakpoint
CREATE INDEX "songs_public_mood_new_idx" ON "songs" USING btree ("mood","created_at","id") WHERE "songs"."is_public";--> statement-breakpoint
CREATE INDEX "songs_public_mood_top_idx" ON "songs" USING btree ("mood","like_count","id") WHERE "songs"."is_public";--> statement-breakpoint
CREATE INDEX "songs_public_genre_trending_idx" ON "songs" USING btree ("genre","trending_score","id") WHERE "songs"."is_public";--> statement-breakpoint
CREATE INDEX "songs_public_mood_trending_idx" ON "songs" USING btree ("mood","trending_score","id") WHERE "songs"."is_public";--> statement-breakpoint
CREATE INDEX "songs_search_idx" ON "songs" USING gin ("search_vector");--> statement-breakpoint
CREATE UNIQUE INDEX "playlist_songs_position_idx" ON "playlist_songs" USING btree ("playlist_id","position");--> statement-breakpoint
CREATE INDEX "playlist_songs_song_id_idx" ON "playlist_songs" USING btree ("song_id");--> statement-breakpoint
CREATE INDEX "playlists_owner_id_created_idx" ON "playlists" USING btree ("owner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "conversations_owner_id_updated_idx" ON "conversations" USING btree ("owner_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "conversations_song_id_idx" ON "conversations" USING btree ("song_id");--> statement-breakpoint
CREATE INDEX "messages_conversation_id_id_idx" ON "messages" USING btree ("conversation_id","id");--> statement-breakpoint
CREATE INDEX "apikey_reference_id_idx" ON "apikey" USING btree ("reference_id");--> statement-breakpoint
CREATE INDEX "apikey_key_idx" ON "apikey" USING btree ("key");--> statement-breakpoint
CREATE INDEX "apikey_config_id_idx" ON "apikey" USING btree ("config_id");--> statement-breakpoint
CREATE INDEX "rate_limits_expire_idx" ON "rate_limits" USING btree ("expire");