import { isEngine2, type Composition } from "@harmoniq/music";
import { decodeWavStereo } from "@harmoniq/music/render";
import { decodeWaveform } from "@harmoniq/music/waveform";
import { sql } from "@harmoniq/db";
import { selectRows } from "@harmoniq/db/testing";
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

describe("song.create", () => {
  it("makes a playable song from a description: queued, then rendered to ready with a waveform", async () => {
    const me = await api.user();
    const song = await me.caller.song.create({
      creationMode: "description",
      description: "the ocean at night, waves and a slow moon",
      mood: "Dreamy",
      genre: "Jazz",
      durationSec: 30,
      seed: 42,
    });
    expect(song).toMatchObject({
      mood: "Dreamy",
      genre: "Jazz",
      status: "queued",
      isPublic: false,
      ownerId: me.id,
    });
    expect(song.title.length).toBeGreaterThan(0);
    expect(song.lyrics).toMatch(/\[Chorus\]/);
    expect(song.lyrics).toMatch(/ocean|waves|moon/i);
    expect(song.composition?.tempo).toBeGreaterThan(40);
    await api.services.songs.idle();
    const ready = await me.caller.song.byId({ id: song.id });
    expect(ready.status).toBe("ready");
    expect(decodeWaveform(ready.waveform)).toHaveLength(200);
    const audio = await api.services.songs.audio(api.db, { songId: song.id, viewerId: me.id });
    expect(new TextDecoder().decode(audio!.bytes.subarray(0, 4))).toBe("RIFF");
  });

  it("keeps the user's lyrics verbatim in lyrics mode and names the song from them", async () => {
    const me = await api.user();
    const lyrics =
      "[Verse]\nI walked the long road home\nWith nothing but my name\n\n[Chorus]\nCarry me home\nCarry me home again";
    const song = await me.caller.song.create({
      creationMode: "lyrics",
      lyrics,
      durationSec: 10,
      isPublic: true,
    });
    expect(song.lyrics).toBe(lyrics);
    expect(song.title).toMatch(/carry me home/i);
  });

  it("infers mood and tempo from a picture and stores what it inferred", async () => {
    const me = await api.user();
    const png = await sharp({
      create: { width: 64, height: 64, channels: 3, background: { r: 255, g: 200, b: 40 } },
    })
      .png()
      .toBuffer();
    const song = await me.caller.song.create({
      creationMode: "image",
      image: png.toString("base64"),
      durationSec: 10,
    });
    expect(song.creationMode).toBe("image");
    expect(song.inference).toBeTruthy();
    expect(JSON.stringify(song.inference)).toMatch(/mood|tempo|brightness/i);
  });

  it("keeps the picture as the cover of its takes, and deletes it with the last of them", async () => {
    const me = await api.user();
    const stranger = await api.user();
    // A camera-sized photo, on its side (EXIF orientation 6), teal over coral.
    const photo = await sharp({
      create: { width: 1600, height: 900, channels: 3, background: { r: 20, g: 160, b: 150 } },
    })
      .composite([
        {
          input: await sharp({
            create: { width: 800, height: 900, channels: 3, background: { r: 240, g: 110, b: 90 } },
          })
            .png()
            .toBuffer(),
          left: 800,
          top: 0,
        },
      ])
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const stored = async () =>
      (await selectRows<{ key: string }>(api.db, sql`select key from song_pictures`)).map(
        (row) => row.key,
      );
    const before = new Set(await stored());
    const added = async () => (await stored()).filter((key) => !before.has(key));
    const first = await me.caller.song.create({
      creationMode: "image",
      image: photo.toString("base64"),
      durationSec: 10,
      takes: 2,
    });
    const takeIds = first.takes!;
    expect(takeIds).toHaveLength(2);
    expect(await added()).toHaveLength(1);

    for (const id of takeIds) {
      const cover = await api.services.covers.cover(
        api.db,
        { songId: id, viewerId: me.id },
        { format: "png", size: 512 },
      );
      const { data, info } = await sharp(cover!.bytes).raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([512, 512]);
      // Turned upright, the teal half is on top and the coral half below.
      const at = (x: number, y: number) => [
        ...data.subarray((y * 512 + x) * 3, (y * 512 + x) * 3 + 3),
      ];
      expect(at(256, 100)).toEqual([20, 160, 150].map((v) => expect.closeTo(v, -1.2)));
      expect(at(256, 420)).toEqual([240, 110, 90].map((v) => expect.closeTo(v, -1.2)));
    }
    // Someone else's private song shows no cover at all.
    expect(
      await api.services.covers.cover(
        api.db,
        { songId: takeIds[0]!, viewerId: stranger.id },
        { format: "png", size: 512 },
      ),
    ).toBeNull();

    await me.caller.song.delete({ id: takeIds[0]! });
    expect(await added()).toHaveLength(1);
    await me.caller.song.delete({ id: takeIds[1]! });
    expect(await added()).toHaveLength(0);
  });

  it("refuses bad input with BAD_REQUEST and a flattened zod error, creating nothing", async () => {
    const me = await api.user();
    const before = (await me.caller.song.mine()).items.length;
    const cases: unknown[] = [
      { creationMode: "description" },
      { creationMode: "description", description: "   " },
      { creationMode: "lyrics", lyrics: "x".repeat(10_000) },
      { creationMode: "description", description: "ok", mood: "Angry" },
      { creationMode: "description", description: "ok", title: "t".repeat(121) },
      { creationMode: "description", description: "ok", durationSec: -5 },
      { creationMode: "description", description: "ok", likeCount: 5 },
      { creationMode: "description", description: "ok", ownerId: "someone-else" },
      { creationMode: "image", image: Buffer.from("not a picture at all").toString("base64") },
      { creationMode: "image", image: "%%%not base64%%%" },
      { creationMode: "sing" },
      { creationMode: "description", description: "ok", vocals: "hummed" },
      { creationMode: "description", description: "ok", voice: "soprano" },
    ];
    for (const input of cases) {
      expect(
        await codeOf(me.caller.song.create(input as never)),
        JSON.stringify(input).slice(0, 80),
      ).toBe("BAD_REQUEST");
    }
    expect((await me.caller.song.mine()).items).toHaveLength(before);
  });

  it("lists the voices, a higher and a lower one, each with a name and range", async () => {
    const voices = await api.anonymous().song.voices();
    expect(voices.length).toBeGreaterThanOrEqual(2);
    for (const v of voices) {
      expect(v.name.length).toBeGreaterThan(0);
      expect(v.range.highest).toBeGreaterThan(v.range.lowest);
      expect(v.rangeLabel).toMatch(/^[A-G]#?\d–[A-G]#?\d$/);
    }
    const tops = voices.map((v) => v.range.highest);
    expect(Math.max(...tops) - Math.min(...tops)).toBeGreaterThanOrEqual(7);
  });

  it("sings the words with the chosen voice, or plays them as an instrumental", async () => {
    const me = await api.user();
    const base = {
      creationMode: "lyrics" as const,
      lyrics:
        "[Verse]\nHold the light for me tonight\nI will find my way\n\n[Chorus]\nHold the light",
      mood: "Romantic" as const,
      genre: "Pop" as const,
      durationSec: 12,
      seed: 5,
    };
    const sung = await me.caller.song.create({ ...base, voice: "atlas" });
    const instrumental = await me.caller.song.create({ ...base, vocals: "instrumental" });
    expect(sung.composition).toMatchObject({ vocals: { voice: "atlas" } });
    expect(instrumental.composition).toMatchObject({ vocals: null });
    await api.services.songs.idle();
    const audioOf = async (songId: string) =>
      (await api.services.songs.audio(api.db, { songId, viewerId: me.id }))!.bytes;
    const [a, b] = [await audioOf(sung.id), await audioOf(instrumental.id)];
    // Same band, same seed: what differs is the voice on top.
    expect(a.length).toBe(b.length);
    let differing = 0;
    for (let i = 44; i < a.length; i += 2) if (a[i] !== b[i]) differing++;
    expect(differing / ((a.length - 44) / 2)).toBeGreaterThan(0.2);

    // A remix keeps the parent's voice unless asked otherwise.
    const remix = await me.caller.song.remix({ id: sung.id, genre: "Jazz" });
    expect(remix.composition).toMatchObject({ vocals: { voice: "atlas" } });
    const quiet = await me.caller.song.remix({ id: instrumental.id });
    expect(quiet.composition).toMatchObject({ vocals: null });
  });

  it("is UNAUTHORIZED for anonymous callers", async () => {
    expect(
      await codeOf(api.anonymous().song.create({ creationMode: "description", description: "x" })),
    ).toBe("UNAUTHORIZED");
  });
});

describe("song visibility, likes, plays, remix", () => {
  it("applies NOT_FOUND / FORBIDDEN / owner rules and keeps private songs out of the feed", async () => {
    const owner = await api.user();
    const other = await api.user();
    const priv = await owner.caller.song.create({
      creationMode: "description",
      description: "secret diary rain",
      durationSec: 10,
    });
    const pub = await owner.caller.song.create({
      creationMode: "description",
      description: "public sunshine",
      durationSec: 10,
      isPublic: true,
    });

    expect(await codeOf(other.caller.song.byId({ id: priv.id }))).toBe("NOT_FOUND");
    expect(await codeOf(api.anonymous().song.byId({ id: priv.id }))).toBe("NOT_FOUND");
    expect(await codeOf(other.caller.song.like({ id: priv.id }))).toBe("NOT_FOUND");
    expect(await codeOf(other.caller.song.play({ id: priv.id }))).toBe("NOT_FOUND");
    expect(await codeOf(other.caller.song.remix({ id: priv.id }))).toBe("NOT_FOUND");
    expect(await codeOf(other.caller.song.update({ id: priv.id, title: "mine" }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(other.caller.song.update({ id: pub.id, title: "mine" }))).toBe("FORBIDDEN");
    expect(await codeOf(other.caller.song.delete({ id: pub.id }))).toBe("FORBIDDEN");
    expect(await codeOf(api.anonymous().song.delete({ id: pub.id }))).toBe("UNAUTHORIZED");

    const feed = await other.caller.song.feed({ q: "secret diary" });
    expect(feed.items.map((s) => s.id)).not.toContain(priv.id);
    const ownFeed = await owner.caller.song.feed({ limit: 50 });
    expect(ownFeed.items.map((s) => s.id)).toContain(pub.id);
    expect(ownFeed.items.map((s) => s.id)).not.toContain(priv.id);

    expect(await owner.caller.song.update({ id: pub.id, title: "Sunshine" })).toMatchObject({
      title: "Sunshine",
    });
    expect(await owner.caller.song.delete({ id: priv.id })).toEqual({ id: priv.id });
    expect(await codeOf(owner.caller.song.byId({ id: priv.id }))).toBe("NOT_FOUND");
  });

  it("likes idempotently with live counts and counts repeated plays once", async () => {
    const owner = await api.user();
    const fan = await api.user();
    const song = await owner.caller.song.create({
      creationMode: "description",
      description: "dance all night",
      durationSec: 10,
      isPublic: true,
    });
    expect(await fan.caller.song.like({ id: song.id })).toEqual({ liked: true, likeCount: 1 });
    expect(await fan.caller.song.like({ id: song.id })).toEqual({ liked: true, likeCount: 1 });
    expect(await fan.caller.song.unlike({ id: song.id })).toEqual({ liked: false, likeCount: 0 });
    expect(await fan.caller.song.play({ id: song.id })).toEqual({ playCount: 1 });
    expect(await fan.caller.song.play({ id: song.id })).toEqual({ playCount: 1 });
    expect(await api.anonymous().song.play({ id: song.id })).toEqual({ playCount: 2 });
    expect(await codeOf(api.anonymous().song.like({ id: song.id }))).toBe("UNAUTHORIZED");
  });

  it("remixes a visible song with another mood and records its parent", async () => {
    const owner = await api.user();
    const fan = await api.user();
    const original = await owner.caller.song.create({
      creationMode: "description",
      description: "leaving home at dawn",
      mood: "Melancholic",
      genre: "Classical",
      durationSec: 30,
      isPublic: true,
    });
    const remix = await fan.caller.song.remix({
      id: original.id,
      mood: "Hype",
      genre: "EDM",
      seed: 7,
    });
    expect(remix).toMatchObject({
      parentId: original.id,
      mood: "Hype",
      genre: "EDM",
      ownerId: fan.id,
      lyrics: original.lyrics,
    });
    expect(remix.title).toMatch(/Remix/);
    // A cover keeps the melody's beats, so a much faster style can make it too short for a song.
    const short = await owner.caller.song.create({
      creationMode: "description",
      description: "a slow goodbye",
      mood: "Melancholic",
      genre: "Classical",
      durationSec: 10,
      isPublic: true,
    });
    const before = (await fan.caller.song.mine()).items.length;
    await expect(
      fan.caller.song.remix({ id: short.id, mood: "Hype", genre: "EDM" }),
    ).rejects.toThrow(/under the 10 s a song needs/);
    expect((await fan.caller.song.mine()).items).toHaveLength(before);
    expect(remix.composition!.tempo).toBeGreaterThan(original.composition!.tempo);
  });

  it("refuses malformed ids and unknown keys", async () => {
    const me = await api.user();
    expect(await codeOf(me.caller.song.byId({ id: "1 or 1=1" }))).toBe("BAD_REQUEST");
    expect(await codeOf(me.caller.song.byId({ id: "00000000-0000-4000-8000-000000000000" }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(me.caller.song.feed({ sort: "random" } as never))).toBe("BAD_REQUEST");
    expect(await codeOf(me.caller.song.feed({ limit: 51 }))).toBe("BAD_REQUEST");
    expect(await codeOf(me.caller.song.feed({ extra: 1 } as never))).toBe("BAD_REQUEST");
    // tRPC's infinite queries send `direction` with every page.
    expect(await codeOf(me.caller.song.feed({ direction: "forward", limit: 5 }))).toBe("OK");
    expect(await codeOf(me.caller.song.mine({ direction: "forward", limit: 5 }))).toBe("OK");
  });
});

/** The score of an engine-2 song (every new song), typed as such. */
function engine2(c: Composition | null | undefined) {
  if (!c || !isEngine2(c)) throw new Error("expected an engine-2 score");
  return c;
}

/** Pearson correlation of two channels over [from, to) seconds. */
function correlation(a: Float32Array, b: Float32Array, fromSec: number, toSec: number): number {
  const from = Math.floor(fromSec * 44100);
  const to = Math.min(a.length, b.length, Math.floor(toSec * 44100));
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = from; i < to; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb || 1);
}

describe("studio passes: extend, replace a section, covers", () => {
  const words =
    "[Verse]\nThe harbour lights are burning low\nI count the boats that come and go\n\n[Chorus]\nCarry me home\nCarry me home tonight";

  async function readySong(owner: Awaited<ReturnType<TestApi["user"]>>, isPublic = false) {
    const song = await owner.caller.song.create({
      creationMode: "lyrics",
      lyrics: words,
      mood: "Romantic",
      genre: "Pop",
      durationSec: 30,
      seed: 11,
      isPublic,
    });
    await api.services.songs.idle();
    return song;
  }
  const audioOf = async (songId: string, viewerId: string) =>
    decodeWavStereo((await api.services.songs.audio(api.db, { songId, viewerId }))!.bytes).left;

  it("extends a song: the original plays first, then new sections; the original is untouched", async () => {
    const me = await api.user();
    const original = await readySong(me);
    const extended = await me.caller.song.extend({ id: original.id, durationSec: 20, seed: 3 });
    expect(extended).toMatchObject({ parentId: original.id, ownerId: me.id });
    expect(extended.title).toMatch(/Extended/);
    expect(extended.durationSec).toBeCloseTo(original.durationSec + 20, 0);
    expect(engine2(extended.composition).sections.length).toBeGreaterThan(
      engine2(original.composition).sections.length,
    );
    await api.services.songs.idle();
    expect((await me.caller.song.byId({ id: extended.id })).status).toBe("ready");
    const [a, b] = [await audioOf(original.id, me.id), await audioOf(extended.id, me.id)];
    expect(b.length).toBeGreaterThan(a.length);
    expect(correlation(a, b, 0, original.durationSec - 2)).toBeGreaterThan(0.99);
    expect((await me.caller.song.byId({ id: original.id })).durationSec).toBe(original.durationSec);
  }, 240_000);

  it("replaces one section: the same song outside it, new music inside", async () => {
    const me = await api.user();
    const original = await readySong(me);
    const sections = engine2(original.composition).sections;
    const k = sections.findIndex((s) => s.kind === "chorus");
    expect(k).toBeGreaterThan(0);
    const replaced = await me.caller.song.replaceSection({ id: original.id, section: k, seed: 9 });
    expect(replaced.parentId).toBe(original.id);
    expect(engine2(replaced.composition).sections.map((s) => s.startSec)).toEqual(
      sections.map((s) => s.startSec),
    );
    await api.services.songs.idle();
    const [a, b] = [await audioOf(original.id, me.id), await audioOf(replaced.id, me.id)];
    const { startSec, endSec } = sections[k]!;
    expect(correlation(a, b, 0, startSec - 0.1)).toBeGreaterThan(0.99);
    expect(correlation(a, b, startSec + 0.1, endSec - 0.1)).toBeLessThan(0.8);
  }, 240_000);

  it("covers a song in another style, keeping its melody and words", async () => {
    const me = await api.user();
    const original = await readySong(me);
    const cover = await me.caller.song.remix({ id: original.id, genre: "Jazz", mood: "Chill" });
    expect(cover).toMatchObject({ parentId: original.id, genre: "Jazz", lyrics: original.lyrics });
    const leadNotes = (c: Composition | null) =>
      engine2(c).parts.find((p) => p.stem === "lead")!.notes.length;
    // The melody's rhythm is kept note for note.
    expect(leadNotes(cover.composition)).toBe(leadNotes(original.composition));
    const fresh = await me.caller.song.remix({ id: original.id, keep: "nothing", seed: 4 });
    expect(fresh.parentId).toBe(original.id);
  }, 240_000);

  it("refuses bad passes with a clear error and creates nothing", async () => {
    const owner = await api.user();
    const other = await api.user();
    const original = await readySong(owner);
    const before = (await owner.caller.song.mine()).items.length;
    // Thunks: each call starts only when awaited, so no rejection goes unhandled meanwhile.
    const cases: [() => Promise<unknown>, string][] = [
      [() => owner.caller.song.replaceSection({ id: original.id, section: 99 }), "BAD_REQUEST"],
      [() => owner.caller.song.replaceSection({ id: original.id, section: -1 }), "BAD_REQUEST"],
      [() => owner.caller.song.extend({ id: original.id, durationSec: 240 }), "BAD_REQUEST"],
      [() => owner.caller.song.extend({ id: original.id, durationSec: 3 }), "BAD_REQUEST"],
      [
        () => owner.caller.song.extend({ id: original.id, durationSec: 20, lyrics: "  " }),
        "BAD_REQUEST",
      ],
      [() => owner.caller.song.remix({ id: original.id, keep: "tempo" } as never), "BAD_REQUEST"],
      // Someone else's private song does not exist for them.
      [() => other.caller.song.extend({ id: original.id, durationSec: 20 }), "NOT_FOUND"],
      [() => other.caller.song.replaceSection({ id: original.id, section: 0 }), "NOT_FOUND"],
    ];
    for (const [call, code] of cases) expect(await codeOf(call())).toBe(code);
    expect((await owner.caller.song.mine()).items).toHaveLength(before);
    expect((await other.caller.song.mine()).items).toHaveLength(0);
    // A deleted song cannot be extended.
    await owner.caller.song.delete({ id: original.id });
    expect(await codeOf(owner.caller.song.extend({ id: original.id, durationSec: 20 }))).toBe(
      "NOT_FOUND",
    );
  }, 240_000);
});
