import { randomBytes } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { generateNKeysBetween } from "fractional-indexing";
import type { Database, DbOrTx } from "../database";
import { affectedRows, selectRows } from "../driver-rows";
import { trendingScoreSql } from "../storage/trending";

export interface ScaleSeedOptions {
  songs: number;
  /** Default: one user per ten songs (at least 100). */
  users?: number;
  /** Average likes per song; popularity is skewed (a few songs get most). Default 10. */
  likesPerSong?: number;
  /** Average plays per song, skewed like likes. Default 3. */
  playsPerSong?: number;
  /** One comment per this many songs, skewed. Default 5. */
  songsPerComment?: number;
  /** Playlists of 10 songs, one per this many users, plus one playlist of 1000 songs. Default 5. */
  usersPerPlaylist?: number;
  /** About this many rows per INSERT … SELECT statement. */
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
  /** True when the tables were empty and were loaded with their indexes and keys set aside. */
  bulk: boolean;
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
/** One song in RARE_EVERY gets one of these words too, so searches have rare matches to find. */
export const RARE_TITLE_WORDS = [
  "Kaleidoscope",
  "Zephyr",
  "Marmalade",
  "Labyrinth",
  "Obsidian",
  "Tangerine",
  "Wanderlust",
  "Quasar",
];
const RARE_EVERY = 997;
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
const COMMENTS = ["Love this", "That drop!", "On repeat", "Goosebumps", "Perfect for the drive"];

/** Tables the bulk load fills with their keys and indexes set aside. */
const BULK_TABLES = ["songs", "song_likes", "song_plays", "song_comments"];

const textArray = (values: string[]) =>
  sql.raw(`array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(",")}]`);

/**
 * Fills the database with realistic volume for benchmarks and scale tests. Every row is
 * computed inside PostgreSQL from its number (INSERT … SELECT generate_series): song ids are
 * derived from the song number, and each song's likes, plays and comments are its share of a
 * power law over a shuffled popularity rank, so the rows can be generated per song and the
 * counters are written with the song — counters equal rows by construction, with no UPDATE pass.
 *
 * Into empty tables the load runs in one transaction with the primary keys, foreign keys and
 * indexes of songs and its likes, plays and comments set aside and rebuilt at the end (a crash
 * rolls everything back). With data already there, rows go in through the live indexes.
 * Users are tagged (ids start with `scale_u_`) so the demo seed and tests never collide.
 */
export async function seedAtScale(
  db: Database,
  options: ScaleSeedOptions,
): Promise<ScaleSeedResult> {
  const started = performance.now();
  const log = options.onProgress ?? (() => {});
  const n = options.songs;
  const users = options.users ?? Math.max(100, Math.floor(n / 10));
  const batch = options.batch ?? 200_000;
  const playlistCount = Math.max(1, Math.floor(users / (options.usersPerPlaylist ?? 5)));
  // Only public songs (9 in 10) get likes, plays and comments: scale the totals up to match.
  const totals = {
    likes: ((options.likesPerSong ?? 10) * n) / 0.9,
    plays: ((options.playsPerSong ?? 3) * n) / 0.9,
    comments: n / (options.songsPerComment ?? 5) / 0.9,
  };

  const [{ offset }] = (await selectRows<{ offset: number }>(
    db,
    sql`select coalesce(max(substring(id from 'scale_u_(\\d+)')::int), 0) as offset from "user" where id like 'scale_u_%'`,
  )) as [{ offset: number }];
  const [{ empty }] = (await selectRows<{ empty: boolean }>(
    db,
    sql`select not exists (select 1 from songs) as empty`,
  )) as [{ empty: boolean }];

  const g = new Generator(n, users, offset, randomBytes(6).toString("hex"));
  const counts = { likes: 0, plays: 0, comments: 0 };

  await db.transaction(async (tx) => {
    await tx.execute(sql`set local maintenance_work_mem = '512MB'`);
    for (let from = 1; from <= users; from += batch) {
      const to = Math.min(users, from + batch - 1);
      await tx.execute(sql`
        insert into "user" (id, name, email, handle, created_at)
        select 'scale_u_' || (${offset} + i), 'Listener ' || (${offset} + i),
               'scale_' || (${offset} + i) || '@example.test', 'scale_' || (${offset} + i),
               now() - make_interval(days => (i % 700))
        from generate_series(${from}::int, ${to}::int) i`);
    }
    log(`users: ${users}`);

    const setAside = empty ? await setAsideKeysAndIndexes(tx) : null;

    const now = new Date();
    const created = sql`(${now.toISOString()}::timestamptz - make_interval(secs => i * 20))`;
    const likes = g.share(totals.likes, 1, users);
    const plays = g.share(totals.plays, 2);
    const comments = g.share(totals.comments, 3);
    for (let from = 1; from <= n; from += batch) {
      const to = Math.min(n, from + batch - 1);
      await tx.execute(sql`
        insert into songs (id, owner_id, title, description, mood, genre, creation_mode, is_public,
                           like_count, play_count, comment_count, trending_score,
                           duration_sec, seed, status, waveform, created_at, updated_at)
        select ${g.songId(sql`i`)}, ${g.userId(sql`i::bigint * 7919`)},
               (${textArray(TITLE_A)})[1 + (i * 31) % ${TITLE_A.length}] || ' ' || (${textArray(TITLE_B)})[1 + (i * 17) % ${TITLE_B.length}]
                 || case when i % ${RARE_EVERY} = 0 then ' ' || (${textArray(RARE_TITLE_WORDS)})[1 + (i / ${RARE_EVERY}) % ${RARE_TITLE_WORDS.length}] else '' end,
               -- i / 10 keeps descriptions independent of privacy (i % 10).
               'A song about ' || (${textArray(ABOUT)})[1 + (i * 13 + i / 10) % ${ABOUT.length}],
               (enum_range(null::mood))[1 + (i * 3) % 8],
               (enum_range(null::genre))[1 + (i * 5) % 9],
               'description', ${g.isPublic}, c.likes, c.plays, c.comments,
               case when ${g.isPublic} then ${trendingScoreSql({ likeCount: sql`c.likes`, playCount: sql`c.plays`, createdAt: created })} else 0 end,
               30 + i % 150, i % 2147483647, 'ready',
               substr(repeat('AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_', 9), 1 + i % 37, 267),
               ${created}, ${created}
        from generate_series(${from}::int, ${to}::int) i,
             lateral (select ${likes} as likes, ${plays} as plays, ${comments} as comments) c`);
      log(`songs: ${to}/${n}`);
    }

    // Each song's rows, numbered j = 0 … its count − 1.
    const perSong = async (what: keyof typeof counts, count: SQL, insert: (rows: SQL) => SQL) => {
      const songsPerStatement = Math.max(1000, Math.floor(batch / Math.max(1, totals[what] / n)));
      for (let from = 1; from <= n; from += songsPerStatement) {
        const to = Math.min(n, from + songsPerStatement - 1);
        const rows = sql`generate_series(${from}::int, ${to}::int) i,
          lateral generate_series(0, ${count} - 1) j, lateral (select ${created} as created) t`;
        counts[what] += affectedRows(await tx.execute(insert(rows)));
      }
      log(`${what}: ${counts[what]}`);
    };
    // A song's likers are distinct users: j·step mod users never repeats for j < users.
    await perSong(
      "likes",
      likes,
      (rows) => sql`
        insert into song_likes (user_id, song_id, created_at)
        select ${g.userId(sql`i::bigint * 7919 + j::bigint * ${g.step}`)}, ${g.songId(sql`i`)},
               least(now(), t.created + make_interval(secs => j * 7))
        from ${rows}`,
    );
    await perSong(
      "plays",
      plays,
      (rows) => sql`
        insert into song_plays (song_id, listener_key, window_start, played_at)
        select ${g.songId(sql`i`)}, 'scale:' || i || ':' || j,
               extract(epoch from least(now(), t.created + make_interval(secs => j * 5)))::bigint,
               least(now(), t.created + make_interval(secs => j * 5))
        from ${rows}`,
    );
    await perSong(
      "comments",
      comments,
      (rows) => sql`
        insert into song_comments (song_id, author_id, content, at_sec, created_at)
        select ${g.songId(sql`i`)}, ${g.userId(sql`i::bigint * 31 + j::bigint * ${g.step}`)},
               (${textArray(COMMENTS)})[1 + (i + j) % ${COMMENTS.length}], ((i + j) % 30)::real,
               least(now(), t.created + make_interval(secs => j * 11))
        from ${rows}`,
    );

    if (setAside) {
      await restoreKeysAndIndexes(tx, setAside, log);
    }

    // Playlists: many of 10 songs, and one of 1000 (the largest a playlist may hold).
    const keys10 = generateNKeysBetween(null, null, 10);
    const keys1000 = generateNKeysBetween(null, null, 1000);
    await tx.execute(sql`
      insert into playlists (owner_id, name, is_public)
      select ${g.userId(sql`i::bigint * 104729`)}, 'Mix ' || i, i % 4 <> 0
      from generate_series(1, ${playlistCount}::int) i`);
    // Ten public songs per playlist, spread over the catalogue (a multiple of 10 is private:
    // take its neighbour).
    await tx.execute(sql`
      insert into playlist_songs (playlist_id, song_id, position)
      select p.id, ${g.songId(sql`(s.i - (s.i % 10 = 0)::int)`)}, k.key
      from playlists p
      cross join json_array_elements_text(${JSON.stringify(keys10)}::json) with ordinality as k(key, ord),
      lateral (select 2 + ((abs(hashtext(p.id::text))::bigint + k.ord * 1009) % ${Math.max(1, n - 1)}) as i) s
      where p.owner_id like 'scale_u_%' and p.name like 'Mix %'
        and p.id not in (select playlist_id from playlist_songs)
      on conflict do nothing`);
    await tx.execute(sql`
      with big as (
        insert into playlists (owner_id, name, is_public)
        values (${g.userId(sql`0`)}, 'The Thousand', true) returning id
      ), first_public as (
        select i, row_number() over (order by i) as ord
        from generate_series(1, ${n}::int) i where ${g.isPublic} limit 1000
      )
      insert into playlist_songs (playlist_id, song_id, position)
      select big.id, ${g.songId(sql`f.i`)}, k.key
      from big, json_array_elements_text(${JSON.stringify(keys1000)}::json) with ordinality as k(key, ord)
      join first_public f on f.ord = k.ord`);
    log(`playlists: ${playlistCount + 1}`);
  });

  // Outside the transaction: visibility map and statistics, so plans and index-only scans
  // match a settled database.
  for (const table of [...BULK_TABLES, "user", "playlists", "playlist_songs"]) {
    await db.execute(sql`vacuum (analyze) ${sql.identifier(table)}`);
  }
  log("vacuum analyze");
  return {
    users,
    songs: n,
    ...counts,
    playlists: playlistCount + 1,
    bulk: empty,
    ms: performance.now() - started,
  };
}

/** SQL that turns a song number `i` into its rows' values, the same in every statement. */
class Generator {
  /** A multiplier coprime with the user count: j·step mod users is distinct for j < users. */
  readonly step: number;
  /** A multiplier coprime with the song count: shuffles popularity ranks over song numbers. */
  private readonly shuffle: number;

  constructor(
    private readonly songs: number,
    private readonly users: number,
    private readonly userOffset: number,
    private readonly salt: string,
  ) {
    this.step = coprimeNear(users, Math.floor(users * 0.618) + 1);
    this.shuffle = coprimeNear(songs, Math.floor(songs * 0.382) + 1);
  }

  readonly isPublic = sql`(i % 10 <> 0)`;

  /** A version-4-shaped uuid from the song number (md5 of a per-run salt and the number). */
  songId(i: SQL): SQL {
    return sql`overlay(overlay(md5(${this.salt} || ':' || ${i}) placing '4' from 13) placing '8' from 17)::uuid`;
  }

  userId(hash: SQL): SQL {
    return sql`'scale_u_' || (${this.userOffset} + 1 + ((${hash}) % ${this.users}))`;
  }

  /**
   * How many of `total` rows public song `i` gets: the difference of floor(total·(rank/n)^⅓)
   * between its rank and the one before, so the shares add up to the total exactly and the
   * first ranks get most (the top song about total/n^⅓). `salt` decorrelates the kinds of row.
   */
  share(total: number, salt: number, cap?: number): SQL {
    const rank = sql`(1 + ((i::bigint + ${salt * 7}) * ${this.shuffle}) % ${this.songs})`;
    const cut = (r: SQL) =>
      sql`floor(${total}::float8 * power(${r}::float8 / ${this.songs}, 1.0 / 3))`;
    const share = sql`(${cut(rank)} - ${cut(sql`(${rank} - 1)`)})::int`;
    const capped = cap === undefined ? share : sql`least(${share}, ${cap})`;
    return sql`case when ${this.isPublic} then ${capped} else 0 end`;
  }
}

function coprimeNear(modulus: number, start: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let candidate = Math.max(1, start);
  while (gcd(candidate, modulus) !== 1) candidate += 1;
  return candidate;
}

interface SetAside {
  constraints: { table: string; name: string; definition: string; kind: string }[];
  indexes: { name: string; definition: string }[];
}

/**
 * Drops the keys and indexes of the bulk tables (and foreign keys pointing at them), keeping
 * their definitions as PostgreSQL prints them, so they are rebuilt exactly once at the end.
 */
async function setAsideKeysAndIndexes(tx: DbOrTx): Promise<SetAside> {
  const tables = sql.join(
    BULK_TABLES.map((t) => sql`${t}::regclass`),
    sql`, `,
  );
  const constraints = await selectRows<SetAside["constraints"][number]>(
    tx,
    sql`select conrelid::regclass::text as "table", conname as name,
               pg_get_constraintdef(oid) as definition, contype::text as kind
        from pg_constraint
        where contype in ('p', 'u', 'f') and (conrelid in (${tables}) or confrelid in (${tables}))
        order by contype = 'f' desc`,
  );
  const indexes = await selectRows<SetAside["indexes"][number]>(
    tx,
    sql`select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
        from pg_index i
        where i.indrelid in (${tables})
          and not exists (select 1 from pg_constraint c
                          where c.conindid = i.indexrelid and c.contype in ('p', 'u', 'x'))`,
  );
  // Foreign keys first (they depend on the primary keys), then keys, then plain indexes.
  for (const c of constraints) {
    await tx.execute(
      sql`alter table ${sql.raw(c.table)} drop constraint ${sql.identifier(c.name)}`,
    );
  }
  for (const index of indexes) await tx.execute(sql`drop index ${sql.raw(index.name)}`);
  return { constraints, indexes };
}

async function restoreKeysAndIndexes(tx: DbOrTx, aside: SetAside, log: (m: string) => void) {
  const started = performance.now();
  const keys = aside.constraints.filter((c) => c.kind !== "f");
  const foreign = aside.constraints.filter((c) => c.kind === "f");
  for (const c of keys) {
    await tx.execute(
      sql`alter table ${sql.raw(c.table)} add constraint ${sql.identifier(c.name)} ${sql.raw(c.definition)}`,
    );
  }
  for (const index of aside.indexes) await tx.execute(sql.raw(index.definition));
  // Each foreign key is checked once, by one join over the table, instead of row by row.
  for (const c of foreign) {
    await tx.execute(
      sql`alter table ${sql.raw(c.table)} add constraint ${sql.identifier(c.name)} ${sql.raw(c.definition)}`,
    );
  }
  log(
    `keys and indexes rebuilt: ${keys.length} keys, ${aside.indexes.length} indexes, ${foreign.length} foreign keys in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
