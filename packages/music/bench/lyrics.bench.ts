/**
 * Lyric quality over 200 songs (50 fixture descriptions × 4 seeds), new writer against the first
 * one (bench/baseline/lyrics-v1.ts) in the same run:
 * - distinct-2: distinct word pairs / all word pairs, over the corpus (each song's distinct lines,
 *   so an intentionally repeated chorus is counted once per song) and over everything sung;
 * - stock-line reuse: the most songs one line appears in, lines in more than 2 % of songs, and
 *   the share of lines opened by the 13 most common two-word openers;
 * - speed: median ms per song, warm; and the assistant's ms per message over a scripted
 *   conversation (replayed 5 times after a first run), which its tests used to time.
 * Also prints `BENCH {...}` lines. Run: pnpm bench (or pnpm exec tsx bench/lyrics.bench.ts).
 */
import { writeLyrics } from "../src/lyrics";
import { DESCRIPTIONS } from "../src/lyrics/fixture";
import { wordPairs, wordsOf } from "../src/lyrics/words";
import { writeLyrics as writeLyricsV1 } from "./baseline/lyrics-v1";
import { respond, type AssistantTurn, type ConversationDraft } from "../src/assistant";

type Writer = (req: { description: string; mood: never; seed: number }) => {
  sections: { lines: string[] }[];
  title: string;
};
const SONGS = DESCRIPTIONS.slice(0, 50).flatMap((d) =>
  [1, 2, 3, 4].map((seed) => ({ ...d, seed })),
);

function distinct2(lines: string[]): number {
  let total = 0;
  const seen = new Set<string>();
  for (const line of lines) {
    for (const pair of wordPairs(line)) {
      total++;
      seen.add(pair);
    }
  }
  return total === 0 ? 0 : seen.size / total;
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function measure(name: string, write: Writer) {
  // Warm up (NLP and dictionary loads happen once per process).
  write({ description: "warm up", mood: "Happy" as never, seed: 0 });
  const times: number[] = [];
  const songs = SONGS.map((s) => {
    const t0 = performance.now();
    const out = write({ description: s.description, mood: s.mood as never, seed: s.seed });
    times.push(performance.now() - t0);
    return out;
  });
  const all = songs.flatMap((s) => s.sections.flatMap((x) => x.lines));
  const perSong = songs.map((s) => [...new Set(s.sections.flatMap((x) => x.lines))]);
  const inSongs = new Map<string, number>();
  for (const lines of perSong)
    for (const l of new Set(lines.map((x) => wordsOf(x).join(" "))))
      inSongs.set(l, (inSongs.get(l) ?? 0) + 1);
  const reused = [...inSongs].sort((a, b) => b[1] - a[1]);
  const openers = new Map<string, number>();
  const unique = perSong.flat();
  for (const l of unique) {
    const o = wordsOf(l).slice(0, 2).join(" ");
    openers.set(o, (openers.get(o) ?? 0) + 1);
  }
  const top13 = [...openers.values()]
    .sort((a, b) => b - a)
    .slice(0, 13)
    .reduce((a, b) => a + b, 0);
  const result = {
    name,
    songs: songs.length,
    distinct2Unique: distinct2(unique),
    distinct2All: distinct2(all),
    distinct2PerSong: perSong.reduce((a, l) => a + distinct2(l), 0) / perSong.length,
    maxSongsPerLine: reused[0]?.[1] ?? 0,
    linesOver2pct: reused.filter(([, n]) => n > songs.length * 0.02).length,
    top13OpenerShare: top13 / unique.length,
    allNightLong: all.filter((l) => /all night long/i.test(l)).length,
    msPerSong: median(times),
    topLines: reused.slice(0, 5).map(([l, n]) => `${n}× ${l}`),
    topOpeners: [...openers]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([o, n]) => `${n}× ${o}`),
  };
  return result;
}

const v1 = measure("v1 (baseline)", writeLyricsV1 as unknown as Writer);
const v2 = measure("v2", writeLyrics as unknown as Writer);
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
for (const r of [v1, v2]) {
  console.log(`\n== ${r.name}: ${r.songs} songs`);
  console.log(
    `distinct-2: ${r.distinct2Unique.toFixed(3)} over each song's distinct lines (target ≥ 0.6), ${r.distinct2All.toFixed(3)} over every sung line, ${r.distinct2PerSong.toFixed(3)} per song`,
  );
  console.log(
    `stock lines: the most reused line is in ${r.maxSongsPerLine} songs (${pct(r.maxSongsPerLine / r.songs)}); ${r.linesOver2pct} lines in > 2 % of songs; the 13 top openers start ${pct(r.top13OpenerShare)} of lines; "all night long" ×${r.allNightLong}`,
  );
  console.log(`speed: ${r.msPerSong.toFixed(2)} ms per song (median, warm)`);
  console.log(`most reused lines: ${r.topLines.join(" | ")}`);
  console.log(`top openers: ${r.topOpeners.join(" | ")}`);
}

// The assistant's scripted conversation (src/assistant/respond.test.ts).
const script = [
  "hello!",
  "write a chorus about leaving home",
  "write a verse",
  "rhymes for fire",
  "make verse 1 sadder",
  "suggest a title",
  "what genre fits this?",
  "make it a song",
];
function converse(): void {
  const history: AssistantTurn[] = [];
  let draft: ConversationDraft = {};
  for (const message of script) {
    const reply = respond({ message, history, draft });
    history.push({ role: "user", content: message }, { role: "assistant", content: reply.text });
    draft = reply.draft;
  }
}
converse();
const t0 = performance.now();
for (let i = 0; i < 5; i++) converse();
const msPerMessage = (performance.now() - t0) / (5 * script.length);
console.log(
  `\nassistant: ${msPerMessage.toFixed(2)} ms per message (scripted conversation, 5 replays)`,
);

const round = (x: number, d = 3): number => Number(x.toFixed(d));
const bench = [
  {
    name: "lyrics distinct-2 (distinct lines per song)",
    value: round(v2.distinct2Unique),
    unit: "ratio",
    baseline: round(v1.distinct2Unique),
    baselineName: "writer v1",
    target: ">= 0.6",
  },
  {
    name: "lyrics distinct-2 (every sung line)",
    value: round(v2.distinct2All),
    unit: "ratio",
    baseline: round(v1.distinct2All),
    baselineName: "writer v1",
    target: null,
  },
  {
    name: "lyrics most reused line",
    value: round(v2.maxSongsPerLine / v2.songs),
    unit: "share of songs",
    baseline: round(v1.maxSongsPerLine / v1.songs),
    baselineName: "writer v1",
    target: "<= 0.02",
  },
  {
    name: "lyrics top-13 opener share",
    value: round(v2.top13OpenerShare),
    unit: "share of lines",
    baseline: round(v1.top13OpenerShare),
    baselineName: "writer v1",
    target: null,
  },
  {
    name: "lyrics ms per song (warm)",
    value: round(v2.msPerSong, 2),
    unit: "ms",
    baseline: round(v1.msPerSong, 2),
    baselineName: "writer v1",
    target: null,
  },
];
for (const b of bench)
  console.log(
    `BENCH ${JSON.stringify({ suite: "music", ...b, ratio: b.baseline ? round(b.value / b.baseline) : null })}`,
  );
