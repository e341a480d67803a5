import { apikey, eq, listApiKeys, revokeApiKey, session, user } from "@harmoniq/db";
import { createTestDb, type TestDatabase } from "@harmoniq/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth, type Auth } from "./auth";
import { getSessionFromHeaders } from "./session";

let t: TestDatabase;
let auth: Auth;
beforeAll(async () => {
  t = await createTestDb();
  auth = createAuth({
    db: t.db,
    secret: "test-secret-test-secret-test-secret-123",
    baseURL: "http://localhost:3000",
    trustedOrigins: ["http://localhost:3000"],
  });
});
afterAll(async () => {
  await t?.close();
});

async function signUp(name: string, email: string, handle?: string) {
  const response = await auth.api.signUpEmail({
    body: { name, email, password: "correct horse battery", ...(handle ? { handle } : {}) },
    asResponse: true,
  });
  return response;
}
const cookieOf = (response: Response) => response.headers.get("set-cookie")!.split(";")[0]!;

describe("accounts", () => {
  it("signs up with a chosen handle, signs in, and reads the session from the cookie", async () => {
    const response = await signUp("Mira Sol", "mira@example.test", "mira");
    expect(response.status).toBe(200);
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const session = await getSessionFromHeaders(auth, new Headers({ cookie: cookieOf(response) }));
    expect(session).toMatchObject({ user: { name: "Mira Sol", handle: "mira" }, via: "cookie" });

    const signIn = await auth.api.signInEmail({
      body: { email: "mira@example.test", password: "correct horse battery" },
      asResponse: true,
    });
    expect(signIn.status).toBe(200);
  });

  it("derives a unique handle when none is chosen", async () => {
    await signUp("Jo Park", "jo1@example.test");
    const second = await signUp("Jo Park", "jo2@example.test");
    const session = await getSessionFromHeaders(auth, new Headers({ cookie: cookieOf(second) }));
    expect(session!.user.handle).toBe("jo_park_2");
  });

  it("refuses a taken or malformed handle and creates no account", async () => {
    await signUp("Taken", "taken@example.test", "taken_handle");
    const taken = await signUp("Other", "other@example.test", "taken_handle");
    expect(taken.status).toBe(400);
    expect(await taken.json()).toMatchObject({ message: "That handle is already taken" });
    const malformed = await signUp("Other", "other@example.test", "No Spaces!");
    expect(malformed.status).toBe(400);
    const rows = await t.db.select().from(user).where(eq(user.email, "other@example.test"));
    expect(rows).toHaveLength(0);
  });

  it("gives the same answer for a wrong password and an unknown account", async () => {
    await signUp("Pat", "pat@example.test", "pat");
    const wrong = await auth.api.signInEmail({
      body: { email: "pat@example.test", password: "nope-nope-nope" },
      asResponse: true,
    });
    const unknown = await auth.api.signInEmail({
      body: { email: "nobody@example.test", password: "nope-nope-nope" },
      asResponse: true,
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it("signs out and revokes the session server-side", async () => {
    const response = await signUp("Leaving", "leaving@example.test");
    const headers = new Headers({ cookie: cookieOf(response) });
    expect(await getSessionFromHeaders(auth, headers)).not.toBeNull();
    await auth.api.signOut({ headers });
    expect(await getSessionFromHeaders(auth, headers)).toBeNull();
  });
});

describe("session cache (sessionCacheMs)", () => {
  let cached: Auth;
  beforeAll(() => {
    cached = createAuth({
      db: t.db,
      secret: "test-secret-test-secret-test-secret-123",
      baseURL: "http://localhost:3000",
      trustedOrigins: ["http://localhost:3000"],
      sessionCacheMs: 1000,
    });
  });

  it("reuses a cookie's session for up to a second, then reads the database again", async () => {
    const response = await signUp("Cached", "cached@example.test");
    const headers = new Headers({ cookie: cookieOf(response) });
    const first = await getSessionFromHeaders(cached, headers);
    expect(first).toMatchObject({ user: { name: "Cached" }, via: "cookie" });
    const started = performance.now();
    // Another instance revokes it (straight in the database: no hook runs here).
    await t.db.delete(session).where(eq(session.userId, first!.user.id));
    const elapsed = performance.now() - started;
    if (elapsed < 900) expect(await getSessionFromHeaders(cached, headers)).toEqual(first);
    await new Promise((r) => setTimeout(r, 1050 - (performance.now() - started)));
    expect(await getSessionFromHeaders(cached, headers)).toBeNull();
  });

  it("sign-out on this instance applies at once", async () => {
    const response = await signUp("Cached Out", "cached-out@example.test");
    const headers = new Headers({ cookie: cookieOf(response) });
    expect(await getSessionFromHeaders(cached, headers)).not.toBeNull();
    await cached.api.signOut({ headers });
    expect(await getSessionFromHeaders(cached, headers)).toBeNull();
  });
});

describe("API keys", () => {
  it("stores only a hash, works as Bearer, records last use and stops at once when revoked", async () => {
    const response = await signUp("Dev", "dev@example.test", "dev");
    const headers = new Headers({ cookie: cookieOf(response) });
    const created = await auth.api.createApiKey({ body: { name: "CI" }, headers });
    expect(created.key).toMatch(/^hq_/);
    const [stored] = await t.db.select().from(apikey).where(eq(apikey.id, created.id));
    expect(stored!.key).not.toContain(created.key);
    expect(stored!.key).not.toBe(created.key);

    const bearer = new Headers({ authorization: `Bearer ${created.key}` });
    expect(await getSessionFromHeaders(auth, bearer)).toMatchObject({
      user: { handle: "dev" },
      via: "apiKey",
    });
    const session = await getSessionFromHeaders(auth, headers);
    const [listed] = await listApiKeys(t.db, session!.user.id);
    expect(listed).toMatchObject({ name: "CI" });
    expect(listed!.lastUsedAt).toBeInstanceOf(Date);

    expect(
      await getSessionFromHeaders(auth, new Headers({ authorization: "Bearer hq_garbage" })),
    ).toBeNull();
    expect(await getSessionFromHeaders(auth, new Headers({ authorization: "Bearer" }))).toBeNull();

    await revokeApiKey(t.db, { id: created.id, userId: session!.user.id });
    expect(await getSessionFromHeaders(auth, bearer)).toBeNull();
  });
});
