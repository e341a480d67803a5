import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { signUp, uniqueHandle } from "./helpers";

// Settings → Your data: the library downloads as one zip with the user's song in it, and the
// account can be deleted after typing the handle — then it is gone, with its songs.
test("download my library, then delete my account", async ({ page, baseURL }) => {
  const handle = uniqueHandle("leaver");
  const user = {
    name: "Lee Leaver",
    handle,
    email: `${handle}@example.test`,
    password: "a long pass phrase",
  };
  await signUp(page, user);

  // A private song, made through the same API the pages use (the cookie is the browser's).
  const created = await page.request.post("/api/trpc/song.create", {
    headers: { origin: baseURL!, "content-type": "application/json" },
    data: {
      json: {
        creationMode: "description",
        description: "rain on a tin roof",
        title: "Tin Roof",
        durationSec: 10,
        seed: 7,
      },
    },
  });
  expect(created.ok()).toBe(true);
  const songId = ((await created.json()) as { result: { data: { json: { id: string } } } }).result
    .data.json.id;

  await page.goto("/settings");
  const download = page.waitForEvent("download", { timeout: 60_000 });
  await page.getByRole("link", { name: "Download my library (.zip)" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(new RegExp(`^harmoniq-${handle}-.*\\.zip$`));
  const zip = await readFile((await file.path())!);
  expect(zip.subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004");
  // The central directory names every entry: the song's WAV and MIDI, and library.json.
  const names = zip.toString("latin1");
  expect(names).toContain("library.json");
  expect(names).toMatch(new RegExp(`songs/[^\\u0000]*${songId}\\.wav`));
  expect(names).toMatch(new RegExp(`songs/[^\\u0000]*${songId}\\.mid`));

  await page.getByRole("button", { name: "Delete account…" }).click();
  const confirm = page.getByRole("button", { name: "Delete my account forever" });
  await expect(confirm).toBeDisabled();
  await page.getByLabel(/Type your handle/).fill(handle);
  await confirm.click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible({ timeout: 30_000 });

  // Gone: the profile and the song are not found, and the password no longer signs in.
  expect((await page.request.get(`/u/${handle}`)).status()).toBe(404);
  expect((await page.request.get(`/api/songs/${songId}/midi`)).status()).toBe(404);
  const signIn = await page.request.post("/api/auth/sign-in/email", {
    headers: { origin: baseURL!, "content-type": "application/json" },
    data: { email: user.email, password: user.password },
  });
  expect(signIn.status()).toBe(401);
});
