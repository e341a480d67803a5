SET LOCAL lock_timeout = '10s';--> statement-breakpoint
SET LOCAL statement_timeout = '60s';--> statement-breakpoint
ALTER TABLE "songs" ADD COLUMN "rendered_fraction" real;--> statement-breakpoint
ALTER TABLE "songs" ADD COLUMN "rendering_section" integer;--> statement-breakpoint
-- NOT VALID: both columns were just added and are NULL everywhere, which the check allows, so
-- there is nothing to scan for; new and updated rows are checked all the same.
ALTER TABLE "songs" ADD CONSTRAINT "songs_render_progress_range" CHECK (("songs"."rendered_fraction" IS NULL OR ("songs"."rendered_fraction" >= 0 AND "songs"."rendered_fraction" <= 1)) AND ("songs"."rendering_section" IS NULL OR "songs"."rendering_section" >= 0)) NOT VALID;
