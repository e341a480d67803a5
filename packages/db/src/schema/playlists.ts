import { relations, sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { createInsertSchema, createSelectSchema, createUpdateSchema } from "drizzle-zod";
import { z } from "zod";
import { LIMITS } from "../constants";
import { user } from "./auth";
import { createdAt, orderKey, updatedAt } from "./columns";
import { songs } from "./songs";

export const playlists = pgTable(
  "playlists",
  {
    id: uuid().primaryKey().defaultRandom(),
    ownerId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    name: varchar({ length: LIMITS.playlistNameMax }).notNull(),
    description: varchar({ length: LIMITS.playlistDescriptionMax }),
    isPublic: boolean().notNull().default(false),
    /**
     * How many entries the playlist holds, whoever can see their songs. Kept by triggers on
     * playlist_songs (migration 0008), in the statement that adds or removes entries, cascades
     * from a deleted song or account included.
     */
    songCount: integer().notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("playlists_name_not_blank", sql`length(btrim(${t.name})) > 0`),
    index("playlists_owner_id_created_idx").on(t.ownerId, t.createdAt, t.id),
  ],
);

/**
 * A playlist's songs, ordered by a fractional key: moving a song rewrites one row, and readers
 * see positions 0..n-1 with no gaps, whatever the keys are.
 */
export const playlistSongs = pgTable(
  "playlist_songs",
  {
    playlistId: uuid()
      .notNull()
      .references(() => playlists.id, { onDelete: "cascade" }),
    songId: uuid()
      .notNull()
      .references(() => songs.id, { onDelete: "cascade" }),
    position: orderKey().notNull(),
    addedAt: createdAt(),
    /**
     * The song's owner while the song is private (the only one who sees this entry), NULL
     * while it is public. Copied from `songs` by triggers (migration 0008) when the entry is
     * added and whenever the song changes privacy, so that counting what a viewer sees reads
     * the few private entries instead of probing `songs` for every entry.
     */
    privateOwnerId: text(),
  },
  (t) => [
    primaryKey({ columns: [t.playlistId, t.songId] }),
    uniqueIndex("playlist_songs_position_idx").on(t.playlistId, t.position),
    index("playlist_songs_song_id_idx").on(t.songId),
    index("playlist_songs_private_idx")
      .on(t.playlistId, t.privateOwnerId)
      .where(sql`${t.privateOwnerId} IS NOT NULL`),
  ],
);

export const playlistsRelations = relations(playlists, ({ one, many }) => ({
  owner: one(user, { fields: [playlists.ownerId], references: [user.id] }),
  songs: many(playlistSongs),
}));
export const playlistSongsRelations = relations(playlistSongs, ({ one }) => ({
  playlist: one(playlists, { fields: [playlistSongs.playlistId], references: [playlists.id] }),
  song: one(songs, { fields: [playlistSongs.songId], references: [songs.id] }),
}));

const playlistRefinements = {
  name: () =>
    z
      .string()
      .trim()
      .min(1, "Name must not be empty")
      .max(LIMITS.playlistNameMax, `Name is at most ${LIMITS.playlistNameMax} characters`),
  description: () => z.string().trim().max(LIMITS.playlistDescriptionMax),
};

export const insertPlaylistSchema = createInsertSchema(playlists, playlistRefinements)
  .pick({ name: true, description: true, isPublic: true })
  .partial({ description: true })
  .strict();
export const updatePlaylistSchema = createUpdateSchema(playlists, playlistRefinements)
  .pick({ name: true, description: true, isPublic: true })
  .strict();
export const selectPlaylistSchema = createSelectSchema(playlists);

export type Playlist = typeof playlists.$inferSelect;
export type InsertPlaylist = z.infer<typeof insertPlaylistSchema>;
export type UpdatePlaylist = z.infer<typeof updatePlaylistSchema>;
export type PlaylistSong = typeof playlistSongs.$inferSelect;
