// What the trending job costs at scale: refreshTrendingScores on an existing, seeded database.
//   pnpm --filter @harmoniq/db exec tsx bench/trending-refresh.bench.ts --db postgres://…/harmoniq_scale_1m
// 1. a first pass (every score whose formula changed is rewritten; on a database seeded with the
//    current formula it changes nothing); 2. a pass with nothing changed; 3. a pass after LIKES
//    (default 1000) real likes by random users on random public songs; then those likes are
//    taken back (unlikeSong) and a last pass restores the scores, leaving the data as it was.
// Baseline: a bare sequential scan of songs (count of public songs), the floor of any refresh
// that looks at every row, measured in the same run. With --old-formula, the refresh as it was
// before (Hacker News formula, every public song rewritten in one statement) runs first, timed,
// as the baseline of the first pass (which then has every score to rewrite).
import { parseArgs } from "node:util";
import postgres from "postgres";
import { createDb } from "../src/client";
import { likeSong, unlikeSong } from "../src/storage/likes";
import { refreshTrendingScores } from "../src/storage/trending";
import { printBenchRow } from "./report";

const { values: args } = parseArgs({
  options: {
    db: { type: "string" },
    likes: { type: "string" },
    "old-formula": { type: "boolean" },
  },
  allowPositionals: true,
});
const url = args.db ?? process.env.BENCH_DB_URL;
if (!url) {
  // Part of `pnpm bench`, which runs without a big database unless BENCH_DB_URL names one.
  console.log("trending refresh: skipped (needs a seeded database: --db or BENCH_DB_URL)");
  process.exit(0);
}
const LIKES = Number(args.likes ?? 1000);

const handle = await createDb({ url, max: 4 });
const raw = postgres(url, { max: 2, onnotice: () => {} });
try {
  const [counted] = await raw<{ songs: number }[]>`select count(*)::int as songs from songs`;
  const scale = scaleLabel(counted!.songs);
  const scan = await timed(() => raw`select count(*) from songs where is_public`);

  const old = args["old-formula"]
    ? await timed(async () => {
        const rows = await raw`
          update songs set trending_score = (like_count::float8 + play_count::float8 / 10.0)
            / power(greatest(extract(epoch from (now() - created_at)) / 3600.0, 0) + 2.0, 1.8)
          where is_public`;
        return rows.count;
      })
    : null;
  const first = await timed(() => refreshTrendingScores(handle.db));
  const idle = await timed(() => refreshTrendingScores(handle.db));

  // Pairs not liked yet, so that every like really moves a counter (and can be taken back).
  const pairs = await raw<{ user_id: string; song_id: string }[]>`
    with fans as (select id, row_number() over () as n
                  from (select id from "user" order by random() limit ${LIKES}) u),
         picked as (select id, row_number() over () as n
                    from (select id from songs tablesample system (1) where is_public
                          limit ${LIKES}) s)
    select fans.id as user_id, picked.id as song_id
    from fans join picked using (n)
    where not exists (select 1 from song_likes l where l.user_id = fans.id and l.song_id = picked.id)`;
  for (const p of pairs) await likeSong(handle.db, { songId: p.song_id, userId: p.user_id });
  const afterLikes = await timed(() => refreshTrendingScores(handle.db));
  for (const p of pairs) await unlikeSong(handle.db, { songId: p.song_id, userId: p.user_id });
  const restore = await timed(() => refreshTrendingScores(handle.db));

  console.log(`\n@harmoniq/db trending refresh — ${counted!.songs.toLocaleString("en")} songs`);
  console.table([
    ...(old
      ? [{ pass: "before: Hacker News refresh", "changed rows": old.result, s: old.s.toFixed(2) }]
      : []),
    { pass: "first pass", "changed rows": first.result, s: first.s.toFixed(2) },
    { pass: "nothing changed", "changed rows": idle.result, s: idle.s.toFixed(2) },
    {
      pass: `after ${pairs.length} likes`,
      "changed rows": afterLikes.result,
      s: afterLikes.s.toFixed(2),
    },
    { pass: "after taking them back", "changed rows": restore.result, s: restore.s.toFixed(2) },
    { pass: "baseline: bare seq scan of songs", "changed rows": "", s: scan.s.toFixed(2) },
  ]);
  if (old) {
    bench(`trending refresh before: Hacker News, all rows (${scale})`, old.s, scan.s);
    bench(
      `trending refresh, first pass after the formula change (${scale})`,
      first.s,
      old.s,
      "Hacker News refresh",
    );
  } else {
    bench(`trending refresh, first pass (${scale}, ${first.result} rows)`, first.s, null);
  }
  bench(`trending refresh, nothing changed (${scale})`, idle.s, scan.s);
  bench(
    `trending refresh after ${pairs.length} likes (${scale}, ${afterLikes.result} rows)`,
    afterLikes.s,
    scan.s,
  );
} finally {
  await raw.end({ timeout: 5 });
  await handle.close();
}

async function timed<T>(fn: () => Promise<T>) {
  const started = performance.now();
  const result = await fn();
  return { result, s: (performance.now() - started) / 1000 };
}

function bench(
  name: string,
  value: number,
  baseline: number | null,
  baselineName = "bare seq scan of songs",
) {
  printBenchRow({
    suite: "db",
    name,
    value,
    unit: "s",
    baseline,
    baselineName,
    target: "< 60 s (runs every minute)",
  });
}

function scaleLabel(n: number) {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  if (n >= 1000 && n % 1000 === 0) return `${n / 1000}k`;
  return `${n} songs`;
}
