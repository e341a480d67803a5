import { decodeWaveform } from "@harmoniq/music/waveform";
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
      durationSec: 10,
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
