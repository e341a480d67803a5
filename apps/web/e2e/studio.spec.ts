import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { checkPage, signUp, uniqueHandle } from "./helpers";

// The studio journey: create two takes, keep one, extend it, redo its second section, download
// the stems, and follow the versions list from one song to the next. Each step's screenshot is
// kept in docs/screenshots/ (and attached to the report).
const screenshots = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "docs",
  "screenshots",
);

async function shot(page: Page, testInfo: TestInfo, name: string) {
  await checkPage(page, testInfo, name);
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ fullPage: true, path: path.join(screenshots, `${name}.png`) });
}

/** Waits until the song on this page is rendered (its play button turns on). */
async function ready(page: Page) {
  await expect(page.getByTestId("song-play")).toBeEnabled({ timeout: 180_000 });
}

/** Submits a studio form and waits for the new song's page. */
async function opensNewSong(page: Page, click: () => Promise<void>): Promise<string> {
  const before = new URL(page.url()).pathname;
  await click();
  await page.waitForURL((u) => u.pathname.startsWith("/songs/") && u.pathname !== before, {
    timeout: 60_000,
  });
  return new URL(page.url()).pathname;
}

test("create, keep, extend, redo a section, download stems, follow the versions", async ({
  page,
}, testInfo) => {
  test.setTimeout(900_000);
  const handle = uniqueHandle("studio");
  await signUp(page, {
    name: "Stella Studio",
    handle,
    email: `${handle}@example.test`,
    password: "a long pass phrase",
  });

  // Two takes (the default), then keep the first.
  await page.goto("/create");
  await expect(page.getByRole("radio", { name: /Two takes/ })).toBeChecked();
  await page.getByLabel("Describe your song").fill("Harbour lights at dusk, boats coming home");
  await page.getByLabel("Duration (seconds)").fill("24");
  await page.getByLabel("Seed").fill("11");
  await page.getByRole("button", { name: "Create song" }).click();
  const takes = page.getByTestId("takes");
  await expect(takes.getByTestId("take-2")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("button", { name: "Play take 1" })).toBeEnabled({
    timeout: 180_000,
  });
  await expect(page.getByRole("button", { name: "Play take 2" })).toBeEnabled({
    timeout: 180_000,
  });
  const take1 = await takes.getByRole("link", { name: "Open take 1" }).getAttribute("href");
  await page.getByRole("button", { name: "Keep take 1 and delete the other" }).click();
  await page.waitForURL(new RegExp(`${take1}$`), { timeout: 30_000 });
  await ready(page);
  const keptTitle = (await page.locator("#song-title").textContent())!;
  // Nothing made from it yet, and it came from nothing: no Versions section.
  await expect(page.getByTestId("versions")).toHaveCount(0);
  await shot(page, testInfo, "studio-1-kept");

  // Extend it by 10 seconds: a new song, made from the kept one.
  await page.getByLabel("Extend by (seconds)").fill("10");
  const extended = await opensNewSong(page, () =>
    page.getByRole("button", { name: "Extend the song" }).click(),
  );
  await expect(page.locator("#song-title")).toContainText("(Extended)");
  const parent = page.getByTestId("version-parent");
  await expect(parent).toHaveAttribute("data-kind", "extend");
  await expect(parent.getByRole("link", { name: keptTitle })).toHaveAttribute("href", take1!);
  await expect(page.getByTestId("parent-link")).toHaveText(keptTitle);
  await ready(page);
  await shot(page, testInfo, "studio-2-extended");

  // Redo its second section.
  const section = page.getByLabel("Redo a section");
  await expect(section).toHaveValue("1");
  const replaced = await opensNewSong(page, () =>
    page.getByRole("button", { name: "Redo this section" }).click(),
  );
  await expect(page.getByTestId("version-parent")).toHaveAttribute("data-kind", "replace-section");
  await expect(page.getByTestId("version-parent").getByRole("link").first()).toHaveAttribute(
    "href",
    extended,
  );
  await ready(page);
  await shot(page, testInfo, "studio-3-section-redone");

  // Download its stems: a zip of WAVs, spliced like the song.
  const [response, download] = await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/api${replaced}/stems`), { timeout: 300_000 }),
    page.waitForEvent("download", { timeout: 300_000 }),
    page.getByRole("button", { name: "Download stems (zip)" }).click(),
  ]);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/zip");
  expect(download.suggestedFilename()).toMatch(/-stems\.zip$/);
  const zip = readFileSync((await download.path())!);
  // A zip (PK…) of stored WAVs: the stems' names are in it as they are, and each stem holds
  // seconds of 32-bit stereo audio.
  expect(zip.subarray(0, 2).toString("latin1")).toBe("PK");
  const listing = zip.toString("latin1");
  for (const stem of ["drums", "bass", "harmony", "lead"]) {
    expect(listing).toContain(`-${stem}.wav`);
  }
  expect(zip.length).toBeGreaterThan(4 * 10 * 44_100 * 8);
  await expect(page.getByText(/32-bit WAVs that add up to the mix/)).toBeVisible();
  await shot(page, testInfo, "studio-4-stems");

  // The extended song lists what was made from it, and where it came from.
  await page.goto(extended);
  const versions = page.getByTestId("versions");
  await expect(versions.getByTestId("version-parent")).toHaveAttribute("data-kind", "extend");
  const child = versions.locator('[data-testid="version"][data-kind="replace-section"]');
  await expect(child).toHaveCount(1);
  await expect(child.getByText("Section redone")).toBeVisible();
  await expect(child.getByText("Private")).toBeVisible();
  await expect(child.getByRole("link").first()).toHaveAttribute("href", replaced);
  await shot(page, testInfo, "studio-5-versions");

  // The kept song lists its extension.
  await page.goto(take1!);
  await expect(
    page.getByTestId("versions").locator('[data-testid="version"][data-kind="extend"]'),
  ).toHaveCount(1);
});
