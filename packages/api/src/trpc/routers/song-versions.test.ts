import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf, createTestApi, type TestApi } from "../../testing/api";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api?.close();
});

const words =
  "[Verse]\nThe harbour lights are burning low\nI count the boats that come and go\n\n[Chorus]\nCarry me home\nCarry me home tonight";

describe("song.byId versions", () => {
  it("lists where a song came from and what was made from it, as far as the viewer may see", async () => {
    const owner = await api.user();
    const fan = await api.user();
    const original = await owner.caller.song.create({
      creationMode: "lyrics",
      lyrics: words,
      mood: "Romantic",
      genre: "Pop",
      durationSec: 20,
      seed: 11,
      isPublic: true,
    });
    // Nothing made from it yet: no parent, no children.
    expect((await owner.caller.song.byId({ id: original.id })).versions).toEqual({
      parent: null,
      children: [],
      childCount: 0,
    });

    const extended = await owner.caller.song.extend({
      id: original.id,
      durationSec: 10,
      seed: 3,
      isPublic: true,
    });
    const replaced = await owner.caller.song.replaceSection({ id: original.id, section: 1 });
    const cover = await fan.caller.song.remix({
      id: original.id,
      genre: "Jazz",
      mood: "Chill",
      isPublic: true,
    });
    const secret = await fan.caller.song.remix({ id: original.id, keep: "nothing", seed: 5 });

    const kinds = (children: { id: string; kind: string }[]) =>
      Object.fromEntries(children.map((c) => [c.id, c.kind]));

    const forOwner = (await owner.caller.song.byId({ id: original.id })).versions;
    expect(kinds(forOwner.children)).toEqual({
      [extended.id]: "extend",
      [replaced.id]: "replace-section",
      [cover.id]: "cover",
    });
    expect(forOwner.childCount).toBe(3);
    expect(forOwner.children.find((c) => c.id === replaced.id)!.isPublic).toBe(false);
    expect(forOwner.children.find((c) => c.id === cover.id)!.author).toEqual({
      id: fan.id,
      name: fan.name,
      handle: fan.handle,
    });

    // The fan sees their own private remix, and not the owner's private replaced section.
    const forFan = (await fan.caller.song.byId({ id: original.id })).versions;
    expect(kinds(forFan.children)).toEqual({
      [extended.id]: "extend",
      [cover.id]: "cover",
      [secret.id]: "remix",
    });
    // Anyone: public versions only, nothing private counted.
    const forAnyone = (await api.anonymous().song.byId({ id: original.id })).versions;
    expect(kinds(forAnyone.children)).toEqual({
      [extended.id]: "extend",
      [cover.id]: "cover",
    });
    expect(forAnyone.childCount).toBe(2);

    // Each version names its parent and how it was made from it.
    expect((await api.anonymous().song.byId({ id: cover.id })).versions.parent).toMatchObject({
      id: original.id,
      title: original.title,
      kind: "cover",
      author: { id: owner.id, handle: owner.handle },
    });
    expect((await owner.caller.song.byId({ id: replaced.id })).versions.parent).toMatchObject({
      id: original.id,
      kind: "replace-section",
    });

    // Made private, the original is no longer revealed by the fan's cover.
    await owner.caller.song.update({ id: original.id, isPublic: false });
    expect((await fan.caller.song.byId({ id: cover.id })).versions.parent).toBeNull();
    expect(await codeOf(fan.caller.song.byId({ id: original.id }))).toBe("NOT_FOUND");
    await api.services.songs.idle();
  }, 240_000);

  it("a cover of an extended song is a cover, rendered as a song of its own", async () => {
    const me = await api.user();
    const original = await me.caller.song.create({
      creationMode: "lyrics",
      lyrics: words,
      mood: "Happy",
      genre: "Pop",
      durationSec: 20,
      seed: 21,
    });
    const extended = await me.caller.song.extend({ id: original.id, durationSec: 10, seed: 4 });
    const cover = await me.caller.song.remix({ id: extended.id, genre: "Rock", mood: "Hype" });
    await api.services.songs.idle();
    const ready = await me.caller.song.byId({ id: cover.id });
    expect(ready.status).toBe("ready");
    expect(ready.versions.parent).toMatchObject({ id: extended.id, kind: "cover" });
    expect((await me.caller.song.byId({ id: extended.id })).versions).toMatchObject({
      parent: { id: original.id, kind: "extend" },
      children: [{ id: cover.id, kind: "cover" }],
    });
  }, 240_000);
});
