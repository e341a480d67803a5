import { and, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { DbOrTx } from "../database";
import { selectRows } from "../driver-rows";
import { songs } from "../schema";
import { foldLikeSlots } from "./likes";
import { songIsPublic } from "./visibility";

/**
 * Brings every public song's stored trending score up to date with `trendingScoreSql`, and
 * returns how many scores changed. The formula does not depend on the clock, so only songs
 * whose counters moved since the last run (or that just became public) are written: the
 * scan reads the table in slices of `TRENDING_BATCH_BLOCKS` pages (a TID range scan, one
 * short statement each, so no slice holds row locks for long), and the UPDATE touches only
 * rows whose score IS DISTINCT FROM the computed one. It folds the like slots first
 * (foldLikeSlots). Run by a background job every minute.
 */
export async function refreshTrendingScores(db: DbOrTx): Promise<number> {
  // Scores are computed from songs.like_count: bring the likes in the slots over first.
  await foldLikeSlots(db);
  const [size] = await selectRows<{ blocks: number }>(
    db,
    sql`select (pg_relation_size('songs') / current_setting('block_size')::int)::int as blocks`,
  );
  const score = trendingScoreSql({
    likeCount: songs.likeCount,
    playCount: songs.playCount,
    createdAt: songs.createdAt,
  });
  let changed = 0;
  for (let start = 0; start < Math.max(size?.blocks ?? 0, 1); start += TRENDING_BATCH_BLOCKS) {
    const end = start + TRENDING_BATCH_BLOCKS;
    // The last slice is open-ended: rows written past the end while we scanned are included.
    const last = end >= (size?.blocks ?? 0);
    const rows = await db
      .update(songs)
      .set({ trendingScore: score })
      .where(
        and(
          songIsPublic,
          sql`${songs.trendingScore} is distinct from ${score}`,
          sql`ctid >= ${`(${start},0)`}::tid`,
          last ? undefined : sql`ctid < ${`(${end},0)`}::tid`,
        ),
      )
      .returning({ id: songs.id });
    changed += rows.length;
  }
  return changed;
}

/** Pages of `songs` one refresh statement scans (4096 × 8 kB = 32 MB, ~30 000 songs at 1M). */
const TRENDING_BATCH_BLOCKS = 4096;

/** Reddit's epoch for its "hot" ranking (2005-12-08 07:46:43 UTC), in seconds. */
const HOT_EPOCH_SEC = 1134028003;
/** Seconds of age that weigh as much as a tenfold change in votes (12.5 hours). */
const HOT_DECAY_SEC = 45000;

/**
 * Reddit's "hot" ranking in float8, as published in reddit's `_sorts.pyx`:
 * log10(max(votes, 1)) + (created epoch − 1134028003) / 45000. Newer songs start higher
 * and every tenfold of votes is worth 12.5 hours of recency, so the order is "recent and
 * popular first" — without reference to the current time: a score changes only when the
 * song's counters do, which is what keeps the refresh cheap. (Votes are never negative
 * here, so Reddit's sign term is 1 or, at zero votes, irrelevant.)
 * Votes = likes + plays / 10: a like is a deliberate endorsement of the song, while plays
 * are passive and repeat (one per listener and dedupe window); about one listener in ten
 * likes what they play, so ten plays weigh one like and neither drowns the other.
 * Also used by the bulk seed, over its own expressions.
 */
export function trendingScoreSql(of: {
  likeCount: SQLWrapper;
  playCount: SQLWrapper;
  createdAt: SQLWrapper;
}): SQL<number> {
  return sql<number>`(log(greatest(${of.likeCount}::float8 + ${of.playCount}::float8 / 10.0, 1.0)) + (extract(epoch from ${of.createdAt})::float8 - ${sql.raw(String(HOT_EPOCH_SEC))}) / ${sql.raw(String(HOT_DECAY_SEC))}.0)`;
}
