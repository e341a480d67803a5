SET LOCAL lock_timeout = '10s';--> statement-breakpoint
SET LOCAL statement_timeout = '60s';--> statement-breakpoint
CREATE TABLE "song_like_slots" (
	"song_id" uuid NOT NULL,
	"slot" integer NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "song_like_slots_song_id_slot_pk" PRIMARY KEY("song_id","slot")
);
--> statement-breakpoint
ALTER TABLE "song_like_slots" ADD CONSTRAINT "song_like_slots_song_id_songs_id_fk" FOREIGN KEY ("song_id") REFERENCES "public"."songs"("id") ON DELETE cascade ON UPDATE no action;