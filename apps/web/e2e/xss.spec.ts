// Stored XSS: a user puts script payloads in everything they can write (name, bio, song title,
// description, lyrics, comment, playlist, chat), then every page that shows it is visited.
// Nothing may run (no window.__xss, no dialog, no injected element) and the text must be
// shown literally. Also checks the security headers on a page response.
import type { AppRouter } from "@harmoniq/api";
import { expect, test, type Page } from "@playwright/test";
import { createTRPCClient, httpBatchStreamLink } from "@trpc/client";
import superjson from "superjson";
import { uniqueHandle } from "./helpers";

test.describe.configure({ mode: "serial" });

const P = {
  img: `<img src=x onerror="window.__xss=1">`,
  script: `<script>window.__xss=1</script>`,
  svg: `"><svg onload="window.__xss=1">`,
  js: `javascript:window.__xss=1`,
  link: `<a href="javascript:window.__xss=1">click me</a>`,
  style: `<style>body{display:none}</style>`,
};

const handle = uniqueHandle("xss");
const created = { songId: "", playlistId: "", conversationId: "", cookie: "" };

async function noScriptRan(page: Page, dialogs: string[], where: string) {
  await page.waitForLoadState("networkidle").catch(() => undefined);
  expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss), where).toBeUndefined();
  expect(dialogs, where).toEqual([]);
  // The payloads' elements were never created: they are text, not markup.
  expect(
    await page.locator('img[src="x"], svg[onload], a[href^="javascript:"]').count(),
    where,
  ).toBe(0);
  expect(await page.locator("body").isVisible(), `${where}: a <style> payload hid the page`).toBe(
    true,
  );
}

test.beforeAll(async ({ baseURL }) => {
  const origin = baseURL!;
  const signUp = await fetch(`${origin}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({
      name: P.svg,
      handle,
      email: `${handle}@example.test`,
      password: "a long xss password",
    }),
  });
  expect(signUp.status).toBe(200);
  created.cookie = signUp.headers.get("set-cookie")!.split(";")[0]!;
  const api = createTRPCClient<AppRouter>({
    links: [
      httpBatchStreamLink({
        url: `${origin}/api/trpc`,
        transformer: superjson,
        headers: { cookie: created.cookie, origin },
      }),
    ],
  });

  await api.user.updateProfile.mutate({ bio: `${P.js} ${P.link} ${P.style}` });
  const song = await api.song.create.mutate({
    creationMode: "lyrics",
    title: P.img,
    description: `${P.script} ${P.svg}`,
    lyrics: `[Verse]\n${P.script}\n${P.img}\n\n[Chorus]\n${P.svg}\n${P.js}`,
    durationSec: 10,
    isPublic: true,
  });
  created.songId = song.id;
  await api.comment.create.mutate({ songId: song.id, content: `${P.svg} ${P.link}` });
  const playlist = await api.playlist.create.mutate({
    name: P.script,
    description: P.img,
    isPublic: true,
  });
  created.playlistId = playlist.id;
  await api.playlist.addSong.mutate({ playlistId: playlist.id, songId: song.id });
  const conversation = await api.chat.create.mutate({ title: P.img });
  created.conversationId = conversation.id;
  const stream = await api.chat.send.mutate({
    conversationId: conversation.id,
    content: `${P.script} write a verse about ${P.img}`,
  });
  for await (const event of stream) if (event.type === "done") break;
});

test.beforeEach(async ({ context, baseURL }) => {
  const [name, value] = created.cookie.split("=") as [string, string];
  await context.addCookies([{ name, value, url: baseURL! }]);
});

test("pages that show the payloads run none of them and show them as text", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });

  // Discover: the public song with its title and author.
  await page.goto("/");
  await expect(page.getByText(P.img).first()).toBeVisible();
  await noScriptRan(page, dialogs, "discover");

  // The song page: title, description, lyrics, comment, author.
  await page.goto(`/songs/${created.songId}`);
  await expect(page.getByRole("heading", { level: 1, name: P.img })).toBeVisible();
  await expect(page.getByTestId("comments")).toContainText(P.svg);
  await expect(page.getByTestId("comments")).toContainText(P.link);
  await expect(page.getByText(P.script).first()).toBeVisible();
  await noScriptRan(page, dialogs, "song page");

  // The profile: name, bio, songs, playlists.
  await page.goto(`/u/${handle}`);
  await expect(page.getByText(P.svg).first()).toBeVisible();
  await expect(page.getByText(P.link, { exact: false }).first()).toBeVisible();
  await expect(page.getByText(P.img).first()).toBeVisible();
  await noScriptRan(page, dialogs, "profile");

  // The playlist: name, description, the song.
  await page.goto(`/playlists/${created.playlistId}`);
  await expect(page.getByRole("heading", { level: 1, name: P.script })).toBeVisible();
  await expect(page.getByText(P.img).first()).toBeVisible();
  await noScriptRan(page, dialogs, "playlist");

  // The chat: title and message.
  await page.goto(`/chat/${created.conversationId}`);
  await expect(page.getByText(`${P.script} write a verse about ${P.img}`).first()).toBeVisible();
  await noScriptRan(page, dialogs, "chat");

  // The library: my songs and playlists.
  await page.goto("/library");
  await expect(page.getByText(P.img).first()).toBeVisible();
  await expect(page.getByText(P.script).first()).toBeVisible();
  await noScriptRan(page, dialogs, "library");
});

test("the detector works: the same payload injected as markup is caught", async ({ page }) => {
  // Guards the checks above against passing vacuously.
  await page.goto(`/songs/${created.songId}`);
  await page.evaluate((html) => document.body.insertAdjacentHTML("beforeend", html), P.img);
  await expect.poll(() => page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBe(1);
  expect(await page.locator('img[src="x"]').count()).toBe(1);
});

test("pages carry a CSP and the other security headers", async ({ page }) => {
  const response = await page.goto(`/songs/${created.songId}`);
  const headers = response!.headers();
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("base-uri 'self'");
  expect(csp).toContain("form-action 'self'");
  // Production: no eval (development adds it for hot reload).
  expect(csp).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
  expect(headers["x-powered-by"]).toBeUndefined();
  // JSON from the API is not sniffed as HTML either.
  const api = await page.request.get("/api/trpc/song.feed");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(api.headers()["content-type"]).toMatch(/^application\/json/);
});
