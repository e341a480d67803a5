import { and, count, eq, gte, sql, sum } from "drizzle-orm";
import type { DbOrTx } from "../database";
import type { Genre } from "../constants";
import { songPlays, songs } from "../schema";
import { exactLikeCount } from "./likes";

export interface UserStats {
  songCount: number;
  publicSongCount: number;
  totalPlays: number;
  likesReceived: number;
  commentsReceived: number;
  /** One entry per UTC day of the window, oldest first, zero-filled. */
  playsPerDay: { day: string; plays: number }[];
  songsPerGenre: { genre: Genre; count: number }[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A user's numbers, computed by aggregates in the database (no rows are loaded). */
export async function getUserStats(
  db: DbOrTx,
  userId: string,
  options: { days?: number; now?: Date } = {},
): Promise<UserStats> {
  const days = Math.min(Math.max(Math.trunc(options.days ?? 30), 1), 365);
  const now = options.now ?? new Date();
  const firstDay = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (days - 1) * DAY_MS,
  );

  const [totals] = await db
    .select({
      songCount: count(),
      publicSongCount: sql<number>`count(*) filter (where ${songs.isPublic})::int`,
      totalPlays: sql<number>`coalesce(${sum(songs.playCount)}, 0)::int`,
      likesReceived: sql<number>`coalesce(sum(${exactLikeCount(songs)}), 0)::int`,
      commentsReceived: sql<number>`coalesce(${sum(songs.commentCount)}, 0)::int`,
    })
    .from(songs)
    .where(eq(songs.ownerId, userId));

  const dayExpr = sql<string>`to_char(date_trunc('day', ${songPlays.playedAt} at time zone 'UTC'), 'YYYY-MM-DD')`;
  const perDay = await db
    .select({ day: dayExpr, plays: sql<number>`count(*)::int` })
    .from(songPlays)
    .innerJoin(songs, eq(songs.id, songPlays.songId))
    .where(and(eq(songs.ownerId, userId), gte(songPlays.playedAt, firstDay)))
    .groupBy(dayExpr);
  const playsByDay = new Map(perDay.map((row) => [row.day, row.plays]));

  const perGenre = await db
    .select({ genre: songs.genre, count: sql<number>`count(*)::int` })
    .from(songs)
    .where(eq(songs.ownerId, userId))
    .groupBy(songs.genre)
    .orderBy(sql`count(*) desc`, songs.genre);

  const playsPerDay = Array.from({ length: days }, (_, i) => {
    const day = new Date(firstDay.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    return { day, plays: playsByDay.get(day) ?? 0 };
  });

  return {
    songCount: totals?.songCount ?? 0,
    publicSongCount: totals?.publicSongCount ?? 0,
    totalPlays: totals?.totalPlays ?? 0,
    likesReceived: totals?.likesReceived ?? 0,
    commentsReceived: totals?.commentsReceived ?? 0,
    playsPerDay,
    songsPerGenre: perGenre,
  };
}
