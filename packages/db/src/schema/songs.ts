import { relations, sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { createInsertSchema, createSelectSchema, createUpdateSchema } from "drizzle-zod";
import { z } from "zod";
import { LIMITS } from "../constants";
import { user } from "./auth";
import { createdAt, tsvector, updatedAt } from "./columns";
import { creationModeEnum, genreEnum, moodEnum, songStatusEnum } from "./enums";

/** JSON values stored in jsonb columns; the music package owns their detailed shape. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const songs = pgTable(
  "songs",
  {
    id: uuid().primaryKey().defaultRandom(),
    ownerId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    title: varchar({ length: LIMITS.titleMax }).notNull(),
    description: varchar({ length: LIMITS.descriptionMax }),
    lyrics: varchar({ length: LIMITS.lyricsMax }),
    mood: moodEnum().notNull(),
    genre: genreEnum().notNull(),
    creationMode: creationModeEnum().notNull(),
    isPublic: boolean().notNull().default(false),
    playCount: integer().notNull().default(0),
    likeCount: integer().notNull().default(0),
    commentCount: integer().notNull().default(0),
    /** How many people repost the song (see repostSong); moved with each repost row. */
    repostCount: integer().notNull().default(0),
    durationSec: real().notNull(),
    seed: integer().notNull(),
    /** The score the synth renders: tempo, key, sections, notes, lyric alignment, engine version. */
    composition: jsonb().$type<JsonObject>(),
    /** What was inferred from an uploaded picture (mood, tempo, brightness…), shown to the user. */
    inference: jsonb().$type<JsonObject>(),
    /**
     * The key of the cover its owner uploaded (a `song_pictures` row), preferred over the picture
     * image mode kept (`inference->>'pictureKey'`, left as it is) and the drawn cover; null: none.
     */
    coverKey: text(),
    /** The waveform the player draws: 200 peaks, one byte each, as base64url text (see @harmoniq/music/waveform). */
    waveform: text(),
    status: songStatusEnum().notNull().default("queued"),
    /** Why rendering failed, in words a user can read. */
    statusMessage: text(),
    /**
     * While the song renders: the share of its audio made (0..1) and the 0-based index of the
     * section being made, written by whichever instance renders it (see setSongRenderProgress);
     * null otherwise.
     */
    renderedFraction: real(),
    renderingSection: integer(),
    parentId: uuid().references((): AnyPgColumn => songs.id, { onDelete: "set null" }),
    /**
     * The takes made by one `song.create` request share this id (null: a single take). No
     * foreign key: the group outlives any one take, e.g. after the owner keeps the other.
     */
    takeGroupId: uuid(),
    /** The take's place in its group, from 1, in the order the request returned them. */
    takeNumber: integer(),
    /** Reddit "hot" score (see trendingScoreSql), refreshed in the background; indexed for the trending feed. */
    trendingScore: doublePrecision().notNull().default(0),
    searchVector: tsvector().generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce("title", '')), 'A') || setweight(to_tsvector('english', coalesce("description", '')), 'B') || setweight(to_tsvector('english', coalesce("lyrics", '')), 'C')`,
    ),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check(
      "songs_counts_non_negative",
      sql`${t.playCount} >= 0 AND ${t.likeCount} >= 0 AND ${t.commentCount} >= 0`,
    ),
    check("songs_repost_count_non_negative", sql`${t.repostCount} >= 0`),
    check("songs_title_not_blank", sql`length(btrim(${t.title})) > 0`),
    check("songs_duration_range", sql`${t.durationSec} > 0 AND ${t.durationSec} <= 600`),
    check("songs_seed_non_negative", sql`${t.seed} >= 0`),
    check(
      "songs_render_progress_range",
      sql`(${t.renderedFraction} IS NULL OR (${t.renderedFraction} >= 0 AND ${t.renderedFraction} <= 1)) AND (${t.renderingSection} IS NULL OR ${t.renderingSection} >= 0)`,
    ),
    check(
      "songs_take_in_group",
      sql`(${t.takeGroupId} IS NULL AND ${t.takeNumber} IS NULL) OR (${t.takeGroupId} IS NOT NULL AND ${t.takeNumber} >= 1)`,
    ),
    index("songs_owner_id_created_idx").on(t.ownerId, t.createdAt, t.id),
    index("songs_parent_id_idx").on(t.parentId),
    index("songs_take_group_idx")
      .on(t.takeGroupId, t.takeNumber)
      .where(sql`${t.takeGroupId} IS NOT NULL`),
    // The following feed: each followed creator's newest public songs, read from the index
    // alone (see getFollowingFeed).
    index("songs_public_owner_new_idx")
      .on(t.ownerId, t.createdAt, t.id)
      .where(sql`${t.isPublic}`),
    // The public feed: one index per sort, and per sort with a genre or mood filter, so every
    // page is an index range scan with no sort step. Ascending on purpose: a backward scan
    // gives PostgreSQL's default DESC order (NULLS FIRST), which Drizzle's  indexes
    // (NULLS LAST) cannot serve.
    // owner_id last: the following feed walks this index newest-first and keeps the songs of
    // people followed, reading the owner from the index alone (see getFollowingFeed).
    index("songs_public_new_owner_idx")
      .on(t.createdAt, t.id, t.ownerId)
      .where(sql`${t.isPublic}`),
    index("songs_public_top_idx")
      .on(t.likeCount, t.id)
      .where(sql`${t.isPublic}`),
    index("songs_public_trending_idx")
      .on(t.trendingScore, t.id)
      .where(sql`${t.isPublic}`),
    index("songs_public_genre_new_idx")
      .on(t.genre, t.createdAt, t.id)
      .where(sql`${t.isPublic}`),
    index("songs_public_genre_top_idx")
      .on(t.genre, t.likeCount, t.id)
      .where(sql`${t.isPublic}`),
    index("songs_public_mood_new_idx")
      .on(t.mood, t.createdAt, t.id)
      .where(sql`${t.isPublic}`),
    index("songs_public_mood_top_idx")
      .on(t.mood, t.likeCount, t.id)
      .where(sql`${t.isPublic}`),
    index("songs_public_genre_trending_idx")
      .on(t.genre, t.trendingScore, t.id)
      .where(sql`${t.isPublic}`),
    index("songs_public_mood_trending_idx")
      .on(t.mood, t.trendingScore, t.id)
      .where(sql`${t.isPublic}`),
    index("songs_search_idx").using("gin", t.searchVector),
    // Substring search (title ILIKE '%ight%'): trigrams of the title, from pg_trgm.
    index("songs_title_trgm_idx").using("gin", t.title.op("gin_trgm_ops")),
    // The player library's alphabetical list (storage/library.ts): public songs by title, read
    // in order instead of sorting every song.
    index("songs_public_title_idx")
      .on(sql`lower(${t.title})`, t.id)
      .where(sql`${t.isPublic}`),
    // A creator's playable songs, counted from the index alone (the player's artist list) and
    // read creator by creator when songs are listed by artist.
    index("songs_owner_status_idx").on(t.ownerId, t.status, t.isPublic),
  ],
);

export const songLikes = pgTable(
  "song_likes",
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
    index("song_likes_song_id_idx").on(t.songId),
  ],
);

/**
 * Likes not yet folded into songs.like_count, spread over a few rows per song so that a viral
 * song's likes do not all queue on one row lock (see likeSong). The exact count is always
 * songs.like_count + the sum of its slots; foldLikeSlots moves the sums into songs.
 */
export const songLikeSlots = pgTable(
  "song_like_slots",
  {
    songId: uuid()
      .notNull()
      .references(() => songs.id, { onDelete: "cascade" }),
    slot: integer().notNull(),
    /** Likes minus unlikes since the last fold (negative when unlikes won). */
    n: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.songId, t.slot] })],
);

export const songPlays = pgTable(
  "song_plays",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    songId: uuid()
      .notNull()
      .references(() => songs.id, { onDelete: "cascade" }),
    /** The signed-in listener, if any; kept as null when that account is deleted. */
    listenerId: text().references(() => user.id, { onDelete: "set null" }),
    /** Who listened, for de-duplication: a user id, or a hash of an anonymous client. */
    listenerKey: text().notNull(),
    /** Start of the de-duplication window the play fell into (epoch seconds). */
    windowStart: bigint({ mode: "number" }).notNull(),
    playedAt: createdAt(),
  },
  (t) => [
    uniqueIndex("song_plays_dedupe_idx").on(t.songId, t.listenerKey, t.windowStart),
    index("song_plays_song_id_played_at_idx").on(t.songId, t.playedAt),
    index("song_plays_listener_id_idx").on(t.listenerId),
  ],
);

export const songComments = pgTable(
  "song_comments",
  {
    id: uuid().primaryKey().defaultRandom(),
    songId: uuid()
      .notNull()
      .references(() => songs.id, { onDelete: "cascade" }),
    authorId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    content: varchar({ length: LIMITS.commentMax }).notNull(),
    /** The moment in the song the comment is pinned to, in seconds. */
    atSec: real(),
    createdAt: createdAt(),
  },
  (t) => [
    check("song_comments_at_sec_non_negative", sql`${t.atSec} IS NULL OR ${t.atSec} >= 0`),
    check("song_comments_content_not_blank", sql`length(btrim(${t.content})) > 0`),
    index("song_comments_song_id_created_idx").on(t.songId, t.createdAt, t.id),
    index("song_comments_author_id_idx").on(t.authorId),
  ],
);

export const songsRelations = relations(songs, ({ one, many }) => ({
  owner: one(user, { fields: [songs.ownerId], references: [user.id] }),
  parent: one(songs, {
    fields: [songs.parentId],
    references: [songs.id],
    relationName: "remixes",
  }),
  remixes: many(songs, { relationName: "remixes" }),
  likes: many(songLikes),
  plays: many(songPlays),
  comments: many(songComments),
}));
export const songLikesRelations = relations(songLikes, ({ one }) => ({
  user: one(user, { fields: [songLikes.userId], references: [user.id] }),
  song: one(songs, { fields: [songLikes.songId], references: [songs.id] }),
}));
export const songPlaysRelations = relations(songPlays, ({ one }) => ({
  song: one(songs, { fields: [songPlays.songId], references: [songs.id] }),
  listener: one(user, { fields: [songPlays.listenerId], references: [user.id] }),
}));
export const songCommentsRelations = relations(songComments, ({ one }) => ({
  song: one(songs, { fields: [songComments.songId], references: [songs.id] }),
  author: one(user, { fields: [songComments.authorId], references: [user.id] }),
}));

// ---- validation schemas (server-managed fields are never accepted from input) ----

const trimmedText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .min(1, `${label} must not be empty`)
    .max(max, `${label} is at most ${max} characters`);

const songFieldRefinements = {
  title: () => trimmedText(LIMITS.titleMax, "Title"),
  description: () => trimmedText(LIMITS.descriptionMax, "Description"),
  lyrics: () => trimmedText(LIMITS.lyricsMax, "Lyrics"),
  durationSec: () => z.number().int().min(LIMITS.durationMinSec).max(LIMITS.durationMaxSec),
  seed: () => z.number().int().min(0).max(LIMITS.seedMax),
};

/** A song as storage inserts it: the owner id is passed separately, from the session. */
export const insertSongSchema = createInsertSchema(songs, songFieldRefinements)
  .omit({
    id: true,
    ownerId: true,
    playCount: true,
    likeCount: true,
    commentCount: true,
    repostCount: true,
    trendingScore: true,
    // Set by createSongTakes alone.
    takeGroupId: true,
    takeNumber: true,
    // Written by the render alone.
    renderedFraction: true,
    renderingSection: true,
    // Set by setSongCover alone, from a picture the server stored.
    coverKey: true,
    createdAt: true,
    updatedAt: true,
  })
  // Refined nullable columns stay optional on insert.
  .partial({ description: true, lyrics: true })
  .strict();

/** What an owner may edit after creation. */
export const updateSongSchema = createUpdateSchema(songs, songFieldRefinements)
  // Lyrics are part of the rendered audio: changing them is a remix, not an edit.
  .pick({ title: true, description: true, isPublic: true })
  .strict();

export const selectSongSchema = createSelectSchema(songs);

export const insertSongCommentSchema = createInsertSchema(songComments, {
  content: () => trimmedText(LIMITS.commentMax, "Comment"),
  atSec: (schema) => schema.min(0, "atSec must not be negative").max(LIMITS.durationMaxSec * 2),
})
  .pick({ songId: true, content: true, atSec: true })
  .partial({ atSec: true })
  .strict();

export const selectSongCommentSchema = createSelectSchema(songComments);

export type Song = typeof songs.$inferSelect;
export type InsertSong = z.infer<typeof insertSongSchema>;
export type UpdateSong = z.infer<typeof updateSongSchema>;
export type SongLike = typeof songLikes.$inferSelect;
export type SongPlay = typeof songPlays.$inferSelect;
export type SongComment = typeof songComments.$inferSelect;
export type InsertSongComment = z.infer<typeof insertSongCommentSchema>;
