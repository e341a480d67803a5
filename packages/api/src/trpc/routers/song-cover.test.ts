import { sql } from "@harmoniq/db";
import { makeSong, selectRows } from "@harmoniq/db/testing";
import { coverVersion } from "@harmoniq/music/cover";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf, createTestApi, type TestApi } from "../../testing/api";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api?.close();
});

/** A flat-coloured picture, base64 as the API takes it. */
async function picture(rgb: { r: number; g: number; b: number }, format: "png" | "jpeg" = "png") {
  const image = sharp({ create: { width: 300, height: 200, channels: 3, background: rgb } });
  return (await image[format]().toBuffer()).toString("base64");
}

/** The cover the song's URL serves its owner, as raw RGB pixels at 512 × 512. */
async function servedCover(songId: string, viewerId: string) {
  const cover = await api.services.covers.cover(
    api.db,
    { songId, viewerId },
    { format: "png", size: 512 },
  );
  const { data, info } = await sharp(cover!.bytes).raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([512, 512]);
  const centre = (256 * 512 + 256) * info.channels;
  return {
    version: cover!.version,
    centre: [...data.subarray(centre, centre + 3)],
    bytes: cover!.bytes,
  };
}

const storedKeys = async () =>
  (await selectRows<{ key: string }>(api.db, sql`select key from song_pictures`))
    .map((row) => row.key)
    .sort();

describe("song.setCover / song.removeCover", () => {
  it("serves the upload as the cover with a new version, and the drawn cover again once removed", async () => {
    const me = await api.user();
    const song = await makeSong(api.db, me.id, { isPublic: true, title: "Harbour Lights" });
    const drawn = await servedCover(song.id, me.id);
    const before = new Set(await storedKeys());

    const red = await me.caller.song.setCover({
      id: song.id,
      image: await picture({ r: 230, g: 30, b: 40 }),
    });
    expect(red.coverKey).toMatch(/^[0-9a-f]{64}$/);
    const shown = await servedCover(song.id, me.id);
    expect(shown.centre).toEqual([230, 30, 40].map((v) => expect.closeTo(v, -1.2)));
    // The URL the web builds from the song changes, and the server answers to that version.
    expect(coverVersion(red)).not.toBe(drawn.version);
    expect(shown.version).toBe(coverVersion(red));
    // Lists carry the key too, so cards build the same URL.
    const listed = (await me.caller.song.mine()).items.find((item) => item.id === song.id);
    expect(listed?.coverKey).toBe(red.coverKey);

    // Replacing it removes the old picture: only the new one is stored.
    const blue = await me.caller.song.setCover({
      id: song.id,
      image: await picture({ r: 20, g: 60, b: 220 }, "jpeg"),
    });
    expect(blue.coverKey).not.toBe(red.coverKey);
    expect((await servedCover(song.id, me.id)).centre).toEqual(
      [20, 60, 220].map((v) => expect.closeTo(v, -1.2)),
    );
    expect((await storedKeys()).filter((key) => !before.has(key))).toEqual([blue.coverKey]);

    const back = await me.caller.song.removeCover({ id: song.id });
    expect(back.coverKey).toBeNull();
    const again = await servedCover(song.id, me.id);
    expect(again.version).toBe(drawn.version);
    expect(Buffer.from(again.bytes).equals(Buffer.from(drawn.bytes))).toBe(true);
    expect((await storedKeys()).filter((key) => !before.has(key))).toEqual([]);
  });

  it("prefers the upload over the picture an image-mode song was made from, and falls back to it", async () => {
    const me = await api.user();
    const made = await me.caller.song.create({
      creationMode: "image",
      image: await picture({ r: 250, g: 220, b: 30 }),
      durationSec: 10,
    });
    const yellow = [250, 220, 30].map((v) => expect.closeTo(v, -1.2));
    expect((await servedCover(made.id, me.id)).centre).toEqual(yellow);
    await me.caller.song.setCover({ id: made.id, image: await picture({ r: 30, g: 200, b: 90 }) });
    expect((await servedCover(made.id, me.id)).centre).toEqual(
      [30, 200, 90].map((v) => expect.closeTo(v, -1.2)),
    );
    const back = await me.caller.song.removeCover({ id: made.id });
    // Image mode's own picture was never touched.
    expect(back.inference).toEqual(made.inference);
    expect((await servedCover(made.id, me.id)).centre).toEqual(yellow);
  });

  it("deletes the uploaded cover with the song unless another song shows it", async () => {
    const me = await api.user();
    const one = await makeSong(api.db, me.id, { title: "One" });
    const two = await makeSong(api.db, me.id, { title: "Two" });
    const before = new Set(await storedKeys());
    const image = await picture({ r: 120, g: 40, b: 160 });
    const { coverKey } = await me.caller.song.setCover({ id: one.id, image });
    await me.caller.song.setCover({ id: two.id, image });
    await me.caller.song.delete({ id: one.id });
    expect((await storedKeys()).filter((key) => !before.has(key))).toEqual([coverKey]);
    // The last song showing it takes it along.
    await me.caller.song.delete({ id: two.id });
    expect((await storedKeys()).filter((key) => !before.has(key))).toEqual([]);
  });

  it("refuses a bad picture with BAD_REQUEST and changes nothing", async () => {
    const me = await api.user();
    const song = await makeSong(api.db, me.id, { title: "Kept" });
    const { coverKey } = await me.caller.song.setCover({
      id: song.id,
      image: await picture({ r: 200, g: 100, b: 0 }),
    });
    const keys = await storedKeys();
    const bad = [
      Buffer.from("not a picture at all").toString("base64"),
      "%%%not base64%%%",
      "",
      "A".repeat(8_000_000),
    ];
    for (const image of bad) {
      expect(
        await codeOf(me.caller.song.setCover({ id: song.id, image })),
        image.slice(0, 20),
      ).toBe("BAD_REQUEST");
    }
    expect(await codeOf(me.caller.song.setCover({ id: song.id } as never))).toBe("BAD_REQUEST");
    expect((await me.caller.song.byId({ id: song.id })).coverKey).toBe(coverKey);
    expect(await storedKeys()).toEqual(keys);
  });

  it("lets only the owner change the cover: NOT_FOUND for a private song, FORBIDDEN for a public one", async () => {
    const owner = await api.user();
    const stranger = await api.user();
    const hidden = await makeSong(api.db, owner.id, { isPublic: false, title: "Hidden" });
    const shown = await makeSong(api.db, owner.id, { isPublic: true, title: "Shown" });
    const { coverKey } = await owner.caller.song.setCover({
      id: shown.id,
      image: await picture({ r: 10, g: 10, b: 10 }),
    });
    const keys = await storedKeys();
    const image = await picture({ r: 255, g: 255, b: 255 });
    expect(await codeOf(stranger.caller.song.setCover({ id: hidden.id, image }))).toBe("NOT_FOUND");
    expect(await codeOf(stranger.caller.song.setCover({ id: shown.id, image }))).toBe("FORBIDDEN");
    expect(await codeOf(stranger.caller.song.removeCover({ id: hidden.id }))).toBe("NOT_FOUND");
    expect(await codeOf(stranger.caller.song.removeCover({ id: shown.id }))).toBe("FORBIDDEN");
    expect(await codeOf(api.anonymous().song.setCover({ id: shown.id, image }))).toBe(
      "UNAUTHORIZED",
    );
    expect(await codeOf(owner.caller.song.setCover({ id: crypto.randomUUID(), image }))).toBe(
      "NOT_FOUND",
    );
    // Nothing was stored for the refused uploads, and the owner's cover is still there.
    expect(await storedKeys()).toEqual(keys);
    expect((await owner.caller.song.byId({ id: shown.id })).coverKey).toBe(coverKey);
  });

  it("limits how fast one person uploads covers, changing nothing once over the limit", async () => {
    const limited = await createTestApi({
      limits: { coverUpload: { points: 2, durationSec: 3600, message: "Slow down" } },
    });
    try {
      const me = await limited.user();
      const song = await makeSong(limited.db, me.id, { title: "Busy" });
      await me.caller.song.setCover({ id: song.id, image: await picture({ r: 1, g: 2, b: 3 }) });
      const { coverKey } = await me.caller.song.setCover({
        id: song.id,
        image: await picture({ r: 4, g: 5, b: 6 }),
      });
      const third = me.caller.song.setCover({
        id: song.id,
        image: await picture({ r: 7, g: 8, b: 9 }),
      });
      expect(await codeOf(third)).toBe("TOO_MANY_REQUESTS");
      expect((await me.caller.song.byId({ id: song.id })).coverKey).toBe(coverKey);
      // Going back to the generated cover is never limited.
      expect((await me.caller.song.removeCover({ id: song.id })).coverKey).toBeNull();
    } finally {
      await limited.close();
    }
  });
});
