import { createHash } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { signUp, uniqueHandle } from "./helpers";

// Settings → "Listen in your player": an app password made on the page lets a Subsonic player
// sign in (token auth, as players send it); once revoked, the same player is turned away.
async function ping(request: APIRequestContext, handle: string, password: string) {
  const salt = "e2e" + Math.random().toString(36).slice(2, 10);
  const token = createHash("md5")
    .update(password + salt)
    .digest("hex");
  const query = new URLSearchParams({
    u: handle,
    t: token,
    s: salt,
    v: "1.16.1",
    c: "e2e",
    f: "json",
  });
  const response = await request.get(`/rest/ping.view?${query}`);
  expect(response.status()).toBe(200);
  const body = (await response.json()) as {
    "subsonic-response": { status: string; error?: { code: number } };
  };
  return body["subsonic-response"];
}

test("an app password from Settings signs a player in until it is revoked", async ({ page }) => {
  const handle = uniqueHandle("player");
  await signUp(page, {
    name: "Pat Player",
    handle,
    email: `${handle}@example.test`,
    password: "a long pass phrase",
  });

  await page.goto("/settings");
  const section = page.getByRole("region", { name: "Listen in your player" });
  await expect(section.getByText("No app passwords yet.")).toBeVisible();
  await section.getByLabel("Player name").fill("phone");
  await section.getByRole("button", { name: "Create app password" }).click();
  const password = (await section.getByTestId("new-app-password").textContent())!.trim();
  expect(password.length).toBeGreaterThanOrEqual(16);
  await expect(section.getByRole("cell", { name: "phone", exact: true })).toBeVisible();

  // The account password never works for a player; the app password does.
  expect((await ping(page.request, handle, "a long pass phrase")).status).toBe("failed");
  expect((await ping(page.request, handle, password)).status).toBe("ok");

  await section.getByRole("button", { name: "Revoke app password phone" }).click();
  await expect(section.getByText("No app passwords yet.")).toBeVisible();
  const refused = await ping(page.request, handle, password);
  expect(refused.status).toBe("failed");
  expect(refused.error?.code).toBe(40);
});
