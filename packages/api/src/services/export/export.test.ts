import { getSessionFromHeaders } from "@harmoniq/auth";
import { notifyRemix } from "@harmoniq/db";
import { makeSong } from "@harmoniq/db/testing";
import { decodeWav } from "@harmoniq/music/render";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthHandler } from "../../http/auth-handler";
import { routeApiRequest, serveFetch } from "../../http/node-adapter";
import type { ApiServer } from "../../server";
import { createTestApi, TEST_ORIGIN, type TestApi } from "../../testing/api";
import { createExportHandler } from "../../http/export-handler";
import { slugOf } from "./library-export";
import { zipStream, type ZipEntrySource } from "./zip-stream";

let api: TestApi;
let handleExport: (req: Request) => Promise<Response>;
const url = `${TEST_ORIGIN}/api/export`;
const NOW = new Date("2026-03-04T10:00:00.000Z");

beforeAll(async () => {
  api = await createTestApi();
  handleExport = createExportHandler({
    db: api.db,
    auth: api.auth,
    services: api.services,
    now: () => NOW,
  });
});
afterAll(async () => {
  await api?.close();
});

interface Library {
  format: string;
  formatVersion: number;
  exportedAt: string;
  profile: { id: string; handle: string; email: string };
  songs: {
    id: string;
    title: string;
    lyrics: string | null;
    isPublic: boolean;
    composition: unknown;
    inference: unknown;
    files: { wav: string | null; midi: string | null; missing: { file: string; reason: string }[] };
  }[];
  playlists: { id: string; name: string; songs: { position: number; songId: string }[] }[];
  comments: { songId: string; songTitle: string | null; content: string; atSec: number | null }[];
  likes: { songId: string; title: string; authorHandle: string }[];
  reposts: { songId: string; title: string; authorHandle: string; repostedAt: string }[];
  notifications: {
    kind: string;
    actorHandle: string;
    songId: string | null;
    songTitle: string | null;
    comment: string | null;
    atSec: number | null;
    readAt: string | null;
  }[];
}

async function download(headers: Record<string, string>) {
  const response = await handleExport(new Request(url, { headers }));
  expect(response.status).toBe(200);
  const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
  const text = new TextDecoder().decode(files["library.json"]);
  return { response, files, text, library: JSON.parse(text) as Library };
}

describe("GET /api/export", () => {
  it("zips every song of the user (rendered now if needed), their playlists in order, comments and likes — and nothing private of anyone else", async () => {
    const owner = await api.user({ name: "Owner" });
    const other = await api.user({ name: "Other" });
    const ready = await owner.caller.song.create({
      creationMode: "lyrics",
      lyrics: "[Verse]\nrain on the window\nsoft and slow",
      title: "Rain on the Window!",
      durationSec: 10,
    });
    const privateReady = await owner.caller.song.create({
      creationMode: "description",
      description: "a private lullaby",
      isPublic: false,
      durationSec: 10,
    });
    await api.services.songs.idle();
    // Seeded without a score or audio: the export composes and renders it now.
    const unrendered = await makeSong(api.db, owner.id, {
      title: "Never rendered",
      isPublic: false,
      durationSec: 10,
      status: "queued",
    });
    // A score the synth cannot play: listed as missing, with the reason.
    const broken = await makeSong(api.db, owner.id, {
      title: "Broken",
      composition: { broken: true },
      status: "failed",
      statusMessage: "We could not render this song's audio.",
    });

    const othersPublic = await makeSong(api.db, other.id, { title: "Other's public song" });
    const othersSecret = await makeSong(api.db, other.id, {
      title: "Other's secret song",
      isPublic: false,
    });
    const laterPrivate = await makeSong(api.db, other.id, { title: "Went private later" });
    await owner.caller.song.like({ id: othersPublic.id });
    await owner.caller.song.like({ id: laterPrivate.id });
    await owner.caller.comment.create({ songId: othersPublic.id, content: "love it", atSec: 3.5 });
    await owner.caller.comment.create({ songId: laterPrivate.id, content: "nice chorus" });
    await other.caller.comment.create({
      songId: othersPublic.id,
      content: "thanks, other's words",
    });
    const list = await owner.caller.playlist.create({ name: "Road trip" });
    for (const id of [ready.id, othersPublic.id, privateReady.id, laterPrivate.id])
      await owner.caller.playlist.addSong({ playlistId: list.id, songId: id });
    await owner.caller.playlist.moveSong({
      playlistId: list.id,
      songId: privateReady.id,
      toIndex: 0,
    });
    await other.caller.playlist.create({ name: "Other's private playlist" });
    await other.caller.song.update({ id: laterPrivate.id, isPublic: false });

    const { key } = await owner.caller.apiKey.create({ name: "export" });
    const { response, files, text, library } = await download({ authorization: `Bearer ${key}` });

    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="harmoniq-${owner.handle}-2026-03-04.zip"`,
    );
    expect(library).toMatchObject({
      format: "harmoniq-library",
      formatVersion: 1,
      exportedAt: NOW.toISOString(),
      profile: { id: owner.id, handle: owner.handle },
    });

    // Every song of theirs, private ones too, with lyrics and score.
    const ids = [ready.id, privateReady.id, unrendered.id, broken.id];
    expect(library.songs.map((s) => s.id).sort()).toEqual([...ids].sort());
    const byId = new Map(library.songs.map((s) => [s.id, s]));
    expect(byId.get(ready.id)!.lyrics).toContain("rain on the window");
    expect(byId.get(privateReady.id)!.isPublic).toBe(false);
    for (const id of [ready.id, privateReady.id, unrendered.id]) {
      const song = byId.get(id)!;
      expect(song.composition).toBeTruthy();
      expect(song.files.missing).toEqual([]);
      const base = `songs/${slugOf(song.title)}-${id}`;
      expect(song.files).toMatchObject({ wav: `${base}.wav`, midi: `${base}.mid` });
      const wav = files[`${base}.wav`]!;
      expect(new TextDecoder().decode(wav.subarray(0, 4))).toBe("RIFF");
      expect(new TextDecoder().decode(wav.subarray(8, 16))).toBe("WAVEfmt ");
      const decoded = decodeWav(wav);
      expect(decoded.sampleRate).toBe(44100);
      expect(decoded).toMatchObject({ channels: 2, bitsPerSample: 16 });
      // The RIFF size field matches the file, and the audio lasts about the song's length.
      expect(new DataView(wav.buffer, wav.byteOffset).getUint32(4, true)).toBe(wav.byteLength - 8);
      expect(decoded.frames / decoded.sampleRate).toBeGreaterThan(5);
      const midi = files[`${base}.mid`]!;
      expect(new TextDecoder().decode(midi.subarray(0, 4))).toBe("MThd");
      expect(new DataView(midi.buffer, midi.byteOffset).getUint32(4)).toBe(6);
    }
    expect(byId.get(ready.id)!.files.wav).toBe(`songs/rain-on-the-window-${ready.id}.wav`);
    const failed = byId.get(broken.id)!;
    expect(failed.files.wav).toBeNull();
    expect(failed.files.missing.map((m) => m.file).sort()).toEqual(["midi", "wav"]);
    expect(failed.files.missing[0]!.reason).toMatch(/could not render/);
    expect(Object.keys(files).filter((name) => name.includes(broken.id))).toEqual([]);

    // The playlist in its order; someone else's song that went private is left out.
    const road = library.playlists.find((p) => p.id === list.id)!;
    expect(road.songs.map((s) => s.songId)).toEqual([privateReady.id, ready.id, othersPublic.id]);
    expect(road.songs.map((s) => s.position)).toEqual([0, 1, 2]);

    // Their comments with song and time; the title of a song that went private is withheld.
    expect(library.comments).toEqual([
      expect.objectContaining({
        songId: othersPublic.id,
        songTitle: "Other's public song",
        content: "love it",
        atSec: 3.5,
      }),
      expect.objectContaining({ songId: laterPrivate.id, songTitle: null, content: "nice chorus" }),
    ]);
    expect(library.likes).toEqual([
      expect.objectContaining({ songId: othersPublic.id, authorHandle: other.handle }),
    ]);

    // Nothing private of anyone else, anywhere in the archive.
    for (const secret of [
      othersSecret.id,
      "Other's secret song",
      "Went private later",
      "Other's private playlist",
      "other's words",
      other.id + '"',
    ])
      expect(text).not.toContain(secret);
    expect(Object.keys(files).filter((n) => n !== "library.json")).toHaveLength(6);
  }, 120_000);

  it("includes the songs they reposted and the notifications they received — no repost of a song gone private, no private remix", async () => {
    const owner = await api.user({ name: "Curator" });
    const fan = await api.user({ name: "Fan" });
    const mine = await makeSong(api.db, owner.id, { title: "Night Drive" });
    const theirs = await makeSong(api.db, fan.id, { title: "Fan's anthem" });
    const goesPrivate = await makeSong(api.db, fan.id, { title: "Fan's hidden demo" });
    await owner.caller.song.repost({ id: theirs.id });
    await owner.caller.song.repost({ id: goesPrivate.id });
    await fan.caller.song.update({ id: goesPrivate.id, isPublic: false });
    await fan.caller.song.like({ id: mine.id });
    await fan.caller.user.follow({ userId: owner.id });
    await fan.caller.comment.create({ songId: mine.id, content: "that bass line", atSec: 12 });
    const secretRemix = await makeSong(api.db, fan.id, {
      title: "Secret remix",
      isPublic: false,
      parentId: mine.id,
    });
    await notifyRemix(api.db, { remixId: secretRemix.id });
    await owner.caller.notification.markRead({});

    const { key } = await owner.caller.apiKey.create({ name: "export" });
    const { text, library } = await download({ authorization: `Bearer ${key}` });

    expect(library.reposts).toEqual([
      expect.objectContaining({
        songId: theirs.id,
        title: "Fan's anthem",
        authorHandle: fan.handle,
        repostedAt: expect.any(String),
      }),
    ]);
    // One entry per event, oldest first, read ones marked.
    expect(library.notifications.map((n) => n.kind)).toEqual(["like", "follow", "comment"]);
    expect(library.notifications[0]).toMatchObject({
      actorHandle: fan.handle,
      songId: mine.id,
      songTitle: "Night Drive",
      readAt: expect.any(String),
    });
    expect(library.notifications[1]).toMatchObject({ songId: null, actorHandle: fan.handle });
    expect(library.notifications[2]).toMatchObject({ comment: "that bass line", atSec: 12 });
    for (const secret of ["Fan's hidden demo", goesPrivate.id, "Secret remix", secretRemix.id])
      expect(text).not.toContain(secret);
  }, 60_000);

  it("answers 401 to anonymous callers, bad keys and forged cookies", async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: "Bearer hq_not_a_key" },
      { cookie: "better-auth.session_token=forged.value" },
    ]) {
      const response = await handleExport(new Request(url, { headers }));
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
    }
  });

  it("serves a cookie session through the node:http router, streamed", async () => {
    const auth = createAuthHandler({ auth: api.auth, services: api.services });
    const signUp = await auth(
      new Request(`${TEST_ORIGIN}/api/auth/sign-up/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: TEST_ORIGIN },
        body: JSON.stringify({
          name: "Cookie Person",
          email: "cookie-export@example.test",
          password: "a good long password",
        }),
      }),
    );
    const cookie = signUp.headers.get("set-cookie")!.split(";")[0]!;
    const session = await getSessionFromHeaders(api.auth, new Headers({ cookie }));
    const server = await serveFetch((req) =>
      routeApiRequest({ handleExport } as unknown as ApiServer, req),
    );
    try {
      const response = await fetch(`${server.url}/api/export`, { headers: { cookie } });
      expect(response.status).toBe(200);
      const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
      const library = JSON.parse(new TextDecoder().decode(files["library.json"])) as Library;
      expect(library.profile.handle).toBe(session!.user.handle);
      expect(library.songs).toEqual([]);
      expect((await fetch(`${server.url}/api/export`)).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});

describe("zipStream", () => {
  it("builds the archive as it is read, not ahead of the reader", async () => {
    let opened = 0;
    async function* entries(): AsyncGenerator<ZipEntrySource> {
      for (let i = 0; i < 50; i++) {
        opened += 1;
        yield {
          name: `file-${i}.bin`,
          compress: false,
          data: async function* () {
            yield new Uint8Array(1024 * 1024).fill(i);
          },
        };
      }
    }
    const reader = zipStream(entries()).getReader();
    for (let i = 0; i < 3; i++) expect((await reader.read()).done).toBe(false);
    // Three 1 MB entries read: the stream has opened at most a couple more, not all fifty.
    expect(opened).toBeLessThanOrEqual(5);
    const rest: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest.push(value);
    }
    expect(opened).toBe(50);
  });

  it.each([
    ["a plain zip", undefined],
    ["Zip64 records (as past 4 GiB)", 0],
  ])("makes %s that unzip reads back byte for byte, deflated and stored", async (_, zip64From) => {
    const json = JSON.stringify({ hello: "world".repeat(1000) });
    const binary = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 251);
    const stream = zipStream(
      (async function* () {
        yield {
          name: "a.json",
          compress: true,
          data: async function* () {
            yield new TextEncoder().encode(json.slice(0, 10));
            yield new TextEncoder().encode(json.slice(10));
          },
        };
        yield {
          name: "b.bin",
          compress: false,
          data: async function* () {
            yield binary;
          },
        };
      })(),
      { zip64From },
    );
    const archive = new Uint8Array(await new Response(stream).arrayBuffer());
    // Zip64 end records are there exactly when asked for.
    const hasZip64End = Buffer.from(archive).includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]));
    expect(hasZip64End).toBe(zip64From === 0);
    const files = unzipSync(archive);
    expect(new TextDecoder().decode(files["a.json"])).toBe(json);
    expect(files["b.bin"]).toEqual(binary);
  });
});
