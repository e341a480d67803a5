// The hq_lsn cookie's parsing, and that nothing changes without replicas. Reads routed to a
// real streaming replica: read-replicas.test.ts (PostgreSQL only).
import { createTestDb, type TestDatabase } from "@harmoniq/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lsnFromCookie, readDatabaseFor, withLsnCookie } from "./read-routing";

describe("lsnFromCookie", () => {
  it("finds hq_lsn among other cookies and decodes it", () => {
    const headers = new Headers({
      cookie: "better-auth.session_token=abc.def; hq_lsn=16%2FB374D848; theme=dark",
    });
    expect(lsnFromCookie(headers)).toBe("16/B374D848");
  });

  it("is null without the cookie, and for a cookie that only ends in its name", () => {
    expect(lsnFromCookie(new Headers())).toBeNull();
    expect(lsnFromCookie(new Headers({ cookie: "xhq_lsn=0%2F1; a=b" }))).toBeNull();
  });
});

describe("without replicas", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("reads from the primary and sets no cookie, even after a streamed write", async () => {
    const reads = { router: t };
    const req = new Request("http://localhost/api/trpc/x", { headers: { cookie: "hq_lsn=0%2F1" } });
    expect(await readDatabaseFor({ db: t.db, reads }, req.headers, null)).toBe(t.db);
    for (const response of [
      new Response("{}"),
      new Response("{}", { headers: { "transfer-encoding": "chunked" } }),
    ]) {
      const answered = await withLsnCookie(reads, req, response, true);
      expect(answered.headers.getSetCookie()).toEqual([]);
    }
  });
});
