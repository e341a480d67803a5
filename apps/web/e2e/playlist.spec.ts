// A playlist longer than a page (104 songs, pages of 100) on a phone-sized screen: the first page,
// "Load more", and reordering by keyboard, by the "Move" menu and by dragging the handle — also
// to and from songs that are not loaded yet. The order survives a reload.
import type { AppRouter } from "@harmoniq/api";
import { expect, test, type Page } from "@playwright/test";
import { createTRPCClient, httpBatchStreamLink } from "@trpc/client";
import superjson from "superjson";
import { uniqueHandle } from "./helpers";

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

const SONGS = 104;
const title = (i: number) => `Song ${String(i).padStart(3, "0")}`;
const created = { playlistId: "", cookie: "" };
/** Who made which song, so afterAll can delete them. */
const made: { api: Awaited<ReturnType<typeof client>>["api"]; id: string }[] = [];

async function client(origin: string, name: string) {
  const handle = uniqueHandle(name);
  const signUp = await fetch(`${origin}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({
      name,
      handle,
      email: `${handle}@example.test`,
      password: "a long playlist password",
    }),
  });
  expect(signUp.status).toBe(200);
  const cookie = signUp.headers.get("set-cookie")!.split(";")[0]!;
  const api = createTRPCClient<AppRouter>({
    links: [
      httpBatchStreamLink({
        url: `${origin}/api/trpc`,
        transformer: superjson,
        headers: { cookie, origin },
      }),
    ],
  });
  return { api, cookie };
}

test.beforeAll(async ({ baseURL }) => {
  test.setTimeout(600_000);
  // Song making is limited per person and hour: four people make the songs.
  const people = await Promise.all(["Pia", "Quinn", "Rae", "Sol"].map((n) => client(baseURL!, n)));
  const owner = people[0]!;
  created.cookie = owner.cookie;
  const ids: string[] = [];
  for (let i = 1; i <= SONGS; i++) {
    const maker = people[(i - 1) % people.length]!;
    const song = await maker.api.song.create.mutate({
      creationMode: "description",
      description: "a short loop for a long playlist",
      title: title(i),
      durationSec: 10,
      vocals: "instrumental",
      isPublic: true,
      seed: i,
    });
    ids.push(song.id);
    made.push({ api: maker.api, id: song.id });
  }
  const playlist = await owner.api.playlist.create.mutate({ name: "Long drive", isPublic: true });
  created.playlistId = playlist.id;
  for (const songId of ids)
    await owner.api.playlist.addSong.mutate({ playlistId: playlist.id, songId });
});

// The playlist needs its songs, not their audio: deleting them leaves the render queue (one
// worker here) free for the specs that run next, instead of 104 renders and encodes ahead of them.
test.afterAll(async () => {
  for (const { api, id } of made) await api.song.delete.mutate({ id });
});

test.beforeEach(async ({ context, baseURL }) => {
  const [name, value] = created.cookie.split("=") as [string, string];
  await context.addCookies([{ name, value, url: baseURL! }]);
});

const rows = (page: Page) => page.getByTestId("playlist-songs").locator("li");
const titles = (page: Page) => rows(page).locator(".title a").allInnerTexts();
const handleOf = (page: Page, songTitle: string) =>
  page.getByRole("button", { name: new RegExp(`^Reorder ${songTitle},`) });
const announced = (page: Page) => page.getByTestId("playlist-announce");
/** The move has been saved and the pages read again. */
const settled = (page: Page) =>
  expect(page.getByTestId("playlist-songs")).toHaveAttribute("aria-busy", "false");

test("pages, and moves by keyboard, menu and drag across pages", async ({ page }) => {
  await page.goto(`/playlists/${created.playlistId}`);
  await expect(page.getByTestId("playlist-count")).toHaveText(`${SONGS} songs`);
  await expect(rows(page)).toHaveCount(100);
  await expect(page.getByTestId("playlist-shown")).toHaveText(`Showing 100 of ${SONGS} songs`);
  // On a phone the rows fit the screen: nothing sticks out to the side.
  const list = page.getByTestId("playlist-songs");
  expect(await list.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  expect((await list.boundingBox())!.width).toBeLessThanOrEqual(390);

  // Alt+↓ on the handle moves by one, and the handle keeps the focus.
  await handleOf(page, title(1)).focus();
  await page.keyboard.press("Alt+ArrowDown");
  await expect(announced(page)).toHaveText(`${title(1)} moved to position 2 of ${SONGS}.`);
  await expect
    .poll(() => titles(page).then((t) => t.slice(0, 3)))
    .toEqual([title(2), title(1), title(3)]);
  await expect(handleOf(page, title(1))).toBeFocused();
  await settled(page);

  // End moves it to the bottom, past the loaded page: it leaves the list until "Load more".
  await handleOf(page, title(1)).focus();
  await page.keyboard.press("End");
  await expect(announced(page)).toHaveText(`${title(1)} moved to position ${SONGS} of ${SONGS}.`);
  await expect(page.getByRole("link", { name: title(1), exact: true })).toHaveCount(0);
  await expect(rows(page)).toHaveCount(100);
  await settled(page);
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(rows(page)).toHaveCount(SONGS);
  expect((await titles(page)).at(-1)).toBe(title(1));
  await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);

  // From the second page to the top through "Move to position…".
  const last = rows(page).last();
  await last.getByText("Move", { exact: true }).click();
  await last.getByLabel("Move to position…").fill("1");
  await last.getByRole("button", { name: "Go" }).click();
  await expect.poll(() => titles(page).then((t) => t[0])).toBe(title(1));
  await settled(page);

  // Dragging the third row's handle onto the first row (pointer events: mouse or touch).
  await rows(page)
    .nth(1)
    .evaluate((el) => el.scrollIntoView({ block: "center" }));
  const grip = handleOf(page, title(3));
  const target = rows(page).first();
  const from = (await grip.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, to.y + to.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect
    .poll(() => titles(page).then((t) => t.slice(0, 3)))
    .toEqual([title(3), title(1), title(2)]);

  // The server kept every move: a fresh page shows the same order, pages joined.
  await settled(page);
  await page.reload();
  await expect(rows(page)).toHaveCount(100);
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(rows(page)).toHaveCount(SONGS);
  const order = await titles(page);
  expect(order.slice(0, 4)).toEqual([title(3), title(1), title(2), title(4)]);
  expect(order.at(-1)).toBe(title(104));
  expect(new Set(order).size).toBe(SONGS);
  const numbers = await rows(page).locator(".pl-index").allInnerTexts();
  expect(numbers.map(Number)).toEqual(Array.from({ length: SONGS }, (_, i) => i + 1));
});
