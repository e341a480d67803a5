// The REST surface (/api/v1) through its real HTTP handler: the OpenAPI document is valid and
// the committed client types match it; a client generated from it (openapi-typescript +
// openapi-fetch) drives a session with an API key; errors map to HTTP statuses.
import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import { makeSong } from "@harmoniq/db/testing";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRestHandler } from "../http/rest-handler";
import { createTestApi, TEST_ORIGIN, type TestApi } from "../testing/api";
import { createHttpHarness, EVIL_ORIGIN, type HttpHarness } from "../testing/http-harness";
import { changedTables, snapshotTables, tableNames } from "../testing/table-snapshot";
import { CLIENT_TYPES_FILE, generateClientTypes } from "./client-types";
import type { paths } from "./openapi-client.generated";

let api: TestApi;
let http: HttpHarness;
let rest: (req: Request) => Promise<Response>;
let tables: string[];

const MAX_BODY = 64 * 1024;

beforeAll(async () => {
  api = await createTestApi({
    limits: { comment: { points: 3, durationSec: 600, message: "You are commenting very fast" } },
  });
  http = createHttpHarness(api);
  rest = createRestHandler({
    db: api.db,
    auth: api.auth,
    services: api.services,
    allowedOrigins: [TEST_ORIGIN],
    maxBodyBytes: MAX_BODY,
    log: () => {},
  });
  tables = await tableNames(api.test);
});
afterAll(async () => {
  await api?.close();
});

const v1 = (path: string) => `${TEST_ORIGIN}/api/v1${path}`;

/** A typed client generated from the document, sending through the REST handler. */
function client(key?: string) {
  return createClient<paths>({
    baseUrl: `${TEST_ORIGIN}/api/v1`,
    fetch: (request: Request) => rest(request),
    ...(key ? { headers: { authorization: `Bearer ${key}` } } : {}),
  });
}

async function keyFor(user: Awaited<ReturnType<TestApi["user"]>>) {
  return (await user.caller.apiKey.create({ name: "rest test" })).key;
}

async function send(method: string, path: string, init: RequestInit = {}) {
  const response = await rest(new Request(v1(path), { method, ...init }));
  const body = (await response.json()) as Record<string, unknown>;
  return { status: response.status, body, headers: response.headers };
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document with the key scheme, descriptions and examples", async () => {
    const { status, body: doc } = await send("GET", "/openapi.json");
    expect(status).toBe(200);
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");

    const document = doc as {
      servers: { url: string }[];
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
      paths: Record<string, Record<string, { security?: unknown[]; description?: string }>>;
    };
    expect(document.servers[0]!.url).toBe(`${TEST_ORIGIN}/api/v1`);
    expect(document.components.securitySchemes.apiKey).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
    // Writes need the key; public reads do not.
    expect(document.paths["/songs"]!.post!.security).toEqual([{ apiKey: [] }]);
    expect(document.paths["/songs"]!.get!.security).toBeUndefined();
    expect(document.paths["/songs"]!.get!.description).toMatch(/public feed/);
    expect(JSON.stringify(doc)).toContain('"examples":["C3–C5"]');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/songs",
        "/songs/{id}",
        "/songs/{id}/like",
        "/songs/{songId}/comments",
        "/playlists",
        "/playlists/{id}",
        "/users/{handle}",
      ]),
    );
  });

  it("matches the committed client types (regenerate with `pnpm rest:types`)", async () => {
    expect(readFileSync(CLIENT_TYPES_FILE, "utf8")).toBe(await generateClientTypes());
  });
});

describe("a client generated from the document", () => {
  it("creates a song with a key, reads the feed, likes, comments and builds a playlist", async () => {
    const me = await api.user();
    const key = await keyFor(me);
    const c = client(key);

    const created = await c.POST("/songs", {
      body: {
        creationMode: "description",
        description: "a bright song about the sea",
        title: "Sea song",
        isPublic: true,
        durationSec: 10,
      },
    });
    expect(created.error).toBeUndefined();
    const song = created.data!;
    expect(song).toMatchObject({ title: "Sea song", isPublic: true, author: { id: me.id } });
    expect(song.takes).toEqual([song.id]);
    expect(typeof song.createdAt).toBe("string");

    const feed = await client().GET("/songs", { params: { query: { limit: 5, sort: "new" } } });
    expect(feed.error).toBeUndefined();
    expect(feed.data!.items.map((item) => item.id)).toContain(song.id);

    const liked = await c.POST("/songs/{id}/like", { params: { path: { id: song.id } } });
    expect(liked.data).toEqual({ liked: true, likeCount: 1 });
    const read = await c.GET("/songs/{id}", { params: { path: { id: song.id } } });
    expect(read.data).toMatchObject({ id: song.id, likedByMe: true, likeCount: 1 });
    const unliked = await c.DELETE("/songs/{id}/like", { params: { path: { id: song.id } } });
    expect(unliked.data).toEqual({ liked: false, likeCount: 0 });

    const comment = await c.POST("/songs/{songId}/comments", {
      params: { path: { songId: song.id } },
      body: { content: "Lovely chorus", atSec: 3.5 },
    });
    expect(comment.data).toMatchObject({ content: "Lovely chorus", atSec: 3.5 });
    const comments = await client().GET("/songs/{songId}/comments", {
      params: { path: { songId: song.id }, query: { limit: 10 } },
    });
    expect(comments.data!.items.map((item) => item.content)).toEqual(["Lovely chorus"]);

    const other = await makeSong(api.db, me.id, { title: "Second", isPublic: false });
    const list = await c.POST("/playlists", { body: { name: "Road trip", isPublic: true } });
    expect(list.data).toMatchObject({ name: "Road trip", songs: [] });
    const playlistId = list.data!.id;
    await c.POST("/playlists/{playlistId}/songs", {
      params: { path: { playlistId } },
      body: { songId: song.id },
    });
    const added = await c.POST("/playlists/{playlistId}/songs", {
      params: { path: { playlistId } },
      body: { songId: other.id },
    });
    expect(added.data!.songs.map((entry) => entry.song.id)).toEqual([song.id, other.id]);
    const moved = await c.POST("/playlists/{playlistId}/songs/{songId}/move", {
      params: { path: { playlistId, songId: other.id } },
      body: { toIndex: 0 },
    });
    expect(moved.data!.map((entry) => entry.song.id)).toEqual([other.id, song.id]);
    // Anonymous readers see the public playlist without the private song.
    const shared = await client().GET("/playlists/{id}", { params: { path: { id: playlistId } } });
    expect(shared.data!.songs.map((entry) => entry.song.id)).toEqual([song.id]);
    const mine = await c.GET("/me/playlists");
    expect(mine.data!.items).toEqual([expect.objectContaining({ id: playlistId, songCount: 2 })]);

    const meRead = await c.GET("/me");
    expect(meRead.data).toMatchObject({ id: me.id, handle: me.handle });
    const profile = await client().GET("/users/{handle}", {
      params: { path: { handle: me.handle } },
    });
    expect(profile.data).toMatchObject({ id: me.id, totals: { songCount: 1 } });
    expect(profile.data!.songs.items.map((item) => item.id)).toEqual([song.id]);
    const fan = client(await keyFor(await api.user()));
    const followed = await fan.POST("/users/{userId}/follow", {
      params: { path: { userId: me.id } },
    });
    expect(followed.data).toEqual({ following: true, followerCount: 1 });
    const followers = await client().GET("/users/{userId}/followers", {
      params: { path: { userId: me.id } },
    });
    expect(followers.data!.items).toHaveLength(1);
    expect(typeof followers.data!.items[0]!.followedAt).toBe("string");
    const stats = await c.GET("/me/stats", { params: { query: { days: 7 } } });
    expect(stats.data!.playsPerDay).toHaveLength(7);
    expect((await client().GET("/voices")).data!.length).toBeGreaterThan(0);
  });
});

describe("authorization, from the document", () => {
  it("refuses every operation that names the key to anonymous callers, and finds nothing private", async () => {
    const { body } = await send("GET", "/openapi.json");
    const document = body as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const outcomes: Record<string, number> = {};
    for (const [template, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        // Ids no one has: a public read answers 404, a protected operation 401 before anything.
        const path = template
          .replace("{handle}", "nobody_here")
          .replace(/\{\w+\}/g, "00000000-0000-4000-8000-000000000000");
        const init: RequestInit = ["post", "put", "patch"].includes(method)
          ? { headers: { "content-type": "application/json" }, body: "{}" }
          : {};
        const { status } = await send(method.toUpperCase(), path, init);
        outcomes[`${method.toUpperCase()} ${template}`] = status;
        if (operation.security) expect(status, `${method} ${template}`).toBe(401);
        else expect([200, 404], `${method} ${template}`).toContain(status);
      }
    }
    expect(Object.keys(outcomes).length).toBeGreaterThanOrEqual(25);
    expect(outcomes["GET /songs/{id}"]).toBe(404);
    expect(outcomes["POST /songs"]).toBe(401);
  });
});

describe("shared anonymous answers", () => {
  it("are dropped after a REST write, not after a read or a refused write", async () => {
    let cleared = 0;
    const counting = createRestHandler({
      db: api.db,
      auth: api.auth,
      services: api.services,
      allowedOrigins: [TEST_ORIGIN],
      log: () => {},
      onMutation: () => cleared++,
    });
    const owner = await api.user();
    const fan = await api.user();
    const key = await keyFor(fan);
    const song = await makeSong(api.db, owner.id, { isPublic: true });
    const call = (method: string, path: string, auth?: string) =>
      counting(
        new Request(v1(path), {
          method,
          headers: auth ? { authorization: `Bearer ${auth}` } : {},
        }),
      );

    expect((await call("GET", `/songs/${song.id}`)).status).toBe(200);
    expect((await call("POST", `/songs/${song.id}/like`)).status).toBe(401);
    expect(cleared).toBe(0);
    expect((await call("POST", `/songs/${song.id}/like`, key)).status).toBe(200);
    expect(cleared).toBe(1);
  });
});

describe("errors", () => {
  it("answers 401 to anonymous writes and to a bad key, storing nothing", async () => {
    const owner = await api.user();
    const song = await makeSong(api.db, owner.id, { isPublic: true });
    // Songs made by earlier tests finish rendering on their own: not a change this call made.
    await api.services.songs.idle();
    const before = await snapshotTables(api.test, tables);
    const anonymous = await send("POST", `/songs/${song.id}/like`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ code: "UNAUTHORIZED", message: "Sign in to do this" });
    const badKey = await send("POST", "/playlists", {
      headers: { authorization: "Bearer hq_not_a_key", "content-type": "application/json" },
      body: JSON.stringify({ name: "x" }),
    });
    expect(badKey.status).toBe(401);
    expect(changedTables(before, await snapshotTables(api.test, tables))).toEqual([]);
  });

  it("hides someone else's private song (404) and refuses changes to their public one (403)", async () => {
    const owner = await api.user();
    const stranger = await api.user();
    const key = await keyFor(stranger);
    const auth = { authorization: `Bearer ${key}` };
    const hidden = await makeSong(api.db, owner.id, { isPublic: false });
    const shown = await makeSong(api.db, owner.id, { isPublic: true });
    expect((await send("GET", `/songs/${hidden.id}`, { headers: auth })).status).toBe(404);
    expect((await send("GET", `/songs/${hidden.id}`)).body).toMatchObject({
      code: "NOT_FOUND",
      message: "Song not found",
    });
    expect((await send("POST", `/songs/${hidden.id}/like`, { headers: auth })).status).toBe(404);
    const edit = await send("PATCH", `/songs/${shown.id}`, {
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ title: "Mine now" }),
    });
    expect(edit.status).toBe(403);
    expect((await send("DELETE", `/songs/${shown.id}`, { headers: auth })).status).toBe(403);
    // The owner's key sees the private song.
    const ownerKey = await keyFor(owner);
    const own = await send("GET", `/songs/${hidden.id}`, {
      headers: { authorization: `Bearer ${ownerKey}` },
    });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: hidden.id, isPublic: false });
  });

  it("answers 400 with the issues to bad input and stores nothing", async () => {
    const me = await api.user();
    const headers = { authorization: `Bearer ${await keyFor(me)}` };
    const json = { ...headers, "content-type": "application/json" };
    // The key's own use is recorded (`apikey.last_request`): that change is intended.
    const data = tables.filter((table) => table !== "apikey");
    // Songs made by earlier tests finish rendering (and report their progress) on their own.
    await api.services.songs.idle();
    const before = await snapshotTables(api.test, data);
    const bad = await send("POST", "/songs", {
      headers: json,
      body: JSON.stringify({ creationMode: "lyrics", durationSec: 5, isPublic: "yes" }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: "BAD_REQUEST", message: "Input validation failed" });
    const paths = (bad.body.issues as { path: string[] }[]).map((issue) => issue.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["durationSec", "isPublic"]));
    // Booleans are not guessed from text in a JSON body (nor in tRPC after a REST query).
    const text = await send("POST", "/playlists", {
      headers: json,
      body: JSON.stringify({ name: "x", isPublic: "false" }),
    });
    expect(text.status).toBe(400);
    expect((await send("GET", "/songs?limit=0")).body.issues as { path: string[] }[]).toMatchObject(
      [{ path: ["limit"] }],
    );
    expect((await send("GET", "/songs?limit=abc")).status).toBe(400);
    expect((await send("GET", "/songs?surprise=1")).status).toBe(400);
    expect((await send("GET", "/songs/not-a-uuid")).status).toBe(400);
    const nul = await send("POST", "/playlists", {
      headers: json,
      body: JSON.stringify({ name: "a\u0000b" }),
    });
    expect(nul).toMatchObject({ status: 400, body: { code: "BAD_REQUEST" } });
    expect((await send("POST", "/playlists", { headers: json, body: "{not json" })).status).toBe(
      400,
    );
    expect(changedTables(before, await snapshotTables(api.test, data))).toEqual([]);
    // The same numbers in a query string are read as numbers.
    expect((await send("GET", "/songs?limit=2")).status).toBe(200);
  });

  it("keeps tRPC's own validation strict after REST requests coerced query strings", async () => {
    expect((await send("GET", "/songs?limit=3")).status).toBe(200);
    const me = await api.user();
    await expect(me.caller.song.feed({ limit: "3" as unknown as number })).rejects.toThrow();
    await expect(
      me.caller.playlist.create({ name: "x", isPublic: "false" as unknown as boolean }),
    ).rejects.toThrow();
  });

  it("answers 413, 415, 403 (cross-site cookie write), 404 and 429 in the same JSON shape", async () => {
    const me = await api.user();
    const headers = { authorization: `Bearer ${await keyFor(me)}` };
    const big = await send("POST", "/playlists", {
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ name: "x".repeat(MAX_BODY) }),
    });
    expect(big).toMatchObject({ status: 413, body: { code: "PAYLOAD_TOO_LARGE" } });
    const form = await send("POST", "/playlists", {
      headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
      body: "name=x",
    });
    expect(form).toMatchObject({ status: 415, body: { code: "UNSUPPORTED_MEDIA_TYPE" } });

    const browser = await http.browserUser(`rest-${Date.now()}@example.test`);
    const crossSite = await send("POST", "/playlists", {
      headers: { cookie: browser.cookie, origin: EVIL_ORIGIN, "content-type": "application/json" },
      body: JSON.stringify({ name: "planted" }),
    });
    expect(crossSite).toMatchObject({ status: 403, body: { code: "FORBIDDEN" } });
    const sameSite = await send("POST", "/playlists", {
      headers: { ...browser.write, "content-type": "application/json" },
      body: JSON.stringify({ name: "from the app" }),
    });
    expect(sameSite.status).toBe(200);

    expect((await send("GET", "/nothing-here")).status).toBe(404);

    const song = await makeSong(api.db, me.id, { isPublic: true });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await send("POST", `/songs/${song.id}/comments`, {
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ content: `comment ${i}` }),
      });
      statuses.push(res.status);
      if (res.status === 429) expect(res.body.code).toBe("TOO_MANY_REQUESTS");
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
