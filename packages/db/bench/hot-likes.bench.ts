// Is one song's like counter a bottleneck? 2000 distinct users like one viral song, 50 at a
// time, against 2000 likes spread over 2000 songs (the baseline), on PostgreSQL, alternating
// rounds. Every like is the real likeSong (row + like slot in one statement, then the exact
// count read back; the exact count is checked after every round). Also counts the
// statements a like and a song creation send.
//   pnpm --filter @harmoniq/db bench:likes      (BENCH_DATABASE_URL, BENCH_LIKES=2000,
//                                                BENCH_CONCURRENCY=50, BENCH_ROUNDS=3)
import { randomBytes } from "node:crypto";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { createDb, drizzleConfig, migrate, type Database } from "../src/client";
import { likeSong } from "../src/storage/likes";
import { createSong } from "../src/storage/songs";
import { printBenchRow } from "./report";

const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const LIKES = Number(process.env.BENCH_LIKES ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const name = `hq_bench_likes_${randomBytes(4).toString("hex")}`;
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}"`);
const u = new URL(serverUrl);
u.pathname = `/${name}`;
const url = u.toString();
const handle = await createDb({ url, max: CONCURRENCY });
const raw = postgres(url, { max: 2, onnotice: () => {} });

try {
  await migrate(handle);
  await raw`insert into "user" (id, name, email, handle)
    select 'fan_' || i, 'Fan ' || i, 'fan_' || i || '@example.test', 'fan_' || i
    from generate_series(0, ${LIKES}) i`;
  const fans = Array.from({ length: LIKES }, (_, i) => `fan_${i + 1}`);
  const newSongs = async (n: number) =>
    (
      await raw<{ id: string }[]>`
      insert into songs (owner_id, title, mood, genre, creation_mode, is_public, duration_sec, seed, status)
      select 'fan_0', 'Song ' || i, 'Happy', 'Pop', 'description', true, 60, i, 'ready'
      from generate_series(1, ${n}) i returning id`
    ).map((r) => r.id);

  const hot: Round[] = [];
  const spread: Round[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const [viral] = await newSongs(1);
    const many = await newSongs(LIKES);
    const runHot = async () =>
      hot.push(
        await likeStorm(
          handle.db,
          fans.map((f) => [f, viral!]),
        ),
      );
    const runSpread = async () =>
      spread.push(
        await likeStorm(
          handle.db,
          fans.map((f, i) => [f, many[i]!]),
        ),
      );
    // Alternate which goes first, so warm-up and background load favour neither.
    if (round % 2 === 0) await runHot().then(runSpread);
    else await runSpread().then(runHot);
    const [check] = await raw<{ like_count: number; rows: number }[]>`
      select like_count + coalesce((select sum(n) from song_like_slots where song_id = ${viral!}), 0)::int
               as like_count,
             (select count(*)::int from song_likes where song_id = ${viral!}) as rows
      from songs where id = ${viral!}`;
    if (check!.like_count !== LIKES || check!.rows !== LIKES)
      throw new Error(`viral song: like_count ${check!.like_count}, rows ${check!.rows}`);
  }
  const median = (rounds: Round[], key: keyof Round) =>
    [...rounds.map((r) => r[key])].sort((a, b) => a - b)[Math.floor(rounds.length / 2)]!;
  const hotRate = median(hot, "perSecond");
  const spreadRate = median(spread, "perSecond");
  console.log(
    `\n@harmoniq/db hot counter — ${LIKES} likes from distinct users, ${CONCURRENCY} at a time, ${ROUNDS} rounds (median)`,
  );
  console.table([
    {
      case: "one viral song",
      "likes/s": hotRate.toFixed(0),
      "p50 ms": median(hot, "p50").toFixed(2),
      "p99 ms": median(hot, "p99").toFixed(2),
    },
    {
      case: "spread over 2000 songs (baseline)",
      "likes/s": spreadRate.toFixed(0),
      "p50 ms": median(spread, "p50").toFixed(2),
      "p99 ms": median(spread, "p99").toFixed(2),
    },
  ]);
  console.log(`one viral song / spread throughput: ${(hotRate / spreadRate).toFixed(2)}`);
  bench(
    "likes/s, one viral song, 50 concurrent",
    hotRate,
    "likes/s",
    spreadRate,
    "spread over 2000 songs",
  );
  bench(
    "like p99, one viral song, 50 concurrent",
    median(hot, "p99"),
    "ms",
    median(spread, "p99"),
    "spread over 2000 songs",
  );

  // Statements per operation, as the server sees them (BEGIN and COMMIT included).
  const statements: string[] = [];
  const counting = postgres(url, {
    max: 1,
    onnotice: () => {},
    debug: (_connection, query) => statements.push(query),
  });
  const countingDb: Database = drizzle(counting, drizzleConfig);
  const [song] = await newSongs(1);
  await likeSong(countingDb, { songId: song!, userId: "fan_1" }); // warm-up (prepared statements)
  statements.length = 0;
  await likeSong(countingDb, { songId: song!, userId: "fan_2" });
  const perLike = statements.length;
  statements.length = 0;
  await createSong(countingDb, "fan_3", {
    title: "Counted",
    mood: "Happy",
    genre: "Pop",
    creationMode: "description",
    durationSec: 60,
    seed: 1,
  });
  const perCreate = statements.length;
  await counting.end({ timeout: 5 });
  console.log(
    `statements per like: ${perLike} (incl. BEGIN/COMMIT); per song creation in storage: ${perCreate}`,
  );
  bench("statements per like", perLike, "statements");
  bench("statements per song creation (storage)", perCreate, "statements");
} finally {
  await raw.end({ timeout: 5 });
  await handle.close();
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end({ timeout: 5 });
}

interface Round {
  perSecond: number;
  p50: number;
  p99: number;
}

/** Runs the likes ([user, song] pairs) with CONCURRENCY callers in flight. */
async function likeStorm(db: Database, likes: [string, string][]): Promise<Round> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < likes.length) {
      const [fan, songId] = likes[next++]!;
      const t0 = performance.now();
      await likeSong(db, { songId, userId: fan });
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const ms = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { perSecond: (latencies.length / ms) * 1000, p50: at(0.5), p99: at(0.99) };
}

function bench(
  name: string,
  value: number,
  unit: string,
  baseline: number | null = null,
  baselineName: string | null = null,
) {
  printBenchRow({ suite: "db", name, value, unit, baseline, baselineName });
}
