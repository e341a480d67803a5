import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthHandler } from "./auth-handler";
import { isCrossSiteWrite } from "./csrf";
import { createTrpcHandler } from "./trpc-handler";
import { parseRange } from "./byte-range";
import { createSongFileHandlers } from "./song-files";
import { makeSong, makeUser } from "@harmoniq/db/testing";
import { createCoverService } from "../services/songs/cover-service";
import { createTestApi, TEST_ORIGIN, type TestApi } from "../testing/api";
import superjson from "superjson";
import { unzipSync } from "fflate";
import { decodeWavStereo } from "@harmoniq/music/render";

let api: TestApi;
let trpc: (req: Request) => Promise<Response>;
let authHandler: (req: Request) => Promise<Response>;
let files: ReturnType<typeof createSongFileHandlers>;

beforeAll(async () => {
  api = await createTestApi({
    limits: {
      signInPerAccount: { points: 3, durationSec: 600, message: "Too many sign-in attempts" },
    },
  });
  trpc = createTrpcHandler({
    db: api.db,
    auth: api.auth,
    services: api.services,
    allowedOrigins: [TEST_ORIGIN],
    maxBodyBytes: 64 * 1024,
    log: () => {},
  });
  authHandler = createAuthHandler({ auth: api.auth, services: api.services });
  files = createSongFileHandlers({ db: api.db, auth: api.auth, services: api.services });
});
afterAll(async () => {
  await api?.close();
});

const url = (path: string) => `${TEST_ORIGIN}${path}`;

function call(
  path: string,
  input: unknown,
  init: { headers?: Record<string, string>; method?: "GET" | "POST" } = {},
) {
  const method = init.method ?? "POST";
  const encoded = JSON.stringify(superjson.serialize(input));
  return trpc(
    method === "GET"
      ? new Request(url(`/api/trpc/${path}?input=${encodeURIComponent(encoded)}`), {
          headers: init.headers,
        })
      : new Request(url(`/api/trpc/${path}`), {
          method: "POST",
          headers: { "content-type": "application/json", ...init.headers },
          body: encoded,
        }),
  );
}

async function signUp(email: string) {
  const response = await authHandler(
    new Request(url("/api/auth/sign-up/email"), {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_ORIGIN },
      body: JSON.stringify({ name: "Web User", email, password: "a good long password" }),
    }),
  );
  expect(response.status).toBe(200);
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

describe("the HTTP layer", () => {
  it("serves procedures to a cookie session and to a bearer API key; a revoked key is UNAUTHORIZED", async () => {
    const cookie = await signUp("cookie@example.test");
    const me = await call("user.me", undefined, { method: "GET", headers: { cookie } });
    expect(me.status).toBe(200);
    const meBody = (await me.json()) as { result: { data: { json: { handle: string } } } };
    expect(meBody.result.data.json.handle).toBe("web_user");

    const created = await call(
      "apiKey.create",
      { name: "script" },
      { headers: { cookie, origin: TEST_ORIGIN } },
    );
    const { key, id } = (
      (await created.json()) as { result: { data: { json: { key: string; id: string } } } }
    ).result.data.json;
    const viaKey = await call("song.mine", undefined, {
      method: "GET",
      headers: { authorization: `Bearer ${key}` },
    });
    expect(viaKey.status).toBe(200);
    // A client with an API key and no browser sends no Origin: mutations work.
    const playlist = await call(
      "playlist.create",
      { name: "From a script" },
      { headers: { authorization: `Bearer ${key}` } },
    );
    expect(playlist.status).toBe(200);

    await call("apiKey.revoke", { id }, { headers: { cookie, origin: TEST_ORIGIN } });
    const revoked = await call("song.mine", undefined, {
      method: "GET",
      headers: { authorization: `Bearer ${key}` },
    });
    expect(revoked.status).toBe(401);
    const garbage = await call("song.mine", undefined, {
      method: "GET",
      headers: { authorization: "Bearer hq_nope" },
    });
    expect(garbage.status).toBe(401);
    const forged = await call("song.mine", undefined, {
      method: "GET",
      headers: { cookie: "better-auth.session_token=forged.value" },
    });
    expect(forged.status).toBe(401);
  });

  it("refuses mutations from a foreign origin (CSRF)", async () => {
    const cookie = await signUp("csrf@example.test");
    const foreign = await call(
      "playlist.create",
      { name: "evil" },
      { headers: { cookie, origin: "https://evil.example" } },
    );
    expect(foreign.status).toBe(403);
    const opaque = await call(
      "playlist.create",
      { name: "evil" },
      { headers: { cookie, origin: "null" } },
    );
    expect(opaque.status).toBe(403);
    const crossSite = await call(
      "playlist.create",
      { name: "evil" },
      { headers: { cookie, "sec-fetch-site": "cross-site" } },
    );
    expect(crossSite.status).toBe(403);
    const mine = await call("playlist.mine", undefined, { method: "GET", headers: { cookie } });
    const body = (await mine.json()) as { result: { data: { json: { items: unknown[] } } } };
    expect(body.result.data.json.items).toEqual([]);
    expect(
      isCrossSiteWrite(
        new Request(url("/x"), { method: "GET", headers: { origin: "https://evil.example" } }),
        [TEST_ORIGIN],
      ),
    ).toBe(false);
  });

  it("refuses oversized bodies, oversized batches and broken JSON cleanly", async () => {
    const big = await trpc(
      new Request(url("/api/trpc/playlist.create"), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: { name: "x".repeat(100_000) } }),
      }),
    );
    expect(big.status).toBe(413);
    const batch = await trpc(
      new Request(url(`/api/trpc/${Array(21).fill("user.me").join(",")}?batch=1&input={}`)),
    );
    expect(batch.status).toBe(400);
    const broken = await trpc(
      new Request(url("/api/trpc/playlist.create"), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{not json",
      }),
    );
    expect(broken.status).toBeGreaterThanOrEqual(400);
    expect(broken.status).toBeLessThan(500);
  });

  it("answers bad input with a flattened zod error and no stack or SQL", async () => {
    const cookie = await signUp("errors@example.test");
    const response = await call(
      "playlist.create",
      { name: "" },
      { headers: { cookie, origin: TEST_ORIGIN } },
    );
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).not.toMatch(/stack|select |insert |at .*\.ts/i);
    const body = JSON.parse(text) as {
      error: {
        json: { data: { code: string; zodError: { fieldErrors: Record<string, string[]> } } };
      };
    };
    expect(body.error.json.data.code).toBe("BAD_REQUEST");
    expect(body.error.json.data.zodError.fieldErrors.name).toBeDefined();
  });

  it("rate limits sign-in per account with identical answers for known and unknown accounts", async () => {
    await signUp("known@example.test");
    const attempt = (email: string) =>
      authHandler(
        new Request(url("/api/auth/sign-in/email"), {
          method: "POST",
          headers: { "content-type": "application/json", origin: TEST_ORIGIN },
          body: JSON.stringify({ email, password: "wrong password!" }),
        }),
      );
    const known = await attempt("known@example.test");
    const unknown = await attempt("unknown@example.test");
    expect(known.status).toBe(401);
    expect(await known.json()).toEqual(await unknown.json());
    await attempt("known@example.test");
    await attempt("known@example.test");
    const limited = await attempt("known@example.test");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});

describe("song files", () => {
  it("serves WAV with byte ranges and MIDI, and private songs only to their owner", async () => {
    const cookie = await signUp("files@example.test");
    const created = await call(
      "song.create",
      { creationMode: "description", description: "rain on the window", durationSec: 10 },
      { headers: { cookie, origin: TEST_ORIGIN } },
    );
    const song = ((await created.json()) as { result: { data: { json: { id: string } } } }).result
      .data.json;

    const full = await files.audio(
      new Request(url(`/api/songs/${song.id}/audio`), { headers: { cookie } }),
      song.id,
    );
    expect(full.status).toBe(200);
    expect(full.headers.get("content-type")).toBe("audio/wav");
    const bytes = new Uint8Array(await full.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe("RIFF");

    const part = await files.audio(
      new Request(url(`/api/songs/${song.id}/audio`), { headers: { cookie, range: "bytes=0-99" } }),
      song.id,
    );
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 0-99/${bytes.byteLength}`);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
    const bad = await files.audio(
      new Request(url(`/api/songs/${song.id}/audio`), {
        headers: { cookie, range: "bytes=999999999-" },
      }),
      song.id,
    );
    expect(bad.status).toBe(416);

    const midi = await files.midi(
      new Request(url(`/api/songs/${song.id}/midi`), { headers: { cookie } }),
      song.id,
    );
    expect(midi.status).toBe(200);
    expect(new TextDecoder().decode(new Uint8Array(await midi.arrayBuffer()).subarray(0, 4))).toBe(
      "MThd",
    );

    const stranger = await files.audio(new Request(url(`/api/songs/${song.id}/audio`)), song.id);
    expect(stranger.status).toBe(404);
    expect((await files.midi(new Request(url(`/api/songs/${song.id}/midi`)), song.id)).status).toBe(
      404,
    );
    expect((await files.audio(new Request(url("/api/songs/nope/audio")), "nope")).status).toBe(404);
  });

  it("serves a sung song's stems as a zip, or one stem, with the audio's access rules", async () => {
    const cookie = await signUp("stems@example.test");
    const created = await call(
      "song.create",
      {
        creationMode: "lyrics",
        lyrics: "[Verse]\nSing it low and slow\nLet the river go",
        durationSec: 10,
        voice: "ember",
      },
      { headers: { cookie, origin: TEST_ORIGIN } },
    );
    const song = ((await created.json()) as { result: { data: { json: { id: string } } } }).result
      .data.json;
    const get = (query = "", headers: Record<string, string> = { cookie }) =>
      files.stems(new Request(url(`/api/songs/${song.id}/stems${query}`), { headers }), song.id);

    const zip = await get();
    expect(zip.status).toBe(200);
    expect(zip.headers.get("content-type")).toBe("application/zip");
    expect(zip.headers.get("content-disposition")).toMatch(/attachment; filename=".+-stems\.zip"/);
    const entries = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    const names = Object.keys(entries).map((n) => n.replace(/^.*\//, ""));
    expect(names).toEqual([
      "01-drums.wav",
      "02-bass.wav",
      "03-harmony.wav",
      "04-lead.wav",
      "05-vocals.wav",
    ]);
    for (const bytes of Object.values(entries)) {
      expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe("RIFF");
    }

    const vocals = await get("?stem=vocals");
    expect(vocals.status).toBe(200);
    expect(vocals.headers.get("content-type")).toBe("audio/wav");
    const { left } = decodeWavStereo(new Uint8Array(await vocals.arrayBuffer()));
    expect(left.some((x) => Math.abs(x) > 0.01)).toBe(true);

    const unknown = await get("?stem=kazoo");
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({
      error: { message: expect.stringMatching(/kazoo/) },
    });
    expect((await get("", {})).status).toBe(404);
  }, 180_000); // three renders (song, stems twice) on a shared machine

  it("serves cover art with the song's access rules, long caching under its version, and 304s", async () => {
    const cookie = await signUp("covers@example.test");
    const me = await call("user.me", undefined, { method: "GET", headers: { cookie } });
    const ownerId = ((await me.json()) as { result: { data: { json: { id: string } } } }).result
      .data.json.id;
    const mine = await makeSong(api.db, ownerId, {
      title: "Harbour Lights",
      mood: "Chill",
      genre: "Jazz",
      isPublic: false,
    });
    const shared = await makeSong(api.db, ownerId, { title: "Open Roads", isPublic: true });
    const cover = (id: string, query = "", headers: Record<string, string> = {}) =>
      files.cover(new Request(url(`/api/songs/${id}/cover${query}`), { headers }), id);

    // The owner gets their private song's cover; nobody else learns it exists.
    const owner = await cover(mine.id, "", { cookie });
    expect(owner.status).toBe(200);
    expect(owner.headers.get("content-type")).toBe("image/webp");
    const bytes = new Uint8Array(await owner.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(8, 12))).toBe("WEBP");
    expect(owner.headers.get("cache-control")).toBe("private, no-cache");
    expect((await cover(mine.id)).status).toBe(404);
    const stranger = await signUp("cover-stranger@example.test");
    expect((await cover(mine.id, "", { cookie: stranger })).status).toBe(404);
    expect((await cover("not-a-song")).status).toBe(404);
    expect((await cover("00000000-0000-4000-8000-000000000000")).status).toBe(404);

    // A public song's cover is anyone's; with its current version it is cached for good.
    const etag = owner.headers.get("etag")!;
    const version = /^"cover-(.+)-1024-webp"$/.exec(etag)?.[1];
    expect(version).toBeTruthy();
    const anyone = await cover(shared.id);
    expect(anyone.status).toBe(200);
    const sharedVersion = /^"cover-(.+)-1024-webp"$/.exec(anyone.headers.get("etag")!)![1]!;
    const pinned = await cover(shared.id, `?v=${encodeURIComponent(sharedVersion)}`);
    expect(pinned.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(
      Buffer.from(await pinned.arrayBuffer()).equals(Buffer.from(await anyone.arrayBuffer())),
    ).toBe(true);
    // A stale version is still served, but must be checked again.
    expect((await cover(shared.id, "?v=0.old")).headers.get("cache-control")).toBe(
      "public, no-cache",
    );

    // Revalidation: the same ETag is a 304 with no body.
    const again = await cover(mine.id, "", { cookie, "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect((await cover(mine.id, "", { cookie, "if-none-match": '"other"' })).status).toBe(200);

    // PNG for share previews; an unknown format is refused.
    const png = await cover(shared.id, "?format=png");
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(Array.from(new Uint8Array(await png.arrayBuffer()).subarray(1, 4))).toEqual([
      0x50, 0x4e, 0x47,
    ]);
    // Half size for cards; unknown formats and sizes are refused.
    const half = await cover(shared.id, "?size=512");
    expect(half.headers.get("etag")).toMatch(/-512-webp"$/);
    expect(new Uint8Array(await half.arrayBuffer()).byteLength).toBeLessThan(
      (await (await cover(shared.id)).arrayBuffer()).byteLength,
    );
    for (const query of ["?format=gif", "?size=100", "?size=4096", "?size=abc"]) {
      const bad = await cover(shared.id, query);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
    }

    // Renaming the song changes its cover and its version.
    const renamed = await call(
      "song.update",
      { id: shared.id, title: "Open Roads (Reprise)" },
      { headers: { cookie, origin: TEST_ORIGIN } },
    );
    expect(renamed.status).toBe(200);
    const after = await cover(shared.id, "", { "if-none-match": anyone.headers.get("etag")! });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(anyone.headers.get("etag"));
  });

  it("draws each cover once and keeps it in memory, within its byte budget", async () => {
    let draws = 0;
    const covers = createCoverService({
      cacheBytes: 10_000,
      render: async (input) => {
        draws += 1;
        return new Uint8Array(4_000).fill(input.seed % 251);
      },
    });
    const owner = await makeUser(api.test);
    const songs = await Promise.all(
      [1, 2, 3].map((seed) => makeSong(api.db, owner.id, { seed, isPublic: true })),
    );
    const viewer = (songId: string) => ({ songId, viewerId: null });
    const webp = { format: "webp", size: 1024 } as const;
    // Concurrent requests for one cover share a drawing; a second request is a cache hit.
    await Promise.all([1, 2, 3].map(() => covers.cover(api.db, viewer(songs[0]!.id), webp)));
    await covers.cover(api.db, viewer(songs[0]!.id), webp);
    expect(draws).toBe(1);
    await covers.cover(api.db, viewer(songs[0]!.id), { format: "png", size: 1024 });
    expect(draws).toBe(2);
    // 10 kB holds two 4 kB covers: the least recently used one goes.
    await covers.cover(api.db, viewer(songs[1]!.id), webp);
    expect(covers.stats()).toEqual({ entries: 2, bytes: 8_000 });
    await covers.cover(api.db, viewer(songs[0]!.id), webp);
    expect(draws).toBe(4);
  });

  it("parses byte ranges", () => {
    expect(parseRange(null, 100)).toBeNull();
    expect(parseRange("bytes=10-19", 100)).toEqual({ start: 10, end: 19 });
    expect(parseRange("bytes=90-", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=-10", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=50-10", 100)).toBe("invalid");
    expect(parseRange("items=1-2", 100)).toBe("invalid");
  });
});
