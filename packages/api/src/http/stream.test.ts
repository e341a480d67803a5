import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import fc from "fast-check";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSong, makeUser } from "@harmoniq/db/testing";
import type { JsonObject } from "@harmoniq/db";
import { audioKey, getRenderPool, streamKey, type RenderPool } from "@harmoniq/music/render";
import { readComposition } from "../services/composition-codec";
import { createTestApi, TEST_ORIGIN, type TestApi } from "../testing/api";
import { createHttpHarness, type HttpHarness } from "../testing/http-harness";
import { serveFetch } from "./node-adapter";

/**
 * The render pool, counting the streams it encodes. With `breakNextEncode`, the next encode
 * fails after its first MP3 bytes went out (an encoder that breaks part way).
 */
function countingPool() {
  const real = getRenderPool();
  const pool = {
    encodes: 0,
    breakNextEncode: false,
    render: (c: Parameters<RenderPool["render"]>[0]) => real.render(c),
    renderStems: (c: Parameters<RenderPool["renderStems"]>[0]) => real.renderStems(c),
    encodeMp3(...[wav, onChunk]: Parameters<RenderPool["encodeMp3"]>) {
      pool.encodes++;
      if (!pool.breakNextEncode) return real.encodeMp3(wav, onChunk);
      pool.breakNextEncode = false;
      return new Promise<Uint8Array>((_, reject) => {
        let broken = false;
        real
          .encodeMp3(wav, (chunk) => {
            if (broken) return;
            broken = true;
            onChunk?.(chunk);
            reject(new Error("the encoder broke"));
          })
          .catch(() => {});
      });
    },
  };
  return pool;
}

/** Serves one song's stream over real HTTP (node:http, as `pnpm start` and the benches do). */
async function servedStream(harness: HttpHarness, songId: string) {
  const server = await serveFetch((req) => harness.files.stream(req, songId));
  return { url: `${server.url}/api/songs/${songId}/stream`, close: server.close };
}

const url = (songId: string, query = "") => `${TEST_ORIGIN}/api/songs/${songId}/stream${query}`;
const MP3_BITRATES = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];

/**
 * Walks an MP3 from its first byte, frame header to frame header (MPEG-1 layer III): every
 * frame must start with the 11-bit sync 0xFFE and the next must start where this one ends.
 */
function mp3Frames(bytes: Uint8Array) {
  let offset = 0;
  let frames = 0;
  const bitrates = new Set<number>();
  while (offset + 4 <= bytes.length) {
    const [b0, b1, b2] = [bytes[offset]!, bytes[offset + 1]!, bytes[offset + 2]!];
    if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) throw new Error(`no frame sync at byte ${offset}`);
    if ((b1 & 0x1e) !== 0x1a) throw new Error(`not MPEG-1 layer III at byte ${offset}`);
    const bitrate = MP3_BITRATES[b2 >> 4]!;
    if (((b2 >> 2) & 3) !== 0) throw new Error(`not 44.1 kHz at byte ${offset}`);
    const padding = (b2 >> 1) & 1;
    bitrates.add(bitrate);
    offset += Math.floor((144_000 * bitrate) / 44_100) + padding;
    frames++;
  }
  return {
    frames,
    bitrates,
    trailing: bytes.length - offset,
    durationSec: (frames * 1152) / 44_100,
  };
}

let api: TestApi;
let pool: ReturnType<typeof countingPool>;
let http: HttpHarness;

beforeAll(async () => {
  pool = countingPool();
  api = await createTestApi({ pool });
  http = createHttpHarness(api);
});
afterAll(async () => {
  await api?.close();
});

/** A song made through the API by a signed-in browser user. */
async function createSong(
  harness: HttpHarness,
  owner: { write: Record<string, string> },
  input: { description: string; durationSec: number; isPublic: boolean },
) {
  return harness.dataOf<{ id: string; composition: JsonObject }>(
    harness.call(
      "song.create",
      { creationMode: "description", ...input },
      { headers: owner.write },
    ),
  );
}

describe("the listening stream", () => {
  it("is MP3 made once per song, with byte ranges, ETags and the audio's access rules", async () => {
    const { files } = http;
    const owner = await http.browserUser("stream-owner@example.test");
    const asOwner = owner.read;
    const song = await createSong(http, owner, {
      description: "rain on the window",
      durationSec: 15,
      isPublic: false,
    });
    await api.services.songs.idle();
    const wav = (await api.services.songs.audio(api.db, { songId: song.id, viewerId: owner.id }))!;
    const streamFile = path.join(api.dataDir, "audio", `${streamKey(wav.key)}.mp3`);
    expect(existsSync(streamFile)).toBe(false);
    const encodesBefore = pool.encodes;

    // Two first plays at once (one as a player asks, `bytes=0-`): one encode, followed by both
    // as it goes, so neither waits for the whole file. No length yet: no ranges, no caching.
    const [first, second] = await Promise.all([
      files.stream(new Request(url(song.id), { headers: asOwner }), song.id),
      files.stream(
        new Request(url(song.id), { headers: { ...asOwner, range: "bytes=0-" } }),
        song.id,
      ),
    ]);
    expect(pool.encodes - encodesBefore).toBe(1);
    // Answered at the encode's first bytes, well before it ends and stores the file.
    expect(existsSync(streamFile)).toBe(false);
    for (const live of [first, second]) {
      expect(live.status).toBe(200);
      expect(live.headers.get("content-type")).toBe("audio/mpeg");
      expect(live.headers.get("cache-control")).toBe("no-store");
      expect(live.headers.get("content-length")).toBeNull();
    }
    const liveBytes = new Uint8Array(await first.arrayBuffer());
    expect(new Uint8Array(await second.arrayBuffer())).toEqual(liveBytes);
    await api.services.songs.idle();
    expect(existsSync(streamFile)).toBe(true);

    // Played again: from the store, not encoded again; the same bytes, with a length and an ETag.
    const stored = await files.stream(new Request(url(song.id), { headers: asOwner }), song.id);
    expect(pool.encodes - encodesBefore).toBe(1);
    expect(stored.status).toBe(200);
    expect(stored.headers.get("content-type")).toBe("audio/mpeg");
    expect(stored.headers.get("accept-ranges")).toBe("bytes");
    expect(stored.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    const etag = stored.headers.get("etag")!;
    expect(etag).toBe(`"${streamKey(wav.key)}"`);
    const bytes = new Uint8Array(await stored.arrayBuffer());
    expect(bytes).toEqual(liveBytes);
    expect(Number(stored.headers.get("content-length"))).toBe(bytes.byteLength);

    // Decodable-looking MP3: 128 kb/s frames from the first byte to the last, as long as the song.
    const wavSec = (wav.bytes.byteLength - 44) / 4 / 44_100;
    const mp3 = mp3Frames(bytes);
    expect(mp3.trailing).toBe(0);
    expect([...mp3.bitrates].filter((b) => b !== 128)).toEqual([]);
    expect(mp3.durationSec).toBeGreaterThanOrEqual(wavSec);
    expect(mp3.durationSec).toBeLessThan(wavSec + 0.2);
    // At most 1.5 MB a minute (the WAV is 10.6 MB a minute).
    expect(bytes.byteLength / (wavSec / 60)).toBeLessThanOrEqual(1.5e6);

    const part = await files.stream(
      new Request(url(song.id), { headers: { ...asOwner, range: "bytes=0-99" } }),
      song.id,
    );
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 0-99/${bytes.byteLength}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes.subarray(0, 100));
    const tail = await files.stream(
      new Request(url(song.id), { headers: { ...asOwner, range: "bytes=-1000" } }),
      song.id,
    );
    expect(tail.status).toBe(206);
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(bytes.subarray(-1000));
    const beyond = await files.stream(
      new Request(url(song.id), { headers: { ...asOwner, range: `bytes=${bytes.byteLength}-` } }),
      song.id,
    );
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${bytes.byteLength}`);

    const cached = await files.stream(
      new Request(url(song.id), { headers: { ...asOwner, "if-none-match": etag } }),
      song.id,
    );
    expect(cached.status).toBe(304);
    expect(await cached.arrayBuffer()).toHaveProperty("byteLength", 0);

    // Private: the same 404 for a stranger, anyone signed out and a song that does not exist.
    const stranger = await http.browserUser("stream-stranger@example.test");
    const refused = await files.stream(
      new Request(url(song.id), { headers: stranger.read }),
      song.id,
    );
    expect(refused.status).toBe(404);
    expect((await files.stream(new Request(url(song.id)), song.id)).status).toBe(404);
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect(
      (await files.stream(new Request(url(unknown), { headers: asOwner }), unknown)).status,
    ).toBe(404);
    expect((await files.stream(new Request(url("nope")), "nope")).status).toBe(404);
    expect(pool.encodes - encodesBefore).toBe(1);

    // Any Range header: the whole file, the part asked for, or 416; never an error, and the
    // stored stream is untouched.
    const ranges = fc.oneof(
      fc.string(),
      fc
        .tuple(fc.option(fc.nat(bytes.byteLength * 2)), fc.option(fc.nat(bytes.byteLength * 2)))
        .map(([from, to]) => `bytes=${from ?? ""}-${to ?? ""}`),
    );
    await fc.assert(
      fc.asyncProperty(ranges, async (range) => {
        const res = await files.stream(
          new Request(url(song.id), { headers: { ...asOwner, range } }),
          song.id,
        );
        const body = new Uint8Array(await res.arrayBuffer());
        expect([200, 206, 416]).toContain(res.status);
        if (res.status === 200) expect(body).toEqual(bytes);
        if (res.status === 206) {
          const [, start] = /^bytes (\d+)-(\d+)\//.exec(res.headers.get("content-range")!)!;
          expect(body).toEqual(bytes.subarray(Number(start), Number(start) + body.byteLength));
        }
      }),
      { numRuns: 30 },
    );
    expect(new Uint8Array(readFileSync(streamFile))).toEqual(bytes);

    // The WAV stays the download.
    const download = await files.audio(
      new Request(`${TEST_ORIGIN}/api/songs/${song.id}/audio?download=1`, { headers: asOwner }),
      song.id,
    );
    expect(download.headers.get("content-type")).toBe("audio/wav");
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.wav"$/);
  }, 120_000);

  it("is made on first play for a song from before streams, rendering its missing WAV too", async () => {
    const { files } = http;
    const owner = await makeUser(api.test);
    const song = await makeSong(api.db, owner.id, { isPublic: true, durationSec: 10 });
    const encodesBefore = pool.encodes;
    // A first play that asks for a range past the start (a seek) waits for the whole file.
    const seek = await files.stream(
      new Request(url(song.id), { headers: { range: "bytes=1000-1999" } }),
      song.id,
    );
    expect(seek.status).toBe(206);
    expect(seek.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const response = await files.stream(new Request(url(song.id)), song.id);
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(new Uint8Array(await seek.arrayBuffer())).toEqual(bytes.subarray(1000, 2000));
    expect(mp3Frames(bytes).durationSec).toBeGreaterThan(9);
    expect(pool.encodes - encodesBefore).toBe(1);

    // Deleted from the store (say, a disk cleaned up): made again, the same bytes.
    const key = (await api.services.songs.audio(api.db, { songId: song.id, viewerId: null }))!.key;
    rmSync(path.join(api.dataDir, "audio", `${streamKey(key)}.mp3`));
    const remade = await files.stream(new Request(url(song.id)), song.id);
    expect(remade.headers.get("cache-control")).toBe("no-store");
    expect(new Uint8Array(await remade.arrayBuffer())).toEqual(bytes);
    expect(pool.encodes - encodesBefore).toBe(2);
  }, 120_000);
});

describe("a first play that does not finish", () => {
  /** An old song (no stream stored, its WAV stored) and where its stream will be stored. */
  async function oldSong(durationSec: number) {
    const owner = await makeUser(api.test);
    const song = await makeSong(api.db, owner.id, { isPublic: true, durationSec });
    const { key } = (await api.services.songs.audio(api.db, { songId: song.id, viewerId: null }))!;
    const audioDir = path.join(api.dataDir, "audio");
    return { song, audioDir, streamFile: path.join(audioDir, `${streamKey(key)}.mp3`) };
  }
  /** Files an interrupted write would leave behind (the store writes `.<key>.….tmp` first). */
  const leftovers = (dir: string) => readdirSync(dir).filter((name) => name.endsWith(".tmp"));

  it("stores the whole stream when the listener hangs up after the first bytes", async () => {
    const { song, audioDir, streamFile } = await oldSong(20);
    const encodesBefore = pool.encodes;
    const served = await servedStream(http, song.id);
    try {
      const hangUp = new AbortController();
      const res = await fetch(served.url, {
        headers: { range: "bytes=0-" },
        signal: hangUp.signal,
      });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      const first = await reader.read();
      expect(first.value!.byteLength).toBeGreaterThan(0);
      hangUp.abort();
      await reader.cancel().catch(() => {});

      await api.services.songs.idle();
      expect(pool.encodes - encodesBefore).toBe(1);
      expect(leftovers(audioDir)).toEqual([]);
      const stored = new Uint8Array(readFileSync(streamFile));
      expect(stored.subarray(0, first.value!.byteLength)).toEqual(first.value);
      const mp3 = mp3Frames(stored);
      expect(mp3.trailing).toBe(0);
      expect(mp3.durationSec).toBeGreaterThanOrEqual(20);

      // The next play is the stored file, with ranges; nothing encoded again.
      const again = await fetch(served.url, { headers: { range: "bytes=0-" } });
      expect(again.status).toBe(206);
      expect(new Uint8Array(await again.arrayBuffer())).toEqual(stored);
      expect(pool.encodes - encodesBefore).toBe(1);
    } finally {
      await served.close();
    }
  }, 120_000);

  it("is cut off when the encode fails part way, stores nothing, and the next play starts over", async () => {
    const { song, audioDir, streamFile } = await oldSong(10);
    const encodesBefore = pool.encodes;
    const served = await servedStream(http, song.id);
    try {
      pool.breakNextEncode = true;
      // Answered at the first bytes; the failure comes after, so it cannot be a status: the
      // connection is cut, and the client gets an error rather than a short file.
      const broken = fetch(served.url, { headers: { range: "bytes=0-" } }).then((res) =>
        res.arrayBuffer(),
      );
      await expect(broken).rejects.toThrow();
      await api.services.songs.idle();
      expect(existsSync(streamFile)).toBe(false);
      expect(leftovers(audioDir)).toEqual([]);

      // In process too (the Next.js route's path): the body errors.
      pool.breakNextEncode = true;
      const inProcess = await http.files.stream(new Request(url(song.id)), song.id);
      await expect(inProcess.arrayBuffer()).rejects.toThrow("the encoder broke");
      await api.services.songs.idle();
      expect(existsSync(streamFile)).toBe(false);

      const next = await fetch(served.url, { headers: { range: "bytes=0-" } });
      expect(next.status).toBe(200);
      const bytes = new Uint8Array(await next.arrayBuffer());
      expect(mp3Frames(bytes).durationSec).toBeGreaterThanOrEqual(10);
      await api.services.songs.idle();
      expect(new Uint8Array(readFileSync(streamFile))).toEqual(bytes);
      expect(pool.encodes - encodesBefore).toBe(3);
    } finally {
      await served.close();
    }
  }, 120_000);
});

describe("streams made right after the render", () => {
  let early: TestApi;
  let earlyHttp: HttpHarness;
  let earlyPool: ReturnType<typeof countingPool>;
  beforeAll(async () => {
    earlyPool = countingPool();
    early = await createTestApi({ pool: earlyPool, prepareStreams: true });
    earlyHttp = createHttpHarness(early);
  });
  afterAll(async () => {
    await early?.close();
  });

  it("are ready before the first play, which encodes nothing", async () => {
    const owner = await earlyHttp.browserUser("early@example.test");
    const song = await createSong(earlyHttp, owner, {
      description: "morning bus",
      durationSec: 10,
      isPublic: true,
    });
    await early.services.songs.idle();
    expect(earlyPool.encodes).toBe(1);
    const key = streamKey(audioKey(readComposition(song.composition)));
    expect(existsSync(path.join(early.dataDir, "audio", `${key}.mp3`))).toBe(true);

    const response = await earlyHttp.files.stream(new Request(url(song.id)), song.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe(`"${key}"`);
    expect(earlyPool.encodes).toBe(1);
  }, 120_000);
});
