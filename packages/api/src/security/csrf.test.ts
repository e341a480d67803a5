// Cross-site request forgery: a page on another site submitting a form (or a "simple" fetch)
// to the API with the visitor's cookies. JSON requests with a foreign Origin, "null" and
// Sec-Fetch-Site: cross-site are refused in http.test.ts; these are the classic form encodings,
// which a browser sends cross-site without a preflight.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../testing/api";
import { createHttpHarness, EVIL_ORIGIN, url, type HttpHarness } from "../testing/http-harness";
import { snapshotTables, tableNames } from "../testing/table-snapshot";

let api: TestApi;
let http: HttpHarness;

beforeAll(async () => {
  api = await createTestApi();
  http = createHttpHarness(api);
});
afterAll(async () => {
  await api?.close();
});

const forms: [string, string, string][] = [
  ["application/x-www-form-urlencoded", "playlist.create", "name=evil&isPublic=true"],
  ["text/plain", "playlist.create", '{"json":{"name":"evil"}}'],
  [
    "multipart/form-data; boundary=x",
    "playlist.create",
    '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nevil\r\n--x--',
  ],
  ["application/x-www-form-urlencoded", "user.updateProfile", "name=Hacked&bio=pwned"],
  ["text/plain", "apiKey.create", '{"json":{"name":"stolen"}}'],
  ["text/plain", "song.delete", '{"json":{"id":"00000000-0000-4000-8000-000000000000"}}'],
];

describe("CSRF", () => {
  it.each(forms)(
    "a cross-site %s form POST to %s is refused with 403 and changes nothing",
    async (contentType, procedure, body) => {
      const victim = await http.browserUser(`csrf-${Math.random()}@example.test`);
      const tables = await tableNames(api.test);
      const before = await snapshotTables(api.test, tables);
      const foreign: Record<string, string>[] = [
        { origin: EVIL_ORIGIN },
        { origin: "null" },
        { "sec-fetch-site": "cross-site" },
      ];
      for (const headers of foreign) {
        const response = await http.trpc(
          new Request(url(`/api/trpc/${procedure}`), {
            method: "POST",
            headers: { cookie: victim.cookie, "content-type": contentType, ...headers },
            body,
          }),
        );
        expect(response.status).toBe(403);
        expect(response.headers.get("content-type")).toBe("application/json");
        expect(await response.json()).toEqual({
          error: { code: "FORBIDDEN", message: "Cross-site requests are refused" },
        });
      }
      expect(await snapshotTables(api.test, tables)).toEqual(before);
    },
  );

  it("a same-site form POST (right Origin, wrong encoding) is still refused: only JSON is understood", async () => {
    const user = await http.browserUser("csrf-same-site@example.test");
    const response = await http.trpc(
      new Request(url("/api/trpc/playlist.create"), {
        method: "POST",
        headers: { ...user.write, "content-type": "application/x-www-form-urlencoded" },
        body: "name=form",
      }),
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const mine = await http.dataOf<{ items: unknown[] }>(
      http.call("playlist.mine", undefined, { method: "GET", headers: user.read }),
    );
    expect(mine.items).toEqual([]);
  });

  it("a cross-site sign-out through the auth routes is refused and the session survives", async () => {
    const victim = await http.browserUser("csrf-auth@example.test");
    const attempts: [string, string][] = [
      ["text/plain", "{}"],
      ["application/x-www-form-urlencoded", ""],
      ["application/json", "{}"],
    ];
    for (const [contentType, body] of attempts) {
      const signOut = await http.auth(
        new Request(url("/api/auth/sign-out"), {
          method: "POST",
          headers: { cookie: victim.cookie, origin: EVIL_ORIGIN, "content-type": contentType },
          body,
        }),
      );
      // better-auth answers 415 to form encodings and 403 to a foreign Origin.
      expect([403, 415], contentType).toContain(signOut.status);
      expect(signOut.headers.get("set-cookie") ?? "", contentType).not.toMatch(/session_token=;/);
    }
    const still = await http.call("song.mine", undefined, { method: "GET", headers: victim.read });
    expect(still.status).toBe(200);
  });
});
