// A profile page and a playlist written by hand for raw postgres.js: the baselines for
// listSongsByOwner (public songs, newest first) and getPlaylist (every song or one page, in order).
import type postgres from "postgres";

const songColumns = (sql: postgres.Sql) => sql`s.id, s.title, s.description, s.mood, s.genre,
  s.creation_mode, s.is_public, s.status, s.play_count,
  s.like_count + coalesce((select sum(n) from song_like_slots sl where sl.song_id = s.id), 0) as like_count,
  s.comment_count,
  s.duration_sec, s.waveform, s.parent_id, s.created_at, s.updated_at,
  u.id as author_id, u.name as author_name, u.handle as author_handle`;

/** The first page of a user's public songs, newest first. */
export function rawProfilePage(sql: postgres.Sql, ownerId: string, viewer: string) {
  return sql`
    select ${songColumns(sql)},
           exists (select 1 from song_likes l where l.user_id = ${viewer} and l.song_id = s.id) as liked_by_me
    from songs s join "user" u on u.id = s.owner_id
    where s.owner_id = ${ownerId} and s.is_public
    order by s.created_at desc, s.id desc limit ${21}`;
}

/**
 * A playlist's header and every song the viewer may see (or `limit` entries, after the entry
 * keyed `after`), in order; from the start, also the number of songs the viewer sees (a later
 * page's count comes with its cursor): from the playlist's counter minus the private entries
 * that are not the viewer's, as getPlaylist counts, or — `count: "song by song"`, how it was
 * counted before migration 0008 — by probing every entry's song.
 */
export async function rawPlaylist(
  sql: postgres.Sql,
  playlistId: string,
  viewer: string,
  limit = 1000,
  after: string | null = null,
  count: "counter" | "song by song" = "counter",
) {
  const songCount =
    count === "counter"
      ? sql`, (p.song_count - (select count(*) from playlist_songs c
             where c.playlist_id = p.id and c.private_owner_id is not null
               and c.private_owner_id <> ${viewer}))::int as song_count`
      : sql`, (select count(*) from playlist_songs c join songs cs on cs.id = c.song_id
             where c.playlist_id = p.id and (cs.is_public or cs.owner_id = ${viewer}))::int as song_count`;
  const [playlist] = await sql`
    select p.id, p.name, p.description, p.is_public, p.created_at, p.updated_at,
           u.id as owner_id, u.name as owner_name, u.handle as owner_handle
           ${after === null ? songCount : sql``}
    from playlists p join "user" u on u.id = p.owner_id
    where p.id = ${playlistId} and (p.is_public or p.owner_id = ${viewer})`;
  if (!playlist) return null;
  const songs = await sql`
    select ${songColumns(sql)},
           exists (select 1 from song_likes l where l.user_id = ${viewer} and l.song_id = s.id) as liked_by_me
    from (select song_id, position from playlist_songs
          where playlist_id = ${playlistId} ${after === null ? sql`` : sql`and position > ${after}`}
          order by position limit ${limit + 1}) ps
    join songs s on s.id = ps.song_id join "user" u on u.id = s.owner_id
    where s.is_public or s.owner_id = ${viewer}
    order by ps.position`;
  return { ...playlist, songs };
}

/**
 * The first page of the viewer's following feed: each followed creator's newest public songs
 * (a short backward scan of songs_public_owner_new_idx each), the newest of those; then each
 * followed creator's newest reposts of public songs not the viewer's
 * (song_reposts_user_created_idx), from the oldest of those songs on when they fill a page;
 * the newest of all, then rows.
 */
export function rawFollowingFeed(sql: postgres.Sql, viewer: string) {
  return sql`
    with newest_songs as (
      select n.id, n.created_at
      from follows f cross join lateral (
        select id, created_at from songs
        where owner_id = f.followee_id and is_public
        order by created_at desc, id desc limit ${21}) n
      where f.follower_id = ${viewer}
      order by 2 desc, 1 desc limit ${21})
    select ${songColumns(sql)},
           exists (select 1 from song_likes l where l.user_id = ${viewer} and l.song_id = s.id) as liked_by_me,
           p.created_at as feed_at, r.id as reposter_id, r.name as reposter_name, r.handle as reposter_handle
    from ((select id, created_at, null::text as reposter_id from newest_songs)
          union all
          (select n.id, n.created_at, f.followee_id
           from follows f cross join lateral (
             select rp.song_id as id, rp.created_at from song_reposts rp join songs rs on rs.id = rp.song_id
             where rp.user_id = f.followee_id and rs.is_public and rs.owner_id <> ${viewer}
               and rp.created_at >= coalesce((select min(created_at) from newest_songs having count(*) >= ${21}), '-infinity'::timestamptz)
             order by rp.created_at desc, rp.song_id desc limit ${21}) n
           where f.follower_id = ${viewer})
          order by 2 desc, 1 desc limit ${21}) p
    join songs s on s.id = p.id join "user" u on u.id = s.owner_id
    left join "user" r on r.id = p.reposter_id
    order by p.created_at desc, p.id desc`;
}
