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
 * The first page of the viewer's following feed, as getFollowingFeed finds it: for someone
 * who follows at least 200 people, the newest 250 × 21 public songs from songs_public_new_owner_idx, kept when their owner is followed; if
 * that is not a whole page (and not the last song), each followed creator's newest public songs
 * (a short backward scan of songs_public_owner_new_idx each) instead — or, `shape: "probe each
 * followee"`, how it was before migration 0011, always the latter. Then the reposts from
 * the oldest of those songs on when they fill a page, found the same two ways: everyone's
 * newest 250 × 21 (song_reposts_created_idx) kept when by a followed creator and of a public
 * song not the viewer's, else each followed creator's newest (song_reposts_user_created_idx).
 * The newest of all, then rows.
 */
export function rawFollowingFeed(
  sql: postgres.Sql,
  viewer: string,
  shape: "walk first" | "probe each followee" = "walk first",
) {
  const byFollowee = sql`
    select n.id, n.created_at
    from follows f cross join lateral (
      select id, created_at from songs
      where owner_id = f.followee_id and is_public
      order by created_at desc, id desc limit ${21}) n
    where f.follower_id = ${viewer}
    order by 2 desc, 1 desc limit ${21}`;
  const walkWindow = sql`
    select id, created_at, owner_id from songs where is_public
    order by created_at desc, id desc limit ${250 * 21}`;
  const followsMany = sql`(select count(*) from (select 1 from follows where follower_id = ${viewer} limit ${200}) f) >= ${200}`;
  const walkIsExact = sql`(case when ${followsMany} then (select count(*) from walked) >= ${21} or (select count(*) from (${walkWindow}) w) < ${250 * 21} else false end)`;
  const repostWalkIsExact = sql`(case when ${followsMany} then (select count(*) from reposts_walked) >= ${21} or (select count(*) from repost_window) < ${250 * 21} else false end)`;
  const newestSongs =
    shape === "probe each followee"
      ? sql`newest_songs as (${byFollowee})`
      : sql`walked as (
          select w.id, w.created_at from (${walkWindow}) w
          where (w.owner_id in (select followee_id from follows where follower_id = ${viewer})) is true
          order by w.created_at desc, w.id desc limit ${21}),
        newest_songs as (
          (select id, created_at from walked
           where ${walkIsExact})
          union all
          (select * from (${byFollowee}) b
           where not ${walkIsExact}))`;
  const repostsFrom = sql`coalesce((select min(created_at) from newest_songs having count(*) >= ${21}), '-infinity'::timestamptz)`;
  const repostsByFollowee = sql`
    select n.id, n.created_at, f.followee_id
    from follows f cross join lateral (
      select rp.song_id as id, rp.created_at from song_reposts rp join songs rs on rs.id = rp.song_id
      where rp.user_id = f.followee_id and rs.is_public and rs.owner_id <> ${viewer}
        and rp.created_at >= ${repostsFrom}
      order by rp.created_at desc, rp.song_id desc limit ${21}) n
    where f.follower_id = ${viewer}`;
  const reposts =
    shape === "probe each followee"
      ? repostsByFollowee
      : sql`
        select id, created_at, reposter_id from reposts_walked
        where ${repostWalkIsExact}
        union all
        select * from (${repostsByFollowee}) b
        where not ${repostWalkIsExact}`;
  const repostsWalk =
    shape === "probe each followee"
      ? sql``
      : sql`,
        repost_window as (
          select song_id, created_at, user_id from song_reposts
          where created_at >= ${repostsFrom}
          order by created_at desc, song_id desc limit ${250 * 21}),
        reposts_walked as (
          select w.song_id as id, w.created_at, w.user_id as reposter_id from repost_window w
          join follows f on f.follower_id = ${viewer} and f.followee_id = w.user_id
          join songs rs on rs.id = w.song_id
          where rs.is_public and rs.owner_id <> ${viewer}
          order by w.created_at desc, w.song_id desc limit ${21})`;
  return sql`
    with ${newestSongs}${repostsWalk}
    select ${songColumns(sql)},
           exists (select 1 from song_likes l where l.user_id = ${viewer} and l.song_id = s.id) as liked_by_me,
           p.created_at as feed_at, r.id as reposter_id, r.name as reposter_name, r.handle as reposter_handle
    from ((select id, created_at, null::text as reposter_id from newest_songs)
          union all
          (${reposts})
          order by 2 desc, 1 desc limit ${21}) p
    join songs s on s.id = p.id join "user" u on u.id = s.owner_id
    left join "user" r on r.id = p.reposter_id
    order by p.created_at desc, p.id desc`;
}
