import { expect, test } from "@playwright/test";
import { makePng, signUp, uniqueHandle } from "./helpers";

// The owner changes a song's cover from the song page, sees the new picture, and goes back to
// the generated cover.
test("upload a cover on the song page, then use the generated one again", async ({
  page,
  baseURL,
}) => {
  const handle = uniqueHandle("coverer");
  await signUp(page, {
    name: "Cora Cover",
    handle,
    email: `${handle}@example.test`,
    password: "a long pass phrase",
  });
  const created = await page.request.post("/api/trpc/song.create", {
    headers: { origin: baseURL!, "content-type": "application/json" },
    data: {
      json: {
        creationMode: "description",
        description: "paper boats",
        title: "Paper Boats",
        durationSec: 10,
        seed: 3,
      },
    },
  });
  expect(created.ok()).toBe(true);
  const songId = ((await created.json()) as { result: { data: { json: { id: string } } } }).result
    .data.json.id;

  await page.goto(`/songs/${songId}`);
  const cover = page.locator("img.song-cover");
  const generated = await cover.getAttribute("src");
  expect(generated).toMatch(new RegExp(`/api/songs/${songId}/cover\\?`));
  // What the browser loads from a cover URL (the URL always answers with the current cover).
  const load = (src: string) =>
    page.evaluate(async (url) => {
      const response = await fetch(url);
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { ok: response.ok, type: response.headers.get("content-type"), bytes: [...bytes] };
    }, src);
  const drawn = await load(generated!);
  expect(drawn.ok).toBe(true);

  await page.getByLabel("Change cover").setInputFiles({
    name: "boats.png",
    mimeType: "image/png",
    buffer: makePng(600, 400),
  });
  await expect(page.getByRole("status").filter({ hasText: "Cover changed." })).toBeVisible();
  await expect(cover).not.toHaveAttribute("src", generated!);
  const uploaded = await load((await cover.getAttribute("src"))!);
  expect(uploaded.ok).toBe(true);
  expect(uploaded.type).toMatch(/^image\//);
  expect(uploaded.bytes).not.toEqual(drawn.bytes);

  await page.getByRole("button", { name: "Use the generated cover" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "The generated cover is back." }),
  ).toBeVisible();
  await expect(cover).toHaveAttribute("src", generated!);
  expect((await load(generated!)).bytes).toEqual(drawn.bytes);
});
