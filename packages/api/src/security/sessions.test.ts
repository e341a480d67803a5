// Session and credential theft: cookies readable by scripts or sent cross-site or over plain
// HTTP, sessions that outlive sign-out, API keys readable from a database dump.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "@harmoniq/db";
import { selectRows } from "@harmoniq/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiServer } from "../server";
import { createTestApi, TEST_ORIGIN, type TestApi } from "../testing/api";
import { createHttpHarness, url, type HttpHarness } from "../testing/http-harness";

let api: TestApi;
let http: HttpHarness;

beforeAll(async () => {
  api = await createTestApi();
  http = createHttpHarness(api);
});
afterAll(async () => {
  await api?.close();
});

/** Name and lower-cased attributes of the session cookie a response sets. */
function sessionCookieAttributes(response: Response) {
  const cookie = response.headers.getSetCookie().find((c) => c.includes("session_token="));
  if (!cookie) throw new Error("no session cookie set");
  const [nameValue, ...attributes] = cookie.split(";").map((part) => part.trim());
  return {
    name: nameValue!.split("=")[0]!,
    attributes: attributes.map((a) => a.toLowerCase()),
  };
}

describe("session theft", () => {
  it("session cookies are HttpOnly and SameSite=Lax (not readable by scripts, not sent on cross-site posts)", async () => {
    const { response } = await http.signUp("cookie-flags@example.test");
    const { attributes } = sessionCookieAttributes(response);
    expect(attributes).toContain("httponly");
    expect(attributes).toContain("samesite=lax");
    expect(attributes).toContain("path=/");
    // Local development over http://: no Secure flag, or the browser would drop the cookie.
    expect(attributes).not.toContain("secure");
  });

  it("in production with an https base URL the session cookie is Secure (__Secure- prefix)", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "hq-secure-cookie-"));
    const server = await createApiServer({
      NODE_ENV: "production",
      HARMONIQ_BASE_URL: "https://harmoniq.example",
      BETTER_AUTH_SECRET: "secure-cookie-test-secret-0123456789abcdef",
      HARMONIQ_DATA_DIR: dataDir,
    });
    try {
      const response = await server.handleAuth(
        new Request("https://harmoniq.example/api/auth/sign-up/email", {
          method: "POST",
          headers: { "content-type": "application/json", origin: "https://harmoniq.example" },
          body: JSON.stringify({
            name: "Prod User",
            email: "prod@example.test",
            password: "a good long password",
          }),
        }),
      );
      expect(response.status).toBe(200);
      const { name, attributes } = sessionCookieAttributes(response);
      expect(name).toMatch(/^__Secure-/);
      expect(attributes).toEqual(expect.arrayContaining(["secure", "httponly", "samesite=lax"]));
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it("with the production server's session cache on, sign-out and account deletion apply at once", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "hq-session-cache-"));
    const base = "http://localhost:3000";
    const server = await createApiServer({
      HARMONIQ_BASE_URL: base,
      BETTER_AUTH_SECRET: "session-cache-test-secret-0123456789abcdef",
      HARMONIQ_DATA_DIR: dataDir,
    });
    const signUp = async (handle: string) => {
      const response = await server.handleAuth(
        new Request(`${base}/api/auth/sign-up/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: base },
          body: JSON.stringify({
            name: handle,
            handle,
            email: `${handle}@example.test`,
            password: "a good long password",
          }),
        }),
      );
      expect(response.status).toBe(200);
      return response.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
    };
    const mine = (cookie: string) =>
      server.handleTrpc(new Request(`${base}/api/trpc/song.mine`, { headers: { cookie } }));
    try {
      const leaving = await signUp("cache_out");
      // Read twice: the second answer comes from the cache.
      expect((await mine(leaving)).status).toBe(200);
      expect((await mine(leaving)).status).toBe(200);
      const signOut = await server.handleAuth(
        new Request(`${base}/api/auth/sign-out`, {
          method: "POST",
          headers: { cookie: leaving, origin: base, "content-type": "application/json" },
          body: "{}",
        }),
      );
      expect(signOut.status).toBe(200);
      expect((await mine(leaving)).status).toBe(401);

      const deleting = await signUp("cache_gone");
      expect((await mine(deleting)).status).toBe(200);
      const deleted = await server.handleTrpc(
        new Request(`${base}/api/trpc/user.deleteAccount`, {
          method: "POST",
          headers: { cookie: deleting, origin: base, "content-type": "application/json" },
          body: JSON.stringify({ json: { confirmHandle: "cache_gone" } }),
        }),
      );
      expect(deleted.status).toBe(200);
      expect((await mine(deleting)).status).toBe(401);
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it("sign-out revokes the session server-side: the old cookie no longer works", async () => {
    const user = await http.browserUser("sign-out@example.test");
    expect(
      (await http.call("song.mine", undefined, { method: "GET", headers: user.read })).status,
    ).toBe(200);
    const signOut = await http.auth(
      new Request(url("/api/auth/sign-out"), {
        method: "POST",
        headers: { ...user.write, "content-type": "application/json" },
        body: "{}",
      }),
    );
    expect(signOut.status).toBe(200);
    // A thief who copied the cookie before sign-out gets nothing with it.
    const replay = await http.call("song.mine", undefined, { method: "GET", headers: user.read });
    expect(replay.status).toBe(401);
    const write = await http.call("playlist.create", { name: "after" }, { headers: user.write });
    expect(write.status).toBe(401);
    const sessions = await selectRows<{ n: number }>(
      api.db,
      sql`select count(*)::int as n from "session" where user_id = ${user.id}`,
    );
    expect(sessions[0]!.n).toBe(0);
  });

  it("API keys are stored hashed: the plaintext key is nowhere in the database", async () => {
    // auth.test.ts checks the key column; this searches every table, every column.
    const user = await http.browserUser("key-dump@example.test");
    const created = await http.dataOf<{ key: string; id: string }>(
      http.call("apiKey.create", { name: "ci" }, { headers: user.write }),
    );
    expect(created.key).toMatch(/^hq_/);
    const secretPart = created.key.slice(8);
    const tables = await selectRows<{ name: string }>(
      api.db,
      sql`select table_name as name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    for (const { name } of tables) {
      const rows = await selectRows<{ n: number }>(
        api.db,
        sql.raw(`select count(*)::int as n from "${name}" t where t::text like '%${secretPart}%'`),
      );
      expect(rows[0]!.n, `plaintext key found in ${name}`).toBe(0);
    }
    // It still works as a key (it is the hash that is stored, not nothing).
    const viaKey = await http.call("song.mine", undefined, {
      method: "GET",
      headers: { authorization: `Bearer ${created.key}` },
    });
    expect(viaKey.status).toBe(200);
  });

  it("a session cookie signed with another secret is refused", async () => {
    const { cookie } = await http.signUp("forged-secret@example.test");
    const [name, value] = cookie.split("=") as [string, string];
    const [token] = decodeURIComponent(value).split(".");
    const forged = `${name}=${encodeURIComponent(`${token}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`)}`;
    const response = await http.call("song.mine", undefined, {
      method: "GET",
      headers: { cookie: forged, origin: TEST_ORIGIN },
    });
    expect(response.status).toBe(401);
  });
});
