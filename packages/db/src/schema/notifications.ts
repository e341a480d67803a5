import { sql } from "drizzle-orm";
import { check, index, pgTable, real, text, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { createdAt, timestampMs } from "./columns";
import { notificationKindEnum } from "./enums";
import { songComments, songs } from "./songs";

/**
 * Something someone did that its recipient is told about: one row per event (a like storm
 * writes at most one row per like). Rows go with the recipient, the actor, the song and the
 * comment they are about (cascades), so deleting a song or an account removes them. Whether a
 * row may be shown is decided on read (see listNotifications): a remix that is private, or a
 * song the recipient can no longer see, is never revealed.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    recipientId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    actorId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    kind: notificationKindEnum().notNull(),
    /** The recipient's song it is about (null for a follow). */
    songId: uuid().references(() => songs.id, { onDelete: "cascade" }),
    /** The actor's new song made from it (remix, cover, extension, new section). */
    remixId: uuid().references(() => songs.id, { onDelete: "cascade" }),
    /** The comment (kind comment). */
    commentId: uuid().references(() => songComments.id, { onDelete: "cascade" }),
    /** The moment in the track a comment is pinned to, in seconds. */
    atSec: real(),
    readAt: timestampMs(),
    createdAt: createdAt(),
  },
  (t) => [
    check("notifications_not_self", sql`${t.recipientId} <> ${t.actorId}`),
    // The recipient's list, newest first, as keyset pages.
    index("notifications_recipient_created_idx").on(t.recipientId, t.createdAt, t.id),
    // The list's groups ("Ana and 12 others liked Night Drive"): stepping from one song's
    // likes to the next, and each group's newest event, are single index probes.
    index("notifications_recipient_group_idx").on(
      t.recipientId,
      t.kind,
      t.songId,
      t.createdAt,
      t.id,
    ),
    // The list's single-event lines (comments, remixes), newest first, without walking past
    // the grouped likes, reposts and follows.
    index("notifications_recipient_single_idx")
      .on(t.recipientId, t.createdAt, t.id)
      .where(sql`${t.kind} NOT IN ('like', 'repost', 'follow')`),
    // The unread count: only unread rows are indexed.
    index("notifications_recipient_unread_idx")
      .on(t.recipientId)
      .where(sql`${t.readAt} IS NULL`),
    index("notifications_actor_id_idx").on(t.actorId),
    // For the cascades only: partial, so the many rows without one (follows; everything but
    // remixes; everything but comments) cost no index entry.
    index("notifications_song_id_idx")
      .on(t.songId)
      .where(sql`${t.songId} IS NOT NULL`),
    index("notifications_remix_id_idx")
      .on(t.remixId)
      .where(sql`${t.remixId} IS NOT NULL`),
    index("notifications_comment_id_idx")
      .on(t.commentId)
      .where(sql`${t.commentId} IS NOT NULL`),
  ],
);

export type Notification = typeof notifications.$inferSelect;
