import { makeSong, makeUser } from "@harmoniq/db/testing";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, TEST_ORIGIN, type TestApi } from "../testing/api";
import { createAuthHandler } from "./auth-handler";
import {
  ANONYMOUS_CACHE_MAX_TTL_MS,
  createAnonymousCache,
  isAnonymousRequest,
  type CachedAnswer,
} from "./anonymous-cache";
import { createTrpcHandler } from "./trpc-handler";

const answer = (text: string): CachedAnswer => ({
  status: 200,
  headers: [["content-type", "application/json"]],
  body: new TextEncoder().encode(text),
});

describe("isAnonymousRequest", () => {
  it("is anonymous only without credentials or a read-your-writes cookie", () => {
    const anon = (headers: Record<string, string>) => isAnonymousRequest(new Headers(headers));
    expect(anon({})).toBe(true);
    expect(anon({ cookie: "theme=dark; other=1" })).toBe(true);
    expect(anon({ cookie: "better-auth.session_token=abc" })).toBe(false);
    expect(anon({ cookie: "theme=dark; __Secure-better-auth.session_token=abc" })).toBe(false);
    expect(anon({ cookie: "hq_lsn=0%2F1" })).toBe(false);
    expect(anon({ authorization: "Bearer hq_whatever" })).toBe(false);
    // Any Authorization header, even one the API would not accept, is not anonymous.
    expect(anon({ authorization: "Basic Zm9vOmJhcg==" })).toBe(false);
  });
});

describe("createAnonymousCache", () => {
  it("never keeps an answer longer than a second, whatever it is asked", async () => {
    let now = 0;
    const cache = createAnonymousCache({ ttlMs: 60_000, now: () => now });
    expect(cache.ttlMs).toBe(ANONYMOUS_CACHE_MAX_TTL_MS);
    let computed = 0;
    const compute = async () => answer(`v${++computed}`);
    const text = (a: CachedAnswer | null) => new TextDecoder().decode(a!.body);
    expect((await cache.load("k", compute)).hit).toBe(false);
    now = 499;
    expect((await cache.load("k", compute)).hit).toBe(true);
    now = 1000;
    expect(cache.get("k")).toBeUndefined();
    const third = await cache.load("k", compute);
    expect(third.hit).toBe(false);
    expect(text(third.answer)).toBe("v2");
  });

  it("lets one caller refresh an entry past half its TTL while the others are served it", async () => {
    let now = 0;
    const cache = createAnonymousCache({ now: () => now });
    await cache.load("k", async () => answer("old"));
    now = 600;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const refreshing = cache.load("k", async () => {
      await gate;
      return answer("new");
    });
    // While the refresh runs, the others get the (still valid) old answer at once.
    const other = await cache.load("k", async () => answer("never"));
    expect(other.hit).toBe(true);
    expect(new TextDecoder().decode(other.answer!.body)).toBe("old");
    release();
    expect((await refreshing).hit).toBe(false);
    // The refreshed entry counts its second from when it was computed.
    now = 1500;
    expect(new TextDecoder().decode(cache.get("k")!.body)).toBe("new");
    now = 1600;
    expect(cache.get("k")).toBeUndefined();
  });

  it("computes once for concurrent misses, and keeps nothing computed across a clear", async () => {
    const cache = createAnonymousCache();
    let computed = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = async () => {
      computed++;
      await gate;
      return answer("shared");
    };
    const all = Promise.all([1, 2, 3].map(() => cache.load("k", slow)));
    release();
    const results = await all;
    expect(computed).toBe(1);
    expect(results.map((r) => r.hit)).toEqual([false, true, true]);

    // A write while an answer is being computed: that answer is served once, never stored.
    cache.clear();
    let release2!: () => void;
    const gate2 = new Promise<void>((resolve) => (release2 = resolve));
    const running = cache.load("k", async () => {
      await gate2;
      return answer("before the write");
    });
    cache.clear();
    release2();
    expect((await running).hit).toBe(false);
    expect(cache.size).toBe(0);
  });

  it("does not store what compute refuses, and drops the oldest entries past its size", async () => {
    const cache = createAnonymousCache({ maxEntries: 2 });
    expect((await cache.load("error", async () => null)).answer).toBeNull();
    expect(cache.size).toBe(0);
    for (const key of ["a", "b", "c"]) await cache.load(key, async () => answer(key));
    expect(cache.size).toBe(2);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("c")).toBeDefined();
  });
});

describe("the feed's anonymous cache in /api/trpc", () => {
  let api: TestApi;
  let trpc: ReturnType<typeof createTrpcHandler>;
  let authHandler: (req: Request) => Promise<Response>;
  let now = 0;
  const cleared: number[] = [];

  beforeAll(async () => {
    api = await createTestApi();
    trpc = createTrpcHandler({
      db: api.db,
      auth: api.auth,
      services: api.services,
      allowedOrigins: [TEST_ORIGIN],
      log: () => {},
      anonymousCache: {
        procedures: ["song.feed"],
        cache: createAnonymousCache({ now: () => now }),
      },
      onMutation: () => cleared.push(now),
    });
    authHandler = createAuthHandler({ auth: api.auth, services: api.services });
  });
  afterAll(async () => {
    await api?.close();
  });

  const get = (path: string, input: unknown, headers: Record<string, string> = {}) =>
    trpc(
      new Request(
        `${TEST_ORIGIN}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`,
        { headers },
      ),
    );
  const post = (path: string, input: unknown, headers: Record<string, string> = {}) =>
    trpc(
      new Request(`${TEST_ORIGIN}/api/trpc/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: TEST_ORIGIN, ...headers },
        body: JSON.stringify(superjson.serialize(input)),
      }),
    );
  type FeedItem = { id: string; likedByMe: boolean; likeCount: number; title: string };
  const items = async (response: Response) =>
    ((await response.json()) as { result: { data: { json: { items: FeedItem[] } } } }).result.data
      .json.items;

  async function signUp(email: string) {
    const response = await authHandler(
      new Request(`${TEST_ORIGIN}/api/auth/sign-up/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: TEST_ORIGIN },
        body: JSON.stringify({ name: "Cache User", email, password: "a good long password" }),
      }),
    );
    expect(response.status).toBe(200);
    return response.headers.get("set-cookie")!.split(";")[0]!;
  }

  it("shares anonymous feed pages, never a signed-in one, and forgets them after a write", async () => {
    const author = await makeUser(api.db);
    const song = await makeSong(api.db, author.id, { title: "Shared Tune", isPublic: true });
    const cookie = await signUp("cache-liker@example.test");
    const input = { sort: "new" as const, limit: 5 };

    const first = await get("song.feed", input);
    expect(first.headers.get("x-harmoniq-cache")).toBe("miss");
    expect((await items(first)).map((s) => s.id)).toContain(song.id);

    // A song stored behind the API's back is not seen by anonymous callers within the TTL…
    const hidden = await makeSong(api.db, author.id, { title: "Too Late", isPublic: true });
    const second = await get("song.feed", input);
    expect(second.headers.get("x-harmoniq-cache")).toBe("hit");
    expect((await items(second)).map((s) => s.id)).not.toContain(hidden.id);
    // …while a signed-in caller always reads the database, and is never cached.
    const signedIn = await get("song.feed", input, { cookie });
    expect(signedIn.headers.get("x-harmoniq-cache")).toBeNull();
    expect((await items(signedIn)).map((s) => s.id)).toContain(hidden.id);

    // A like (a mutation) clears the cache: the next anonymous page shows it, unliked by "me".
    const like = await post("song.like", { id: song.id }, { cookie });
    expect(like.status).toBe(200);
    expect(cleared.length).toBe(1);
    const mine = (await items(await get("song.feed", input, { cookie }))).find(
      (s) => s.id === song.id,
    )!;
    expect(mine).toMatchObject({ likedByMe: true, likeCount: 1 });
    const afterWrite = await get("song.feed", input);
    expect(afterWrite.headers.get("x-harmoniq-cache")).toBe("miss");
    const anonymous = (await items(afterWrite)).find((s) => s.id === song.id)!;
    expect(anonymous).toMatchObject({ likedByMe: false, likeCount: 1 });
    // The signed-in answer never filled the cache: anonymous hits still say "not liked".
    const hit = await get("song.feed", input);
    expect(hit.headers.get("x-harmoniq-cache")).toBe("hit");
    expect((await items(hit)).find((s) => s.id === song.id)!.likedByMe).toBe(false);

    // After the TTL the database is read again.
    now += 1000;
    const expired = await get("song.feed", input);
    expect(expired.headers.get("x-harmoniq-cache")).toBe("miss");
  });

  it("does not cache credentials of any kind, batches, streams, other procedures or errors", async () => {
    const input = { sort: "top" as const, limit: 3 };
    await get("song.feed", input);
    const notCached = [
      await get("song.feed", input, { cookie: "better-auth.session_token=forged" }),
      await get("song.feed", input, { authorization: "Bearer hq_not_a_key" }),
      await get("song.feed", input, { "trpc-accept": "application/jsonl" }),
      await get("user.me", undefined),
      await get("user.me", undefined),
    ];
    for (const response of notCached) expect(response.headers.get("x-harmoniq-cache")).toBeNull();
    const batch = await trpc(
      new Request(
        `${TEST_ORIGIN}/api/trpc/song.feed?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: superjson.serialize(input) }))}`,
      ),
    );
    expect(batch.status).toBe(200);
    expect(batch.headers.get("x-harmoniq-cache")).toBeNull();

    // Bad input is a BAD_REQUEST every time, never stored.
    for (let i = 0; i < 2; i++) {
      const bad = await get("song.feed", { sort: "nope" });
      expect(bad.status).toBe(400);
      expect(bad.headers.get("x-harmoniq-cache")).toBeNull();
    }
    // The Following feed is for signed-in people: anonymous callers get UNAUTHORIZED, uncached.
    const following = await get("song.feed", { sort: "following" });
    expect(following.status).toBe(401);
    expect(following.headers.get("x-harmoniq-cache")).toBeNull();
  });
});
