import { index, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { createdAt } from "./columns";
import { songs } from "./songs";

/**
 * Who reposts which song: one row per person and song. A repost shows someone else's public
 * song to the reposter's followers (the following feed) and on their profile, credited to its
 * creator; songs.repost_count moves with the rows (see repostSong).
 */
export const songReposts = pgTable(
  "song_reposts",
  {
    userId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    songId: uuid()
      .notNull()
      .references(() => songs.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.songId] }),
    // A reposter's newest reposts first (following feed, profile), as keyset pages.
    index("song_reposts_user_created_idx").on(t.userId, t.createdAt, t.songId),
    index("song_reposts_song_id_idx").on(t.songId),
    // Everyone's newest reposts first, reposter read from the index: the following feed walks
    // it and keeps the reposts of people followed (see getFollowingFeed).
    index("song_reposts_created_idx").on(t.createdAt, t.songId, t.userId),
  ],
);

export type SongRepost = typeof songReposts.$inferSelect;
