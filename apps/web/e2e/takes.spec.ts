import { expect, test } from "@playwright/test";
import { checkPage, expectPlaying, signUp, uniqueHandle } from "./helpers";

// Create with two takes (the default), play one, keep the other: the first is deleted and
// the kept song's page opens. Checked at a phone's width too.
test("create two takes, compare them and keep one", async ({ page }, testInfo) => {
  const handle = uniqueHandle("taker");
  await signUp(page, {
    name: "Tara Takes",
    handle,
    email: `${handle}@example.test`,
    password: "a long pass phrase",
  });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/create");
  await expect(page.getByRole("radio", { name: /Two takes/ })).toBeChecked();
  await expect(page.getByLabel("Duration (seconds)")).toHaveValue("150");
  await page.getByLabel("Describe your song").fill("Rain on a tin roof, a slow afternoon");
  await page.getByLabel("Duration (seconds)").fill("12");
  await page.getByLabel("Seed").fill("7");
  await page.getByRole("button", { name: "Create song" }).click();

  const takes = page.getByTestId("takes");
  await expect(takes.getByTestId("take-1")).toBeVisible({ timeout: 60_000 });
  await expect(takes.getByTestId("take-2")).toBeVisible();
  const play1 = page.getByRole("button", { name: "Play take 1" });
  const play2 = page.getByRole("button", { name: "Play take 2" });
  await expect(play1).toBeEnabled({ timeout: 60_000 });
  await expect(play2).toBeEnabled({ timeout: 60_000 });
  await checkPage(page, testInfo, "takes-ready");
  await play2.click();
  await expectPlaying(page);

  const take2Url = await takes.getByRole("link", { name: "Open take 2" }).getAttribute("href");
  const take1Url = await takes.getByRole("link", { name: "Open take 1" }).getAttribute("href");
  await page.getByRole("button", { name: "Keep take 2 and delete the other" }).click();
  await page.waitForURL(new RegExp(`${take2Url}$`), { timeout: 30_000 });
  expect((await page.request.get(take1Url!)).status()).toBe(404);
});
