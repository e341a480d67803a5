import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { createdAt } from "./columns";

/** Who follows whom: one row per follower and followed user, never oneself. */
export const follows = pgTable(
  "follows",
  {
    followerId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    followeeId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.followerId, t.followeeId] }),
    check("follows_not_self", sql`${t.followerId} <> ${t.followeeId}`),
    // The two lists, newest first, as keyset pages: whom I follow, and who follows me.
    index("follows_follower_created_idx").on(t.followerId, t.createdAt, t.followeeId),
    index("follows_followee_created_idx").on(t.followeeId, t.createdAt, t.followerId),
  ],
);

/**
 * A user's follower count, spread over a few rows (see followUser): a popular creator's new
 * followers queue on sixteen small rows instead of one. The exact count is the sum of the
 * user's slots. Nothing sorts by follower count, so unlike the like slots they are never
 * folded: at most FOLLOWER_SLOTS rows per user are summed on read.
 */
export const followerCountSlots = pgTable(
  "follower_count_slots",
  {
    userId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    slot: integer().notNull(),
    /** Follows minus unfollows counted in this slot (negative when unfollows landed here). */
    n: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.slot] })],
);

export type Follow = typeof follows.$inferSelect;
