import { crc32 } from "node:zlib";
import { Deflate } from "fflate";

export interface ZipEntrySource {
  /** Path inside the archive, e.g. `songs/rain-1b2c.wav`. */
  name: string;
  /** Deflate (text, JSON) or store as is (WAV, MIDI: compressing them gains little). */
  compress: boolean;
  /** The entry's bytes, produced only when the archive reaches this entry. */
  data: () => AsyncIterable<Uint8Array>;
  mtime?: Date;
}

export interface ZipStreamOptions {
  /**
   * Offsets and sizes from this value up are written as Zip64 records. The format's limit is
   * 0xFFFFFFFF (4 GiB); tests lower it to exercise Zip64 with small archives.
   */
  zip64From?: number;
}

const ZIP32_MAX = 0xffffffff;
const FLAGS = 0x0808; // sizes in a data descriptor after the data; UTF-8 names

interface WrittenEntry {
  name: Uint8Array;
  method: 0 | 8;
  time: number;
  date: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

/** MS-DOS time and date fields of a zip header (local time, two-second resolution). */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(Math.max(date.getFullYear(), 1980), 2107);
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

/** Little-endian record writer. */
function record(size: number, fill: (view: DataView, bytes: Uint8Array) => void): Uint8Array {
  const bytes = new Uint8Array(size);
  fill(new DataView(bytes.buffer), bytes);
  return bytes;
}

/**
 * A zip archive as a web stream, built entry by entry as the reader pulls: one chunk of one
 * entry is produced per pull, so memory holds about one chunk (one song's WAV) at a time
 * however large the archive grows. Entry data is deflated with fflate or stored; sizes and
 * CRCs follow each entry in a data descriptor, and archives past 4 GiB get Zip64 records
 * (large libraries pass that: an hour of WAV is about 600 MB). An entry that fails errors
 * the stream.
 */
export function zipStream(
  entries: AsyncIterable<ZipEntrySource>,
  options: ZipStreamOptions = {},
): ReadableStream<Uint8Array> {
  const zip64From = options.zip64From ?? ZIP32_MAX;
  const sources = entries[Symbol.asyncIterator]();
  const written: WrittenEntry[] = [];
  let offset = 0;
  let enqueued = 0;
  let finished = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let current: {
    entry: WrittenEntry;
    chunks: AsyncIterator<Uint8Array>;
    deflate: Deflate | null;
  } | null = null;

  const emit = (bytes: Uint8Array) => {
    if (bytes.byteLength === 0) return;
    controller.enqueue(bytes);
    offset += bytes.byteLength;
    enqueued += 1;
  };

  function openEntry(source: ZipEntrySource) {
    const name = new TextEncoder().encode(source.name);
    const { time, date } = dosDateTime(source.mtime ?? new Date());
    const entry: WrittenEntry = {
      name,
      method: source.compress ? 8 : 0,
      time,
      date,
      crc: 0,
      compressedSize: 0,
      size: 0,
      offset,
    };
    emit(
      record(30 + name.byteLength, (v, b) => {
        v.setUint32(0, 0x04034b50, true);
        v.setUint16(4, 20, true);
        v.setUint16(6, FLAGS, true);
        v.setUint16(8, entry.method, true);
        v.setUint16(10, time, true);
        v.setUint16(12, date, true);
        // crc and sizes (14..25) stay 0: they follow in the data descriptor.
        v.setUint16(26, name.byteLength, true);
        b.set(name, 30);
      }),
    );
    const deflate = source.compress
      ? new Deflate({ level: 6 }, (chunk) => {
          entry.compressedSize += chunk.byteLength;
          emit(chunk);
        })
      : null;
    current = { entry, chunks: source.data()[Symbol.asyncIterator](), deflate };
    written.push(entry);
  }

  function closeEntry(entry: WrittenEntry, deflate: Deflate | null) {
    deflate?.push(new Uint8Array(0), true);
    if (entry.size > ZIP32_MAX || entry.compressedSize > ZIP32_MAX)
      throw new Error(`${new TextDecoder().decode(entry.name)} is larger than 4 GiB`);
    emit(
      record(16, (v) => {
        v.setUint32(0, 0x08074b50, true);
        v.setUint32(4, entry.crc, true);
        v.setUint32(8, entry.compressedSize, true);
        v.setUint32(12, entry.size, true);
      }),
    );
  }

  function finish() {
    const directoryOffset = offset;
    for (const entry of written) {
      const zip64 = entry.offset >= zip64From;
      const extra = zip64 ? 12 : 0;
      emit(
        record(46 + entry.name.byteLength + extra, (v, b) => {
          v.setUint32(0, 0x02014b50, true);
          v.setUint16(4, 45, true);
          v.setUint16(6, zip64 ? 45 : 20, true);
          v.setUint16(8, FLAGS, true);
          v.setUint16(10, entry.method, true);
          v.setUint16(12, entry.time, true);
          v.setUint16(14, entry.date, true);
          v.setUint32(16, entry.crc, true);
          v.setUint32(20, entry.compressedSize, true);
          v.setUint32(24, entry.size, true);
          v.setUint16(28, entry.name.byteLength, true);
          v.setUint16(30, extra, true);
          v.setUint32(42, zip64 ? ZIP32_MAX : entry.offset, true);
          b.set(entry.name, 46);
          if (zip64) {
            const at = 46 + entry.name.byteLength;
            v.setUint16(at, 0x0001, true);
            v.setUint16(at + 2, 8, true);
            v.setBigUint64(at + 4, BigInt(entry.offset), true);
          }
        }),
      );
    }
    const directorySize = offset - directoryOffset;
    const zip64 =
      written.length >= 0xffff || directoryOffset >= zip64From || directorySize >= zip64From;
    if (zip64) {
      const recordOffset = offset;
      emit(
        record(56 + 20, (v) => {
          v.setUint32(0, 0x06064b50, true);
          v.setBigUint64(4, 44n, true);
          v.setUint16(12, 45, true);
          v.setUint16(14, 45, true);
          v.setBigUint64(24, BigInt(written.length), true);
          v.setBigUint64(32, BigInt(written.length), true);
          v.setBigUint64(40, BigInt(directorySize), true);
          v.setBigUint64(48, BigInt(directoryOffset), true);
          // Zip64 end of central directory locator.
          v.setUint32(56, 0x07064b50, true);
          v.setBigUint64(64, BigInt(recordOffset), true);
          v.setUint32(72, 1, true);
        }),
      );
    }
    emit(
      record(22, (v) => {
        v.setUint32(0, 0x06054b50, true);
        v.setUint16(8, zip64 ? 0xffff : written.length, true);
        v.setUint16(10, zip64 ? 0xffff : written.length, true);
        v.setUint32(12, zip64 ? ZIP32_MAX : directorySize, true);
        v.setUint32(16, zip64 ? ZIP32_MAX : directoryOffset, true);
      }),
    );
    finished = true;
    controller.close();
  }

  /** One step: opens the next entry, or adds one chunk, or closes an entry, or ends. */
  async function step(): Promise<void> {
    if (!current) {
      const next = await sources.next();
      if (next.done) finish();
      else openEntry(next.value);
      return;
    }
    const { entry, chunks, deflate } = current;
    const chunk = await chunks.next();
    if (chunk.done) {
      current = null;
      closeEntry(entry, deflate);
      return;
    }
    entry.crc = crc32(chunk.value, entry.crc);
    entry.size += chunk.value.byteLength;
    if (deflate) {
      deflate.push(chunk.value);
    } else {
      entry.compressedSize += chunk.value.byteLength;
      emit(chunk.value);
    }
  }

  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      async pull() {
        // Keep stepping until something reaches the reader (deflate buffers small pushes):
        // a pull that enqueues nothing would not be called again.
        const before = enqueued;
        try {
          while (!finished && enqueued === before) await step();
        } catch (error) {
          finished = true;
          controller.error(error);
          await sources.return?.();
        }
      },
      async cancel() {
        finished = true;
        await current?.chunks.return?.();
        await sources.return?.();
      },
    },
    { highWaterMark: 1 },
  );
}

/** Text as UTF-8 chunks, for `ZipEntrySource.data`. */
export async function* utf8(parts: AsyncIterable<string> | Iterable<string>) {
  const encoder = new TextEncoder();
  let buffer = "";
  for await (const part of parts) {
    buffer += part;
    // Fewer, larger chunks: deflate and the zip framing work per push.
    if (buffer.length >= 64 * 1024) {
      yield encoder.encode(buffer);
      buffer = "";
    }
  }
  if (buffer) yield encoder.encode(buffer);
}
