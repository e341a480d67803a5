import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { signUp, uniqueHandle } from "./helpers";

// Reposts, notifications (live bell), the embed, oEmbed and RSS, and the song card at phone
// width, as three people: Ana makes a song, Bo likes and reposts it, Cal follows Bo.
test.describe.configure({ mode: "serial" });

const password = "correct-horse-battery";
const person = (name: string, prefix: string) => {
  const handle = uniqueHandle(prefix);
  return { name, handle, email: `${handle}@example.test`, password };
};
const ana = person("Ana Maker", "ana");
const bo = person("Bo Curator", "bo");
const cal = person("Cal Listener", "cal");
const title = "Harbour Lights";
let songId = "";
const open: BrowserContext[] = [];

async function newPage(browser: Browser, viewport?: { width: number; height: number }) {
  const ctx = await browser.newContext(viewport ? { viewport } : {});
  open.push(ctx);
  return ctx.newPage();
}
let anaPage: Page;

test.afterAll(async () => {
  for (const ctx of open) await ctx.close();
});

test("Ana makes a public song", async ({ browser }) => {
  anaPage = await newPage(browser);
  await signUp(anaPage, ana);
  await anaPage.goto("/create");
  await anaPage.getByRole("radio", { name: /Describe it/ }).check();
  await anaPage.getByLabel("Describe your song").fill("Boats coming home at night, warm and slow");
  await anaPage.getByLabel(/^Title/).fill(title);
  await anaPage.getByLabel("Duration (seconds)").fill("10");
  await anaPage.getByRole("radio", { name: "One take" }).check();
  await anaPage.getByLabel(/^Public/).check();
  await anaPage.getByRole("button", { name: "Create song" }).click();
  await anaPage.waitForURL(/\/songs\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  await expect(anaPage.getByTestId("song-play")).toBeEnabled({ timeout: 60_000 });
  songId = anaPage.url().split("/").pop()!;
  // One's own song has no Repost button, and nothing is unread.
  await expect(anaPage.getByTestId("repost-button")).toHaveCount(0);
  await expect(anaPage.getByTestId("unread-badge")).toHaveCount(0);
});

test("Bo likes and reposts it; Ana's bell counts both live", async ({ browser }) => {
  const page = await newPage(browser);
  await signUp(page, bo);
  await page.goto(`/songs/${songId}`);
  await page.getByTestId("like-button").click();
  await expect(page.getByTestId("like-count")).toHaveText("1");
  await page.getByTestId("repost-button").click();
  await expect(page.getByTestId("repost-button")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("repost-count")).toHaveText("1");
  // Ana's page was open all along: the badge arrives over server-sent events, no reload.
  await expect(anaPage.getByTestId("unread-badge")).toHaveText("2", { timeout: 30_000 });
});

test("Ana reads her notifications and marks them read", async () => {
  await anaPage.getByTestId("notification-bell").click();
  await anaPage.waitForURL(/\/notifications$/);
  const items = anaPage.getByTestId("notification");
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText(`${bo.name} reposted ${title}`);
  await expect(items.nth(1)).toContainText(`${bo.name} liked ${title}`);
  await anaPage.getByTestId("mark-all-read").click();
  await expect(anaPage.getByTestId("unread-badge")).toHaveCount(0);
});

test("Cal follows Bo and sees the repost, credited to Ana, at phone width", async ({
  browser,
}, testInfo) => {
  const page = await newPage(browser, { width: 390, height: 844 });
  await signUp(page, cal);
  await page.goto(`/u/${bo.handle}`);
  await page.getByTestId("follow-button").click();
  await expect(page.getByTestId("follower-count")).toHaveText("1 follower");
  await page.goto("/?sort=following");
  const card = page.getByTestId("song-card").filter({ hasText: title });
  await expect(card).toBeVisible();
  await expect(card.getByTestId("reposted-by")).toContainText(`reposted by ${bo.name}`);
  await expect(card).toContainText(`by ${ana.name}`);
  // The waveform stays in its box, above the tags and the counts.
  const wave = await card.locator(".mini-wave svg").boundingBox();
  const tags = await card.locator(".tags").boundingBox();
  expect(wave && tags).toBeTruthy();
  expect(wave!.y + wave!.height).toBeLessThanOrEqual(tags!.y);
  expect(wave!.height).toBeLessThanOrEqual(40);
  const file = testInfo.outputPath("following-card-390.png");
  await card.screenshot({ path: file });
  await testInfo.attach("following-card-390.png", { path: file, contentType: "image/png" });
});

test("the embed, oEmbed and RSS show the public song", async ({ request, baseURL }) => {
  const embed = await request.get(`/embed/songs/${songId}`);
  expect(embed.status()).toBe(200);
  expect(await embed.text()).toContain(title);

  const page = await request.get(`/songs/${songId}`);
  const html = await page.text();
  expect(html).toContain('type="application/json+oembed"');
  expect(html).toMatch(/property="og:audio"/);
  const oembed = await request.get(
    `/api/oembed?url=${encodeURIComponent(`${baseURL}/songs/${songId}`)}`,
  );
  expect(oembed.status()).toBe(200);
  const body = (await oembed.json()) as { type: string; html: string };
  expect(body.type).toBe("rich");
  expect(body.html).toContain(`/embed/songs/${songId}`);

  const rss = await request.get(`/u/${ana.handle}/feed.xml`);
  expect(rss.status()).toBe(200);
  expect(rss.headers()["content-type"]).toContain("application/rss+xml");
  const xml = await rss.text();
  expect(xml).toContain(`<title>${title}</title>`);
  expect(xml).toContain(`/api/songs/${songId}/audio`);
});

test("only the embed may be framed", async ({ request }) => {
  // next.config.ts must lift its site-wide frame-ancestors 'none' / X-Frame-Options DENY for
  // /embed/* (the embed sends its own CSP with frame-ancestors *).
  const embed = await request.get(`/embed/songs/${songId}`);
  expect(embed.headers()["x-frame-options"]).toBeUndefined();
  expect(embed.headers()["content-security-policy"]).toContain("frame-ancestors *");
  expect(embed.headers()["content-security-policy"]).not.toContain("frame-ancestors 'none'");
  const page = await request.get(`/songs/${songId}`);
  expect(page.headers()["x-frame-options"]).toBe("DENY");
});
