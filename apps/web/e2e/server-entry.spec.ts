import { expect, request as playwrightRequest, test } from "@playwright/test";
import { uniqueHandle } from "./helpers";

// The production entry (server.mjs, what `pnpm start` runs and these tests run against): it
// answers /api/trpc itself and shares anonymous Discover pages for ≤ 1 s; everything else is
// Next.js. Nothing personal may ever come out of a shared copy.

test("the production entry serves the API, pages and auth with the same headers, and never shares a signed-in page", async ({
  baseURL,
}) => {
  const anonymous = await playwrightRequest.newContext({ baseURL });
  const visitor = await playwrightRequest.newContext({ baseURL });
  try {
    // /api/trpc, answered before Next.js, with the headers Next.js adds to everything else.
    const feed = await anonymous.get(
      `/api/trpc/song.feed?input=${encodeURIComponent(JSON.stringify({ json: { limit: 3 } }))}`,
    );
    expect(feed.status()).toBe(200);
    expect(feed.headers()["content-type"]).toMatch(/^application\/json/);
    expect(feed.headers()["content-security-policy"]).toContain("default-src 'self'");
    expect(feed.headers()["x-content-type-options"]).toBe("nosniff");
    expect(feed.headers()["x-frame-options"]).toBe("DENY");
    expect(["miss", "hit"]).toContain(feed.headers()["x-harmoniq-cache"]);
    // Bad input is still a clear BAD_REQUEST from the API.
    const bad = await anonymous.get(
      `/api/trpc/song.feed?input=${encodeURIComponent(JSON.stringify({ json: { sort: "x" } }))}`,
    );
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.json.data.code).toBe("BAD_REQUEST");
    // Mutations still need a session, and a foreign origin is still refused.
    const like = await anonymous.post("/api/trpc/song.like", {
      data: { json: { id: "00000000-0000-4000-8000-000000000000" } },
    });
    expect(like.status()).toBe(401);
    const foreign = await anonymous.post("/api/trpc/song.like", {
      data: { json: { id: "00000000-0000-4000-8000-000000000000" } },
      headers: { origin: "https://evil.example" },
    });
    expect(foreign.status()).toBe(403);

    // A page: Next.js renders it; the next anonymous visitor within a second gets the same copy.
    const first = await anonymous.get("/");
    expect(first.status()).toBe(200);
    expect(first.headers()["content-type"]).toMatch(/^text\/html/);
    expect(first.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(await first.text()).toContain("Sign in");
    // Pages other than Discover are never shared.
    const signIn = await anonymous.get("/sign-in");
    expect(signIn.status()).toBe(200);
    expect(signIn.headers()["x-harmoniq-cache"]).toBeUndefined();

    // better-auth under /api/auth goes through Next.js as before.
    const handle = uniqueHandle("entry");
    const signUp = await visitor.post("/api/auth/sign-up/email", {
      data: {
        name: "Entry",
        email: `${handle}@example.test`,
        password: "entry-password-123",
        handle,
      },
      headers: { origin: baseURL! },
    });
    expect(signUp.status()).toBe(200);
    const session = await visitor.get("/api/auth/get-session");
    expect((await session.json()).user.handle).toBe(handle);

    // Signed in: rendered for them, never from the shared copy, and never stored in it.
    for (let i = 0; i < 2; i++) {
      const mine = await visitor.get("/");
      expect(mine.headers()["x-harmoniq-cache"]).toBeUndefined();
      expect(await mine.text()).toContain("Sign out");
    }
    const me = await visitor.get(
      `/api/trpc/user.me?input=${encodeURIComponent(JSON.stringify({ json: null }))}`,
    );
    expect((await me.json()).result.data.json.handle).toBe(handle);
    const signedInFeed = await visitor.get(
      `/api/trpc/song.feed?input=${encodeURIComponent(JSON.stringify({ json: { limit: 3 } }))}`,
    );
    expect(signedInFeed.headers()["x-harmoniq-cache"]).toBeUndefined();
    const after = await anonymous.get("/");
    const html = await after.text();
    expect(html).not.toContain("Sign out");
    expect(html).not.toContain(handle);

    // The RSC payload for client navigation is Next.js's, never a shared document.
    const rsc = await anonymous.get("/", { headers: { rsc: "1" } });
    expect(rsc.headers()["x-harmoniq-cache"]).toBeUndefined();
    expect(rsc.headers()["content-type"]).not.toMatch(/^text\/html/);
  } finally {
    await anonymous.dispose();
    await visitor.dispose();
  }
});
