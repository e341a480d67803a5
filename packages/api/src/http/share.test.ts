// The RSS feed and oEmbed: public songs only, absolute links, clear errors.
import { eq, songs } from "@harmoniq/db";
import { createTestDb, makeSong, makeUser, type TestDatabase } from "@harmoniq/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShareHandlers, escapeXml } from "./share";

const BASE = "https://harmoniq.example";
let t: TestDatabase;
let share: ReturnType<typeof createShareHandlers>;
beforeAll(async () => {
  t = await createTestDb();
  share = createShareHandlers({ db: t.db, baseUrl: BASE });
});
afterAll(async () => {
  await t?.close();
});

const ready = (id: string) => t.db.update(songs).set({ status: "ready" }).where(eq(songs.id, id));
const oembed = (url: string, extra = "") =>
  share.oembed(new Request(`${BASE}/api/oembed?url=${encodeURIComponent(url)}${extra}`));

describe("RSS /u/:handle/feed.xml", () => {
  it("lists the creator's public, ready songs with audio enclosures, escaped", async () => {
    const ana = await makeUser(t, { name: "Ana & <Co>" });
    const open = await makeSong(t.db, ana.id, { title: 'Night "Drive" <live>' });
    const secret = await makeSong(t.db, ana.id, { title: "Secret demo", isPublic: false });
    const rendering = await makeSong(t.db, ana.id, { title: "Still rendering" });
    await ready(open.id);
    await ready(secret.id);
    const res = await share.rss(new Request(`${BASE}/u/${ana.handle}/feed.xml`), ana.handle);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/rss+xml");
    const xml = await res.text();
    expect(xml).toContain("<title>Night &quot;Drive&quot; &lt;live&gt;</title>");
    expect(xml).toContain("<title>Ana &amp; &lt;Co&gt; on HarmoniQ</title>");
    expect(xml).toContain(
      `<enclosure url="${BASE}/api/songs/${open.id}/audio" length="0" type="audio/wav"/>`,
    );
    expect(xml).toContain(`<link>${BASE}/songs/${open.id}</link>`);
    expect(xml).not.toContain(secret.id);
    expect(xml).not.toContain("Secret demo");
    expect(xml).not.toContain(rendering.id);
    expect(xml.match(/<item>/g)).toHaveLength(1);
  });

  it("is a 404 for an unknown or malformed handle", async () => {
    for (const handle of ["no_such_user_here", "../etc", "A B"]) {
      const res = await share.rss(new Request(`${BASE}/u/x/feed.xml`), handle);
      expect(res.status).toBe(404);
    }
  });
});

describe("oEmbed /api/oembed", () => {
  it("describes a public song as a rich iframe of its embed page", async () => {
    const ana = await makeUser(t, { name: "Ana" });
    const song = await makeSong(t.db, ana.id, { title: "Sunrise" });
    const res = await oembed(`${BASE}/songs/${song.id}`, "&maxwidth=320");
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      version: "1.0",
      type: "rich",
      provider_name: "HarmoniQ",
      title: "Sunrise",
      author_name: "Ana",
      author_url: `${BASE}/u/${ana.handle}`,
      width: 320,
    });
    expect(body.html).toContain(`src="${BASE}/embed/songs/${song.id}"`);
    expect(body.html).toContain('width="320"');
    expect(String(body.thumbnail_url)).toMatch(new RegExp(`^${BASE}/api/songs/${song.id}/cover`));
    // The embed URL itself is accepted too.
    expect((await oembed(`${BASE}/embed/songs/${song.id}`)).status).toBe(200);
  });

  it("never describes a private song, another site, or a bad request", async () => {
    const ana = await makeUser(t);
    const secret = await makeSong(t.db, ana.id, { isPublic: false });
    expect((await oembed(`${BASE}/songs/${secret.id}`)).status).toBe(404);
    expect((await oembed(`https://evil.example/songs/${secret.id}`)).status).toBe(404);
    expect((await oembed(`${BASE}/u/${ana.handle}`)).status).toBe(404);
    expect((await oembed("not a url")).status).toBe(400);
    expect((await share.oembed(new Request(`${BASE}/api/oembed`))).status).toBe(400);
    const xml = await oembed(`${BASE}/songs/${secret.id}`, "&format=xml");
    expect(xml.status).toBe(501);
  });

  it("escapes XML text", () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;",
    );
  });
});

describe("embed /embed/songs/:id", () => {
  it("is a standalone, frameable player for a public song", async () => {
    const ana = await makeUser(t, { name: "Ana <b>" });
    const song = await makeSong(t.db, ana.id, { title: "Frame me" });
    const res = await share.embed(new Request(`${BASE}/embed/songs/${song.id}`), song.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(res.headers.get("x-frame-options")).toBeNull();
    const html = await res.text();
    expect(html).toContain("Frame me");
    expect(html).toContain("Ana &lt;b&gt;");
    expect(html).toContain(`src="/api/songs/${song.id}/audio"`);
    expect(html).not.toContain("site-header");
  });

  it("shows nothing of a private or unknown song", async () => {
    const ana = await makeUser(t);
    const secret = await makeSong(t.db, ana.id, { title: "Hidden title", isPublic: false });
    for (const id of [secret.id, "not-a-uuid", "00000000-0000-4000-8000-000000000000"]) {
      const res = await share.embed(new Request(`${BASE}/embed/songs/${id}`), id);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain("Hidden title");
    }
  });
});
