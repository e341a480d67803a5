// The library export's zip stream on a library past 4 GiB (Zip64): its throughput, and the
// process's peak memory against plainly streaming the same bytes (it must not grow with the
// archive).
//   pnpm --filter @harmoniq/api exec tsx bench/export-zip.bench.ts   (BENCH_ZIP_SONGS, default 460)
import { Writable } from "node:stream";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import { printBenchRow } from "@harmoniq/db/bench/report";
import { zipStream, type ZipEntrySource } from "../src/services/export/zip-stream";

const SONGS = Number(process.env.BENCH_ZIP_SONGS ?? 460);
// About a minute of 44.1 kHz stereo 16-bit WAV.
const wav = new Uint8Array(10 * 1024 * 1024).map((_, i) => (i * 7) & 0xff);

/** A sink that counts bytes and keeps none. */
function counter() {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.byteLength;
      done();
    },
  });
  return { sink, bytes: () => bytes };
}

async function measure(label: string, source: () => ReadableStream<Uint8Array>) {
  const { sink, bytes } = counter();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  await pipeline(Readable.fromWeb(source() as unknown as NodeWebStream<Uint8Array>), sink);
  const ms = performance.now() - started;
  clearInterval(timer);
  const mbPerSec = bytes() / 1048576 / (ms / 1000);
  console.log(
    `${label}: ${(bytes() / 1073741824).toFixed(2)} GiB in ${(ms / 1000).toFixed(1)} s ` +
      `(${mbPerSec.toFixed(0)} MB/s), peak RSS ${(peak / 1048576).toFixed(0)} MB`,
  );
  return { mbPerSec, peakMb: peak / 1048576, bytes: bytes() };
}

const baseline = await measure("plain copy", () => {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ < SONGS) controller.enqueue(wav);
      else controller.close();
    },
  });
});
const zipped = await measure("zip stream", () =>
  zipStream(
    (async function* (): AsyncGenerator<ZipEntrySource> {
      for (let i = 0; i < SONGS; i++)
        yield {
          name: `songs/song-${i}.wav`,
          compress: false,
          data: async function* () {
            yield wav;
          },
        };
      yield {
        name: "library.json",
        compress: true,
        data: async function* () {
          yield new TextEncoder().encode(JSON.stringify({ songs: SONGS }));
        },
      };
    })(),
  ),
);

const gib = (zipped.bytes / 1073741824).toFixed(1);
// Copying one shared buffer is no fair baseline for speed; it is one for memory.
printBenchRow({
  suite: "api",
  name: `export zip throughput (${gib} GiB)`,
  value: Math.round(zipped.mbPerSec),
  unit: "MB/s",
  target: "faster than a download link",
});
printBenchRow({
  suite: "api",
  name: `export zip peak RSS (${gib} GiB archive)`,
  value: Math.round(zipped.peakMb),
  unit: "MB",
  baseline: Math.round(baseline.peakMb),
  baselineName: "plain stream copy",
  target: "< 200 MB",
});
