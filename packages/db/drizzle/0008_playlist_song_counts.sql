SET LOCAL lock_timeout = '10s';--> statement-breakpoint
SET LOCAL statement_timeout = '60s';--> statement-breakpoint
ALTER TABLE "playlist_songs" ADD COLUMN "private_owner_id" text;--> statement-breakpoint
ALTER TABLE "playlists" ADD COLUMN "song_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- How many songs of a playlist a viewer sees is playlists.song_count minus its private entries
-- that are not the viewer's (storage/playlists.ts). Both are kept by the database itself, in the
-- statement that changes them, because entries also go away by cascade (a song or an account
-- deleted) and songs change privacy outside the playlist code.
--
-- An entry copies its song's privacy when it is added. A writer that adds entries while songs
-- may change privacy locks the song row FOR SHARE first (addSongToPlaylist does), so that the
-- copy and a concurrent change of privacy cannot miss each other.
CREATE FUNCTION "playlist_songs_copy_privacy"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT CASE WHEN s.is_public THEN NULL ELSE s.owner_id END
    INTO NEW.private_owner_id
    FROM songs s WHERE s.id = NEW.song_id;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "playlist_songs_copy_privacy" BEFORE INSERT ON "playlist_songs"
  FOR EACH ROW EXECUTE FUNCTION "playlist_songs_copy_privacy"();--> statement-breakpoint
-- A song turned private (or public) updates its entries only, never the playlists' rows, so
-- it does not wait on (or deadlock with) someone editing a playlist the song is in.
CREATE FUNCTION "songs_privacy_to_playlist_songs"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE playlist_songs
    SET private_owner_id = CASE WHEN NEW.is_public THEN NULL ELSE NEW.owner_id END
    WHERE song_id = NEW.id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "songs_privacy_to_playlist_songs" AFTER UPDATE OF "is_public", "owner_id" ON "songs"
  FOR EACH ROW
  WHEN (OLD.is_public IS DISTINCT FROM NEW.is_public OR OLD.owner_id IS DISTINCT FROM NEW.owner_id)
  EXECUTE FUNCTION "songs_privacy_to_playlist_songs"();--> statement-breakpoint
-- Counted once per statement (a seed or a cascade adds or removes many entries at once).
CREATE FUNCTION "playlists_count_added_songs"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE playlists p SET song_count = p.song_count + a.n
    FROM (SELECT playlist_id, count(*)::int AS n FROM added GROUP BY playlist_id) a
    WHERE p.id = a.playlist_id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "playlist_songs_count_added" AFTER INSERT ON "playlist_songs"
  REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION "playlists_count_added_songs"();--> statement-breakpoint
CREATE FUNCTION "playlists_count_removed_songs"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A deleted song leaves many playlists at once: lock them in one order, so that two such
  -- deletions wait for each other instead of deadlocking.
  PERFORM 1 FROM playlists
    WHERE id IN (SELECT playlist_id FROM removed) ORDER BY id FOR NO KEY UPDATE;
  UPDATE playlists p SET song_count = p.song_count - r.n
    FROM (SELECT playlist_id, count(*)::int AS n FROM removed GROUP BY playlist_id) r
    WHERE p.id = r.playlist_id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "playlist_songs_count_removed" AFTER DELETE ON "playlist_songs"
  REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION "playlists_count_removed_songs"();--> statement-breakpoint
-- Existing rows, after the triggers: creating them locked both tables against writes until
-- this migration commits, so nothing is counted twice or missed.
UPDATE "playlist_songs" ps SET "private_owner_id" = s.owner_id
  FROM "songs" s WHERE s.id = ps.song_id AND NOT s.is_public;--> statement-breakpoint
UPDATE "playlists" p SET "song_count" = c.n
  FROM (SELECT playlist_id, count(*)::int AS n FROM "playlist_songs" GROUP BY playlist_id) c
  WHERE p.id = c.playlist_id;--> statement-breakpoint
-- Drizzle's migrator runs every migration inside one transaction, where CONCURRENTLY is not
-- allowed. The index holds only private entries (a small part of playlist_songs): on a large
-- live database build it by hand with CREATE INDEX CONCURRENTLY (same name) before deploying.
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX IF NOT EXISTS "playlist_songs_private_idx" ON "playlist_songs" USING btree ("playlist_id","private_owner_id") WHERE "playlist_songs"."private_owner_id" IS NOT NULL;
