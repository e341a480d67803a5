// What notifications cost. (1) A like storm on one viral song, 50 likes in flight: the real
// likeSong (like row + like slot + notification row in one statement, then the exact count read
// back) against likeSong as it was before notifications (the same without the notification
// row), rounds rotating the order in the same run; and against likeSong's own statement, which
// is now prepared (runPrepared), prepared the same way without the notification row: the fair
// measure of what the row costs. A fourth variant is the baseline an earlier
// version of this bench used, which read back a cheaper count than likeSong ever did; it is
// still printed so that the figures before and after the correction can be compared.
// (2) The first page of a creator's notification list, and their unread count, with NOTIFS
// notifications stored among many users' (median of QUERIES calls), against the same
// statements run by hand on raw postgres.js; the page also against the ungrouped row page
// (20 events, no grouping) it replaced, the raw figure earlier runs quoted.
//   pnpm --filter @harmoniq/db bench:notifications
//   (BENCH_DATABASE_URL, BENCH_LIKES=1000, BENCH_ROUNDS=6, BENCH_NOTIFS=20000, BENCH_QUERIES=200)
import { randomBytes } from "node:crypto";
import { eq, fillPlaceholders, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { createDb, migrate, type Database } from "../src/client";
import { preparedRaw, runPrepared, selectRows } from "../src/driver-rows";
import { songLikes, songs } from "../src/schema";
import { countInSlot, exactLikeCount, likeSong } from "../src/storage/likes";
import {
  countUnreadNotifications,
  listNotifications,
  notificationLinesSql,
} from "../src/storage/notifications";
import { songVisibleTo } from "../src/storage/visibility";
import { printBenchRow } from "./report";

const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const LIKES = Number(process.env.BENCH_LIKES ?? 1000);
const CONCURRENCY = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const NOTIFS = Number(process.env.BENCH_NOTIFS ?? 20_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);

/**
 * likeSong before notifications (commit 5cb21e1~1): like row and like slot in one statement,
 * then the exact count read back in a second one (currentLikeCount's query).
 */
async function likeWithoutNotification(db: Database, songId: string, userId: string) {
  await selectRows(
    db,
    sql`with visible as (
          select ${songs.id} as id from ${songs}
          where ${songs.id} = ${songId} and ${songVisibleTo(userId)}
        ), inserted as (
          insert into ${songLikes} (user_id, song_id) select ${userId}, id from visible
          on conflict do nothing returning song_id
        ), counted as (
          ${countInSlot(sql`select song_id from inserted`, 1)}
        )
        select exists (select 1 from visible) as visible`,
  );
  await db
    .select({ likeCount: exactLikeCount(songs) })
    .from(songs)
    .where(eq(songs.id, songId));
}

/**
 * likeSong's own statement without the notification row, prepared the same way (runPrepared),
 * then the same exact count read back: what the notification row costs a like now that the
 * like's statement is no longer parsed and planned on every call (the baseline above is).
 */
const likeStatementWithoutNotification = preparedRaw("bench_like_without_notification", () => {
  const songId = sql.placeholder("songId");
  const userId = sql.placeholder("userId");
  return sql`with visible as (
      select ${songs.id} as id, ${songs.ownerId} as owner_id from ${songs}
      where ${songs.id} = ${songId} and ${songVisibleTo(userId)}
    ), inserted as (
      insert into ${songLikes} (user_id, song_id) select ${userId}, id from visible
      on conflict do nothing returning song_id
    ), counted as (
      ${countInSlot(sql`select song_id from inserted`, 1)}
    )
    select exists (select 1 from visible) as visible`;
});
async function likePreparedWithoutNotification(db: Database, songId: string, userId: string) {
  await runPrepared(db, likeStatementWithoutNotification, { songId, userId });
  await db
    .select({ likeCount: exactLikeCount(songs) })
    .from(songs)
    .where(eq(songs.id, songId));
}

/**
 * The baseline this bench used before (an earlier version of this file): the like without its
 * notification, but reading back songs.like_count alone rather than the exact count (the
 * folded count plus the unfolded slots) that likeSong returns; cheaper than any likeSong.
 */
async function likeReadingFoldedCountOnly(db: Database, songId: string, userId: string) {
  await selectRows(
    db,
    sql`with visible as (
          select ${songs.id} as id from ${songs}
          where ${songs.id} = ${songId} and ${songVisibleTo(userId)}
        ), inserted as (
          insert into ${songLikes} (user_id, song_id) select ${userId}, id from visible
          on conflict do nothing returning song_id
        ), counted as (
          ${countInSlot(sql`select song_id from inserted`, 1)}
        )
        select exists (select 1 from visible) as visible`,
  );
  await selectRows(db, sql`select like_count from songs where id = ${songId}`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function storm(
  likes: [string, string][],
  like: (song: string, fan: string) => Promise<unknown>,
) {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < likes.length) {
      const [fan, song] = likes[next++]!;
      await like(song, fan);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return likes.length / ((performance.now() - started) / 1000);
}

const name = `hq_bench_notifs_${randomBytes(4).toString("hex")}`;
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}"`);
const u = new URL(serverUrl);
u.pathname = `/${name}`;
const handle = await createDb({ url: u.toString(), max: CONCURRENCY });
const raw = postgres(u.toString(), { max: 1, onnotice: () => {} });
try {
  await migrate(handle);
  await raw`insert into "user" (id, name, email, handle)
    select 'fan_' || i, 'Fan ' || i, 'fan_' || i || '@example.test', 'fan_' || i
    from generate_series(0, ${LIKES}) i`;
  const fans = Array.from({ length: LIKES }, (_, i) => `fan_${i + 1}`);
  const newSong = async () =>
    (
      await raw<
        { id: string }[]
      >`insert into songs (owner_id, title, mood, genre, creation_mode, is_public, duration_sec, seed, status)
        values ('fan_0', 'Viral', 'Happy', 'Pop', 'description', true, 60, 1, 'ready') returning id`
    )[0]!.id;

  // Each round storms a fresh song with each variant, in a rotating order.
  const variants = {
    likeSong: (s: string, f: string) => likeSong(handle.db, { songId: s, userId: f }),
    none: (s: string, f: string) => likeWithoutNotification(handle.db, s, f),
    preparedNone: (s: string, f: string) => likePreparedWithoutNotification(handle.db, s, f),
    foldedOnly: (s: string, f: string) => likeReadingFoldedCountOnly(handle.db, s, f),
  };
  type Variant = keyof typeof variants;
  const order = Object.keys(variants) as Variant[];
  const rates = Object.fromEntries(order.map((v) => [v, [] as number[]])) as Record<
    Variant,
    number[]
  >;
  for (let round = 0; round < (process.env.BENCH_SKIP_STORM ? 0 : ROUNDS); round++) {
    for (let i = 0; i < order.length; i++) {
      const variant = order[(round + i) % order.length]!;
      const song = await newSong();
      rates[variant].push(
        await storm(
          fans.map((f) => [f, song]),
          variants[variant],
        ),
      );
      const [check] = await raw<
        { n: number }[]
      >`select count(*)::int as n from notifications where song_id = ${song}`;
      const expected = variant === "likeSong" ? LIKES : 0;
      if (check!.n !== expected)
        throw new Error(`${variant}: ${check!.n} notifications, expected ${expected}`);
    }
  }
  if (process.env.BENCH_SKIP_STORM) await newSong();
  if (rates.likeSong.length > 0) {
    const [withNotification, none, preparedNone, foldedOnly] = order.map((v) => median(rates[v]));
    console.log(
      `like storm, one viral song (likes/s, median of ${ROUNDS}): likeSong ${withNotification!.toFixed(0)}, ` +
        `likeSong without notifications ${none!.toFixed(0)}, ` +
        `its statement prepared without the notification ${preparedNone!.toFixed(0)}, ` +
        `without notifications reading the folded count only ${foldedOnly!.toFixed(0)}`,
    );
    const row = (baseline: number, baselineName: string, target: string | null) =>
      printBenchRow({
        suite: "db",
        name: `likes/s, one viral song, ${CONCURRENCY} concurrent, with notifications`,
        value: withNotification!,
        unit: "likes/s",
        baseline,
        baselineName,
        target,
      });
    row(none!, "likeSong without notifications (as before them)", ">= 0.9");
    // likeSong's statement is prepared: the same, prepared, without the notification row.
    row(preparedNone!, "likeSong's prepared statement without the notification row", ">= 0.9");
    // Not a target: this like skips the exact count likeSong has always read back.
    row(foldedOnly!, "the earlier baseline: no notification, folded count only", null);
  }

  // A creator with NOTIFS notifications among other users' (10 × as many in all).
  await raw`insert into notifications (recipient_id, actor_id, kind, song_id, read_at, created_at)
    select case when i % 10 = 0 then 'fan_0' else 'fan_' || (1 + i % ${LIKES - 1}) end,
           'fan_' || (1 + (i * 7) % ${LIKES}), (array['like','repost','follow'])[1 + i % 3]::notification_kind,
           case when i % 3 = 2 then null else (select id from songs limit 1) end,
           case when i % 4 = 0 then null else now() end,
           now() - make_interval(secs => i)
    from generate_series(1, ${NOTIFS * 10}) i
    where 'fan_' || (1 + (i * 7) % ${LIKES}) <> case when i % 10 = 0 then 'fan_0' else 'fan_' || (1 + i % ${LIKES - 1}) end`;
  await raw`analyze notifications`;
  const time = async (fn: () => Promise<unknown>) => {
    for (let i = 0; i < 20; i++) await fn();
    const xs: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const t0 = performance.now();
      await fn();
      xs.push(performance.now() - t0);
    }
    return median(xs);
  };
  // Reads through a small pool, as the raw client: with the storm's 50 connections each call
  // would land on a connection whose statement is not yet planned generically.
  const reader = await createDb({ url: u.toString(), max: 1 });
  const page = await time(() => listNotifications(reader.db, { userId: "fan_0", limit: 20 }));
  // The same statement by hand (same parameters, prepared), on a connection of its own.
  const lines = new PgDialect().sqlToQuery(notificationLinesSql(false));
  const linesParams = fillPlaceholders(lines.params, { userId: "fan_0", limit: 21 });
  const rawLines = await time(() =>
    raw.unsafe(lines.sql, linesParams as postgres.ParameterOrJSON<never>[], { prepare: true }),
  );
  // The ungrouped row page the list read before it paged by groups, by hand.
  const rawPage = await time(
    () => raw`select n.id, n.kind, n.read_at, n.created_at, n.at_sec, a.id, a.name, a.handle,
        n.song_id, (select s.title from songs s where s.id = n.song_id),
        n.remix_id, (select r.title from songs r where r.id = n.remix_id),
        n.comment_id, (select c.content from song_comments c where c.id = n.comment_id)
      from notifications n join "user" a on a.id = n.actor_id
      where n.recipient_id = ${"fan_0"}
        and (n.remix_id is null or exists (select 1 from songs r where r.id = n.remix_id and r.is_public))
      order by n.created_at desc, n.id desc limit ${21}`,
  );
  const unread = await time(() => countUnreadNotifications(reader.db, "fan_0"));
  await reader.close();
  const rawUnread = await time(
    () =>
      raw`select count(*) from (select 1 from notifications where recipient_id = ${"fan_0"} and read_at is null and (remix_id is null or exists (select 1 from songs r where r.id = remix_id and r.is_public)) limit 100) unread`,
  );
  console.log(
    `notification page ${page.toFixed(3)} ms (same statement raw ${rawLines.toFixed(3)}, ungrouped row page raw ${rawPage.toFixed(3)}), unread count ${unread.toFixed(3)} ms (raw ${rawUnread.toFixed(3)})`,
  );
  printBenchRow({
    suite: "db",
    name: `notification list page (${NOTIFS} notifications)`,
    value: page,
    unit: "ms",
    baseline: rawLines,
    baselineName: "the same statement by hand",
    target: "<= 2 ms",
  });
  printBenchRow({
    suite: "db",
    name: `notification list page (${NOTIFS} notifications), against the ungrouped page`,
    value: page,
    unit: "ms",
    baseline: rawPage,
    baselineName: "ungrouped row page by hand (raw SQL)",
  });
  printBenchRow({
    suite: "db",
    name: `notification unread count (${NOTIFS} notifications)`,
    value: unread,
    unit: "ms",
    baseline: rawUnread,
    baselineName: "raw SQL",
  });
} finally {
  await raw.end({ timeout: 5 });
  await handle.close();
  if (process.env.BENCH_KEEP) console.log(`kept database ${name}`);
  else await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end({ timeout: 5 });
}
