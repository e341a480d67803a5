// The feed query written by hand for raw postgres.js: the baseline the Drizzle path and the
// tRPC procedure are measured against (same SQL shape, same search strategy as storage).
import type postgres from "postgres";

export type RawOptions = {
  viewer: string;
  order: "created_at" | "like_count" | "trending_score";
  genre?: string;
  mood?: string;
  tsquery?: string;
  /** An ILIKE pattern for the title (already escaped), ORed with the tsquery when both are set. */
  pattern?: string;
  after?: [Date | number, string];
};

/** The feed query as one would write it by hand, with the same search strategy as storage. */
export async function rawFeed(sql: postgres.Sql, o: RawOptions) {
  if (!o.tsquery && !o.pattern) return rawFeedQuery(sql, o, "none");
  const recent = await rawFeedQuery(sql, o, "recent");
  return recent.length > 20 ? recent : rawFeedQuery(sql, o, "all");
}

export function rawFeedQuery(sql: postgres.Sql, o: RawOptions, search: "none" | "recent" | "all") {
  const order = sql.unsafe(o.order);
  const columns = sql`s.id, s.title, s.description, s.mood, s.genre, s.creation_mode, s.is_public,
    s.status, s.play_count, s.like_count, s.comment_count, s.duration_sec, s.waveform, s.parent_id,
    s.created_at, s.updated_at, s.owner_id, s.trending_score`;
  const where = sql`s.is_public
    ${o.genre ? sql`and s.genre = ${o.genre}` : sql``}
    ${o.mood ? sql`and s.mood = ${o.mood}` : sql``}
    ${o.after ? sql`and (s.${order}, s.id) < (${o.after[0]}, ${o.after[1]}::uuid)` : sql``}`;
  const words = sql`s.search_vector @@ to_tsquery('english', ${o.tsquery ?? ""})`;
  const substring = sql`s.title ilike ${o.pattern ?? ""}`;
  const matches = !o.pattern ? words : !o.tsquery ? substring : sql`(${words} or ${substring})`;
  const page =
    search === "none"
      ? sql`select ${columns} from songs s where ${where} order by s.${order} desc, s.id desc limit ${21}`
      : search === "recent"
        ? sql`select * from (select ${columns}, s.search_vector from songs s where ${where}
                order by s.${order} desc, s.id desc limit 1000) s
              where ${matches}
              order by s.${order} desc, s.id desc limit ${21}`
        : sql`select * from (select ${columns} from songs s where ${where}
                and ${matches} offset 0) s
              order by s.${order} desc, s.id desc limit ${21}`;
  return sql`
    select p.id, p.title, p.description, p.mood, p.genre, p.creation_mode, p.is_public, p.status,
           p.play_count,
           p.like_count + coalesce((select sum(n) from song_like_slots sl where sl.song_id = p.id), 0)
             as like_count,
           p.comment_count, p.duration_sec, p.waveform, p.parent_id,
           p.created_at, p.updated_at, p.trending_score, u.id as author_id, u.name as author_name,
           u.handle as author_handle,
           exists (select 1 from song_likes l where l.user_id = ${o.viewer} and l.song_id = p.id) as liked_by_me
    from (${page}) p join "user" u on u.id = p.owner_id
    order by p.${order} desc, p.id desc`;
}
