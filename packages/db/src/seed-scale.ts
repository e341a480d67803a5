import { sql } from "drizzle-orm";
import { generateNKeysBetween } from "fractional-indexing";
import type { Database } from "./client";

export interface ScaleSeedOptions {
  songs: number;
  /** Default: one user per ten songs (at least 100). */
  users?: number;
  /** Average likes per song; popularity is skewed (a few songs get most). Default 2. */
  likesPerSong?: number;
  /** Average plays per song, skewed like likes. Default 3. */
  playsPerSong?: number;
  /** One comment per this many songs, skewed. Default 5. */
  songsPerComment?: number;
  /** Playlists of 10 songs, one per this many users, plus one playlist of 1000 songs. Default 5. */
  usersPerPlaylist?: number;
  /** Rows per INSERT … SELECT statement. */
  batch?: number;
  onProgress?: (message: string) => void;
}

export interface ScaleSeedResult {
  users: number;
  songs: number;
  likes: number;
  plays: number;
  comments: number;
  playlists: number;
  ms: number;
}

const TITLE_A = [
  "Ocean",
  "Night",
  "Golden",
  "Rain",
  "Party",
  "Drift",
  "Fire",
  "Home",
  "Stars",
  "City",
  "Velvet",
  "Neon",
  "Paper",
  "River",
  "Summer",
  "Winter",
];
const TITLE_B = [
  "Lights",
  "Dreams",
  "Road",
  "Heart",
  "Waves",
  "Sky",
  "Echo",
  "Dance",
  "Letters",
  "Boats",
  "Hours",
  "Static",
];
const ABOUT = [
  "the ocean at night",
  "rain on the city",
  "a summer party",
  "leaving home",
  "stars over the desert",
  "an old letter",
  "the last train",
  "a slow sunday",
  "dancing in the kitchen",
  "a mountain sunrise",
];

const textArray = (values: string[]) =>
  sql.raw(`array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(",")}]`);

/**
 * Fills the database with realistic volume for benchmarks and scale tests: rows are generated
 * inside PostgreSQL (INSERT … SELECT generate_series, in batches), popularity follows a power
 * law, and every counter is computed from its rows at the end, so counters equal rows.
 * Rows are tagged (ids start with `scale_`) so the demo seed and tests never collide with them.
 */
export async function seedAtScale(
  db: Database,
  options: ScaleSeedOptions,
): Promise<ScaleSeedResult> {
  const started = performance.now();
  const log = options.onProgress ?? (() => {});
  const songs = options.songs;
  const users = options.users ?? Math.max(100, Math.floor(songs / 10));
  const batch = options.batch ?? 100_000;
  const likes = Math.floor(songs * (options.likesPerSong ?? 2));
  const plays = Math.floor(songs * (options.playsPerSong ?? 3));
  const comments = Math.floor(songs / (options.songsPerComment ?? 5));
  const playlistCount = Math.max(1, Math.floor(users / (options.usersPerPlaylist ?? 5)));

  const [{ offset }] = (await rowsOf<{ offset: number }>(
    db,
    sql`select coalesce(max(substring(id from 'scale_u_(\\d+)')::int), 0) as offset from "user" where id like 'scale_u_%'`,
  )) as [{ offset: number }];

  for (let from = 1; from <= users; from += batch) {
    const to = Math.min(users, from + batch - 1);
    await db.execute(sql`
      insert into "user" (id, name, email, handle, created_at)
      select 'scale_u_' || (${offset} + i), 'Listener ' || (${offset} + i),
             'scale_' || (${offset} + i) || '@example.test', 'scale_' || (${offset} + i),
             now() - make_interval(days => (i % 700))
      from generate_series(${from}::int, ${to}::int) i`);
  }
  log(`users: ${users}`);

  // Songs: spread over every mood and genre, newest first by index, 90% public.
  for (let from = 1; from <= songs; from += batch) {
    const to = Math.min(songs, from + batch - 1);
    await db.execute(sql`
      insert into songs (owner_id, title, description, mood, genre, creation_mode, is_public,
                         duration_sec, seed, status, waveform, created_at, updated_at)
      select 'scale_u_' || (${offset} + 1 + (i * 7919) % ${users}),
             (${textArray(TITLE_A)})[1 + (i * 31) % ${TITLE_A.length}] || ' ' || (${textArray(TITLE_B)})[1 + (i * 17) % ${TITLE_B.length}],
             'A song about ' || (${textArray(ABOUT)})[1 + (i * 13) % ${ABOUT.length}],
             (enum_range(null::mood))[1 + (i * 3) % 8],
             (enum_range(null::genre))[1 + (i * 5) % 9],
             'description', i % 10 <> 0, 30 + i % 150, i % 2147483647, 'ready',
             substr(repeat('AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_', 9), 1 + i % 37, 267),
             now() - make_interval(secs => i * 20), now() - make_interval(secs => i * 20)
      from generate_series(${from}::int, ${to}::int) i`);
    log(`songs: ${to}/${songs}`);
  }

  // A numbered view of the seeded public songs, for skewed picks: power(random(), 3) favours
  // the first (newest) songs, like real popularity.
  await db.execute(sql`create temporary table scale_pick as
    select row_number() over (order by created_at desc) as n, id from songs where is_public`);
  await db.execute(sql`create index on scale_pick (n)`);
  const [{ count: publicSongs }] = (await rowsOf<{ count: number }>(
    db,
    sql`select count(*)::int as count from scale_pick`,
  )) as [{ count: number }];

  const skewedInsert = async (
    what: string,
    total: number,
    insert: (from: number, to: number) => ReturnType<typeof sql>,
  ) => {
    for (let from = 1; from <= total; from += batch) {
      const to = Math.min(total, from + batch - 1);
      await db.execute(insert(from, to));
    }
    log(`${what}: ${total}`);
  };
  // Each generated row draws its song first (k), then joins it: a random() inside the join
  // condition would be drawn again for every candidate row.
  const draws = (from: number, to: number) =>
    sql`(select i, 1 + floor(power(random(), 3) * ${publicSongs})::int as k from generate_series(${from}::int, ${to}::int) i) g join scale_pick p on p.n = g.k`;

  await skewedInsert(
    "likes",
    likes,
    (from, to) => sql`
    insert into song_likes (user_id, song_id)
    select 'scale_u_' || (${offset} + 1 + floor(random() * ${users})::int), p.id
    from ${draws(from, to)}
    on conflict do nothing`,
  );
  await skewedInsert(
    "plays",
    plays,
    (from, to) => sql`
    insert into song_plays (song_id, listener_key, window_start, played_at)
    select p.id, 'scale:' || i, extract(epoch from now())::bigint - (i % 2592000), now() - make_interval(secs => i % 2592000)
    from ${draws(from, to)}
    on conflict do nothing`,
  );
  await skewedInsert(
    "comments",
    comments,
    (from, to) => sql`
    insert into song_comments (song_id, author_id, content, at_sec)
    select p.id, 'scale_u_' || (${offset} + 1 + floor(random() * ${users})::int),
           (array['Love this','That drop!','On repeat','Goosebumps','Perfect for the drive'])[1 + i % 5], (i % 30)::real
    from ${draws(from, to)}`,
  );

  // Counters from rows, in one pass each.
  await db.execute(
    sql`update songs s set like_count = c.n from (select song_id, count(*)::int n from song_likes group by song_id) c where s.id = c.song_id`,
  );
  await db.execute(
    sql`update songs s set play_count = c.n from (select song_id, count(*)::int n from song_plays group by song_id) c where s.id = c.song_id`,
  );
  await db.execute(
    sql`update songs s set comment_count = c.n from (select song_id, count(*)::int n from song_comments group by song_id) c where s.id = c.song_id`,
  );
  log("counters");

  // Playlists: many of 10 songs, and one of 1000 (the largest a playlist may hold).
  const keys10 = generateNKeysBetween(null, null, 10);
  const keys1000 = generateNKeysBetween(null, null, Math.min(1000, publicSongs));
  await db.execute(sql`
    insert into playlists (owner_id, name, is_public)
    select 'scale_u_' || (${offset} + 1 + (i * 104729) % ${users}), 'Mix ' || i, i % 4 <> 0
    from generate_series(1, ${playlistCount}::int) i`);
  await db.execute(sql`
    insert into playlist_songs (playlist_id, song_id, position)
    select p.id, (select id from scale_pick where n = 1 + ((k.ord * 7 + abs(hashtext(p.id::text))) % ${publicSongs})), k.key
    from playlists p
    cross join json_array_elements_text(${JSON.stringify(keys10)}::json) with ordinality as k(key, ord)
    where p.owner_id like 'scale_u_%' and p.name like 'Mix %'
    on conflict do nothing`);
  await db.execute(sql`
    with big as (
      insert into playlists (owner_id, name, is_public) values ('scale_u_' || (${offset} + 1), 'The Thousand', true) returning id
    )
    insert into playlist_songs (playlist_id, song_id, position)
    select big.id, s.id, k.key
    from big, json_array_elements_text(${JSON.stringify(keys1000)}::json) with ordinality as k(key, ord)
    join scale_pick s on s.n = k.ord`);
  log(`playlists: ${playlistCount + 1}`);

  await db.execute(sql`drop table scale_pick`);
  await db.execute(sql`analyze`);
  return {
    users,
    songs,
    likes,
    plays,
    comments,
    playlists: playlistCount + 1,
    ms: performance.now() - started,
  };
}

async function rowsOf<Row>(db: Database, query: ReturnType<typeof sql>): Promise<Row[]> {
  const result: unknown = await db.execute(query);
  return Array.isArray(result) ? (result as Row[]) : (result as { rows: Row[] }).rows;
}
