// The studio passes on the product path: takes, extend and replace a section, through the API's
// HTTP handlers (createApiServer on PGlite behind the node:http adapter, a signed-in user), each
// timed until a player gets its first audio, beside a plain `song.create` of the same length made
// in the same run. Then, on the WAVs the API serves, the correlations issue 15 judges: the replaced
// song with the original outside the section (≥ 0.99) and inside it (≤ 0.8), the extended song's
// first part (its sections that are the original's, up to the original's last beat) with the
// original (≥ 0.99). The engine alone is packages/music/bench/studio.bench.ts.
//   pnpm --filter @harmoniq/api bench:studio   (BENCH_STUDIO_SEC, default 60; BENCH_EXTEND_SEC, 30)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import superjson from "superjson";
import { printBenchRow } from "@harmoniq/db/bench/report";
import { closeRenderPool } from "@harmoniq/music/render";
import { differingFrames, wavCorrelation } from "@harmoniq/music/testing";
import { signUpOverHttp, startApiOverHttp } from "./api-over-http";

const DURATION_SEC = Number(process.env.BENCH_STUDIO_SEC ?? 60);
const EXTEND_SEC = Number(process.env.BENCH_EXTEND_SEC ?? 30);
const FIRST_BYTES = 64 * 1024;
const POLL_MS = 50;
const SAMPLE_RATE = 44_100;
/** Frames left out on each side of a replaced section: the splice crossfades there. */
const GUARD_FRAMES = Math.round(0.05 * SAMPLE_RATE);
const suite = "api: studio";

interface Section {
  label: string;
  startSec: number;
  endSec: number;
}
interface Song {
  id: string;
  status: "queued" | "rendering" | "ready" | "failed";
  statusMessage?: string | null;
  durationSec: number;
  takes: string[];
  composition: { sections: Section[] };
}

const dataDir = mkdtempSync(path.join(tmpdir(), "hq-bench-studio-"));
let close = async () => {};
try {
  const served = await startApiOverHttp(dataDir, "bench-secret-bench-secret-bench-secret-15");
  const { api } = served;
  close = served.close;
  const headers = await signUpOverHttp(served.url, "studio@example.test");

  /** A tRPC call the way @trpc/client sends it: superjson, GET for queries, POST for mutations. */
  const trpc = async <T>(procedure: string, input: unknown, method: "GET" | "POST"): Promise<T> => {
    const encoded = JSON.stringify(superjson.serialize(input));
    const res =
      method === "GET"
        ? await fetch(`${served.url}/api/trpc/${procedure}?input=${encodeURIComponent(encoded)}`, {
            headers,
          })
        : await fetch(`${served.url}/api/trpc/${procedure}`, {
            method: "POST",
            headers,
            body: encoded,
          });
    if (!res.ok) throw new Error(`${procedure}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as {
      result: { data: Parameters<typeof superjson.deserialize>[0] };
    };
    return superjson.deserialize<T>(body.result.data);
  };
  const mutate = <T = Song>(procedure: string, input: unknown) => trpc<T>(procedure, input, "POST");
  const byId = (id: string) => trpc<Song>("song.byId", { id }, "GET");

  /** Polls `song.byId` (as the create page does) until the song is ready or has failed. */
  const untilSettled = async (id: string): Promise<Song> => {
    for (;;) {
      const song = await byId(id);
      if (song.status === "ready" || song.status === "failed") return song;
      await new Promise((done) => setTimeout(done, POLL_MS));
    }
  };
  /** What a player does on Play: the first 64 KiB of a Range request for the WAV. */
  const firstBytes = async (id: string) => {
    const res = await fetch(`${served.url}/api/songs/${id}/audio`, {
      headers: { ...headers, range: `bytes=0-${FIRST_BYTES - 1}` },
    });
    const body = await res.arrayBuffer();
    if (res.status !== 206 || body.byteLength !== FIRST_BYTES)
      throw new Error(`audio of ${id}: ${res.status}, ${body.byteLength} bytes`);
  };
  const wavOf = async (id: string) => {
    const res = await fetch(`${served.url}/api/songs/${id}/audio`, { headers });
    if (!res.ok) throw new Error(`audio of ${id}: ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
  /**
   * Milliseconds from the mutation until every song it made has played its first bytes; a render
   * that fails (the render pool's timeout, under load) is reported, not timed.
   */
  const timeToFirstAudio = async (
    start: () => Promise<Song>,
    ids: (song: Song) => string[],
  ): Promise<{ ms: number; songs: Song[]; failure: string | null }> => {
    const t0 = performance.now();
    const made = await start();
    const songs = await Promise.all(ids(made).map((id) => untilSettled(id)));
    const failed = songs.find((song) => song.status === "failed");
    if (failed) {
      const failure = `failed after ${((performance.now() - t0) / 1000).toFixed(1)} s: ${failed.statusMessage}`;
      return { ms: Number.NaN, songs, failure };
    }
    await Promise.all(songs.map((song) => firstBytes(song.id)));
    return { ms: performance.now() - t0, songs, failure: null };
  };
  /** A time beside its baseline; a failed render on either side is printed instead. */
  const timeRow = (
    name: string,
    run: { ms: number; failure: string | null },
    baseline: { ms: number; failure: string | null },
  ) => {
    if (run.failure || baseline.failure) {
      console.log(`NOT MEASURED ${name}: ${run.failure ?? `baseline ${baseline.failure}`}`);
      return;
    }
    printBenchRow({
      suite,
      name,
      value: run.ms,
      unit: "ms",
      baseline: baseline.ms,
      baselineName: "song.create, one take, same length",
      target: null,
    });
  };
  const create = (durationSec: number, takes: 1 | 2, seed: number) =>
    mutate("song.create", {
      creationMode: "description",
      description: "city lights after midnight",
      mood: "Happy",
      genre: "Pop",
      durationSec,
      seed,
      takes,
    });

  // Warm-up (not timed): the render workers load the SoundFont bank and the voice.
  await timeToFirstAudio(
    () => create(12, 1, 1),
    (s) => [s.id],
  );

  // Two takes to both playable, beside one plain song of the same length.
  const plain = await timeToFirstAudio(
    () => create(DURATION_SEC, 1, 3),
    (s) => [s.id],
  );
  const takes = await timeToFirstAudio(
    () => create(DURATION_SEC, 2, 7),
    (s) => s.takes,
  );
  if (takes.failure) throw new Error(`the two takes ${takes.failure}`);
  const original = takes.songs[0]!;
  console.log(
    `\n@harmoniq/api studio — ${DURATION_SEC} s Pop songs (PGlite); plain ${(plain.ms / 1000).toFixed(1)} s, ` +
      `two takes ${(takes.ms / 1000).toFixed(1)} s to both playable`,
  );
  timeRow(`song.create with two takes → both playable (${DURATION_SEC} s)`, takes, plain);

  // Replace the middle section: its time to first audio, beside a plain song of the same length.
  const sections = original.composition.sections;
  const k = Math.floor(sections.length / 2);
  const section = sections[k]!;
  const replace = await timeToFirstAudio(
    () => mutate("song.replaceSection", { id: original.id, section: k, seed: 99 }),
    (s) => [s.id],
  );
  const plainAgain = await timeToFirstAudio(
    () => create(DURATION_SEC, 1, 4),
    (s) => [s.id],
  );
  timeRow(
    `song.replaceSection → first audio (${section.label}, ${k} of ${sections.length})`,
    replace,
    plainAgain,
  );

  // Extend: its time to first audio, beside a plain song as long as the extended one.
  const extend = await timeToFirstAudio(
    () => mutate("song.extend", { id: original.id, durationSec: EXTEND_SEC, seed: 5 }),
    (s) => [s.id],
  );
  const extended = extend.songs[0]!;
  const plainLong = await timeToFirstAudio(
    () => create(Math.round(extended.durationSec), 1, 6),
    (s) => [s.id],
  );
  timeRow(
    `song.extend by ${EXTEND_SEC} s → first audio (${extended.durationSec.toFixed(1)} s song)`,
    extend,
    plainLong,
  );

  // Correlations on the WAVs the API serves (a song whose render failed has none).
  const originalWav = await wavOf(original.id);
  // The same measure on two unrelated songs (the other take): what "not the same audio" reads.
  const frame = (sec: number) => Math.round(sec * SAMPLE_RATE);
  const end = frame(sections[sections.length - 1]!.endSec);
  const otherTake = wavCorrelation(await wavOf(takes.songs[1]!.id), originalWav, 0, end);
  console.log(`(the other take vs the original, whole song: ${otherTake.toFixed(4)})`);
  const corr = (name: string, value: number, target: string) => {
    console.log(`${name}: ${value.toFixed(5)} (target ${target})`);
    printBenchRow({
      suite,
      name,
      value,
      unit: "corr",
      baseline: otherTake,
      baselineName: "the other take vs the original",
      ratio: null,
      target,
    });
  };
  if (replace.failure) {
    console.log(`NOT MEASURED replaced-song correlations: its render ${replace.failure}`);
  } else {
    const replacedWav = await wavOf(replace.songs[0]!.id);
    const from = frame(section.startSec);
    const to = frame(section.endSec);
    // The splice crossfades at the two boundaries: those frames are left out of "outside".
    const outside = Math.min(
      from - GUARD_FRAMES > 0
        ? wavCorrelation(replacedWav, originalWav, 0, from - GUARD_FRAMES)
        : 1,
      to + GUARD_FRAMES < end
        ? wavCorrelation(replacedWav, originalWav, to + GUARD_FRAMES, end)
        : 1,
    );
    corr("replaced vs original outside the section (audio correlation)", outside, "≥ 0.99");
    corr(
      `replaced vs original inside the section, ${section.startSec}–${section.endSec} s (audio correlation)`,
      wavCorrelation(replacedWav, originalWav, from, to),
      "≤ 0.8",
    );
  }
  if (extend.failure) {
    console.log(`NOT MEASURED extended-song correlation: its render ${extend.failure}`);
  } else {
    const extendedWav = await wavOf(extended.id);
    // The first part is the extended song's sections that are the original's: they end at the
    // original's last beat, where the continuation starts. The original itself runs on past
    // that beat (its last section holds the final chord's ring-out), and the extended song has
    // the continuation there instead, so the original's full length is printed beside, not judged.
    const firstPartEnd = frame(extended.composition.sections[sections.length - 1]!.endSec);
    corr(
      `extended song's first part vs original, 0–${(firstPartEnd / SAMPLE_RATE).toFixed(2)} s (audio correlation)`,
      wavCorrelation(extendedWav, originalWav, 0, firstPartEnd),
      "≥ 0.99",
    );
    const ringOut = (end - firstPartEnd) / SAMPLE_RATE;
    console.log(
      `(extended vs original through the original's end, its ${ringOut.toFixed(2)} s ring-out ` +
        `against the continuation: ${wavCorrelation(extendedWav, originalWav, 0, end).toFixed(5)}; ` +
        `frames differing before the joint's crossfade: ${differingFrames(extendedWav, originalWav, 0, firstPartEnd - GUARD_FRAMES)})`,
    );
  }
  // Let the listening streams the renders queued finish encoding before the pool closes.
  await api.services.songs.idle();
} finally {
  await close();
  await closeRenderPool();
  rmSync(dataDir, { recursive: true, force: true });
}
