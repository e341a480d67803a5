// What must hold in the database after any load or fault: counters equal their rows, playlists
// are gap-free and unique, no song is left queued or rendering, and nothing the server
// acknowledged was lost. Each check returns readable problems (empty when all is well).
import postgres from "postgres";
import type { LoadState } from "./load";

export type Sql = ReturnType<typeof postgres>;
export const openSql = (url: string): Sql => postgres(url, { max: 2, onnotice: () => {} });

/** Waits until no song is queued or rendering; returns the ones still unsettled at the deadline. */
export async function waitForSongsToSettle(sql: Sql, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = await sql<{ id: string; status: string }[]>`
      select id, status::text from songs where status in ('queued', 'rendering')`;
    if (pending.length === 0 || Date.now() > deadline) return pending.map((row) => ({ ...row }));
    await new Promise((done) => setTimeout(done, 500));
  }
}

export async function songsByStatus(sql: Sql): Promise<Record<string, number>> {
  const rows = await sql<{ status: string; n: number }[]>`
    select status::text, count(*)::int as n from songs group by status order by status`;
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

/** Every denormalised counter against the rows it counts. */
export async function counterProblems(sql: Sql): Promise<string[]> {
  const rows = await sql<
    {
      id: string;
      like_count: number;
      likes: number;
      play_count: number;
      plays: number;
      comment_count: number;
      comments: number;
    }[]
  >`
    select s.id,
      -- The exact like count: the folded column plus the slots not folded yet.
      (s.like_count + coalesce(
        (select sum(n) from song_like_slots k where k.song_id = s.id), 0))::int as like_count,
      s.play_count, s.comment_count,
      (select count(*) from song_likes l where l.song_id = s.id)::int as likes,
      (select count(*) from song_plays p where p.song_id = s.id)::int as plays,
      (select count(*) from song_comments c where c.song_id = s.id)::int as comments
    from songs s`;
  const problems: string[] = [];
  for (const row of rows) {
    if (row.like_count !== row.likes)
      problems.push(`song ${row.id}: like_count ${row.like_count}, ${row.likes} song_likes rows`);
    if (row.play_count !== row.plays)
      problems.push(`song ${row.id}: play_count ${row.play_count}, ${row.plays} song_plays rows`);
    if (row.comment_count !== row.comments)
      problems.push(
        `song ${row.id}: comment_count ${row.comment_count}, ${row.comments} comment rows`,
      );
  }
  // Follower counts: the sum of a user's follower slots against their follow rows.
  const followers = await sql<{ id: string; follower_count: number; follows: number }[]>`
    select u.id,
      coalesce((select sum(n) from follower_count_slots k where k.user_id = u.id), 0)::int
        as follower_count,
      (select count(*) from follows f where f.followee_id = u.id)::int as follows
    from "user" u`;
  for (const row of followers) {
    if (row.follower_count !== row.follows)
      problems.push(`user ${row.id}: follower count ${row.follower_count}, ${row.follows} rows`);
  }
  // Repost counts: songs.repost_count against the repost rows.
  const reposts = await sql<{ id: string; repost_count: number; rows: number }[]>`
    select s.id, s.repost_count,
      (select count(*) from song_reposts r where r.song_id = s.id)::int as rows
    from songs s`;
  for (const row of reposts) {
    if (row.repost_count !== row.rows)
      problems.push(`song ${row.id}: repost_count ${row.repost_count}, ${row.rows} repost rows`);
  }
  return problems;
}

/**
 * Each load playlist: unique songs and keys in the database, the API's positions 0..n-1 in the
 * database's order, and an order the server acknowledged (or one an unanswered write allows).
 */
export async function playlistProblems(sql: Sql, state: LoadState): Promise<string[]> {
  const problems: string[] = [];
  const duplicates = await sql<{ playlist_id: string }[]>`
    select playlist_id from playlist_songs group by playlist_id
    having count(*) <> count(distinct position) or count(*) <> count(distinct song_id)`;
  for (const row of duplicates) problems.push(`playlist ${row.playlist_id}: duplicate entries`);
  for (const worker of state.workers) {
    const rows = await sql<{ song_id: string }[]>`
      select song_id from playlist_songs where playlist_id = ${worker.playlistId} order by position`;
    const stored = rows.map((row) => row.song_id);
    const view = await worker.user.client.playlist.byId.query({ id: worker.playlistId });
    const positions = view.songs.map((entry) => entry.position);
    if (positions.some((position, index) => position !== index))
      problems.push(`playlist ${worker.playlistId}: positions ${positions.join(",")}`);
    if (view.songs.map((entry) => entry.song.id).join() !== stored.join())
      problems.push(`playlist ${worker.playlistId}: the API's order differs from the rows'`);
    if (!worker.playlist.some((possible) => possible.join() === stored.join()))
      problems.push(
        `playlist ${worker.playlistId}: holds [${stored.join(",")}], acknowledged ${JSON.stringify(worker.playlist)}`,
      );
  }
  return problems;
}

/** Acknowledged likes, comments and songs are all stored (durability of answered writes). */
export async function ledgerProblems(sql: Sql, state: LoadState): Promise<string[]> {
  const problems: string[] = [];
  for (const worker of state.workers) {
    const liked = new Set(
      (
        await sql<
          { song_id: string }[]
        >`select song_id from song_likes where user_id = ${worker.user.id}`
      ).map((row) => row.song_id),
    );
    for (const [songId, possible] of worker.likes) {
      if (!possible.includes(liked.has(songId)))
        problems.push(
          `user ${worker.index} song ${songId}: liked=${liked.has(songId)}, acknowledged ${possible.join("|")}`,
        );
    }
    if (worker.commentsAcked.length > 0) {
      const [found] = await sql<{ n: number }[]>`
        select count(*)::int as n from song_comments where id in ${sql(worker.commentsAcked)}`;
      if (found!.n !== worker.commentsAcked.length)
        problems.push(
          `user ${worker.index}: ${worker.commentsAcked.length - found!.n} acknowledged comments missing`,
        );
    }
    if (worker.songsAcked.length > 0) {
      const [found] = await sql<{ n: number }[]>`
        select count(*)::int as n from songs where id in ${sql(worker.songsAcked)}`;
      if (found!.n !== worker.songsAcked.length)
        problems.push(
          `user ${worker.index}: ${worker.songsAcked.length - found!.n} acknowledged songs missing`,
        );
    }
  }
  return problems;
}

/** Assistant replies still marked streaming (a stream cut off without its final write). */
export async function streamingMessages(sql: Sql): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from messages where status = 'streaming'`;
  return row!.n;
}

/** All the checks after load: songs given `settleMs` to finish rendering first. */
export async function checkConsistency(sql: Sql, state: LoadState, settleMs: number) {
  const unsettled = await waitForSongsToSettle(sql, settleMs);
  return {
    unsettled,
    songsByStatus: await songsByStatus(sql),
    counters: await counterProblems(sql),
    playlists: await playlistProblems(sql, state),
    ledger: await ledgerProblems(sql, state),
    streamingMessages: await streamingMessages(sql),
  };
}
export type ConsistencyReport = Awaited<ReturnType<typeof checkConsistency>>;
