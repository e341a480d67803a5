import { pgTable, text } from "drizzle-orm/pg-core";
import { bytea, createdAt } from "./columns";

/**
 * The pictures songs were made from (image mode), kept as their covers: square WebP, stripped of
 * metadata, addressed by the sha256 of the bytes (`songs.inference->>'pictureKey'`), so the takes
 * of one request share a row. In the database, not on disk, because a picture cannot be made
 * again like audio can, and app instances share no disk. A row goes when no song names it.
 */
export const songPictures = pgTable("song_pictures", {
  key: text().primaryKey(),
  bytes: bytea().notNull(),
  createdAt: createdAt(),
});
