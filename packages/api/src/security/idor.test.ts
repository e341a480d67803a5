// Insecure direct object references: every private resource, reached by its id or through a
// list that could leak it, by anonymous callers and by another signed-in user. Single-procedure
// refusals (song.byId, comment.list, like, chat.byId, apiKey.revoke, … on a private resource)
// are proven for all 35 procedures by authz-matrix.test.ts; this file covers the indirect paths.
import { FEED_SORTS } from "@harmoniq/db";
import { makeSong } from "@harmoniq/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf, createTestApi, type TestApi } from "../testing/api";
import { createHttpHarness, url, type HttpHarness } from "../testing/http-harness";

let api: TestApi;
let http: HttpHarness;

beforeAll(async () => {
  api = await createTestApi();
  http = createHttpHarness(api);
});
afterAll(async () => {
  await api?.close();
});

const ids = (items: { id: string }[]) => items.map((i) => i.id);

describe("IDOR: private songs", () => {
  it("a private song never appears in the feed or search, whatever the sort, filter or words", async () => {
    const owner = await api.user();
    const other = await api.user();
    const secret = await makeSong(api.db, owner.id, {
      isPublic: false,
      title: "Zephyrquartz confession",
      genre: "Jazz",
      mood: "Dreamy",
    });
    await makeSong(api.db, owner.id, { isPublic: true, title: "Zephyrquartz public" });
    for (const caller of [api.anonymous(), other.caller, owner.caller]) {
      for (const sort of FEED_SORTS) {
        const all = await caller.song.feed({ sort, limit: 50 });
        const searched = await caller.song.feed({ sort, q: "Zephyrquartz confession" });
        const filtered = await caller.song.feed({ sort, genre: "Jazz", mood: "Dreamy" });
        expect(ids(all.items)).not.toContain(secret.id);
        expect(ids(searched.items)).not.toContain(secret.id);
        expect(ids(filtered.items)).not.toContain(secret.id);
      }
    }
    // The search itself works: the public twin is found by the same word.
    expect((await other.caller.song.feed({ q: "Zephyrquartz" })).items).toHaveLength(1);
  });

  it("a private song or playlist never appears in its owner's public profile", async () => {
    const owner = await api.user();
    const other = await api.user();
    const secret = await makeSong(api.db, owner.id, { isPublic: false });
    const shown = await makeSong(api.db, owner.id, { isPublic: true });
    const hiddenList = await owner.caller.playlist.create({ name: "Hidden" });
    const shownList = await owner.caller.playlist.create({ name: "Shown", isPublic: true });
    for (const caller of [api.anonymous(), other.caller, owner.caller]) {
      const profile = await caller.user.byHandle({ handle: owner.handle, limit: 50 });
      expect(ids(profile.songs.items)).toEqual([shown.id]);
      expect(ids(profile.playlists)).toEqual([shownList.id]);
      expect(ids(profile.playlists)).not.toContain(hiddenList.id);
      expect(ids(profile.songs.items)).not.toContain(secret.id);
    }
  });

  it("a public playlist hides a private song of its own owner and of another user", async () => {
    const curator = await api.user();
    const artist = await api.user();
    const visitor = await api.user();
    const curatorsPrivate = await makeSong(api.db, curator.id, { isPublic: false });
    const artistsSong = await makeSong(api.db, artist.id, { isPublic: true, title: "Soon gone" });
    const list = await curator.caller.playlist.create({ name: "Mix", isPublic: true });
    await curator.caller.playlist.addSong({ playlistId: list.id, songId: curatorsPrivate.id });
    await curator.caller.playlist.addSong({ playlistId: list.id, songId: artistsSong.id });
    // The artist makes their song private after it was added to someone else's playlist.
    await artist.caller.song.update({ id: artistsSong.id, isPublic: false });

    const songIds = async (caller: typeof visitor.caller) =>
      (await caller.playlist.byId({ id: list.id })).songs.map((entry) => entry.song.id);
    expect(await songIds(api.anonymous() as unknown as typeof visitor.caller)).toEqual([]);
    expect(await songIds(visitor.caller)).toEqual([]);
    // The curator sees their own private song, not the artist's.
    expect(await songIds(curator.caller)).toEqual([curatorsPrivate.id]);
    expect(await songIds(artist.caller)).toEqual([artistsSong.id]);
    // Nor can anyone add someone else's private song to their own list.
    const mine = await visitor.caller.playlist.create({ name: "Mine" });
    expect(
      await codeOf(
        visitor.caller.playlist.addSong({ playlistId: mine.id, songId: artistsSong.id }),
      ),
    ).toBe("NOT_FOUND");
  });

  it("comments and likes on a song that turned private are out of reach", async () => {
    const owner = await api.user();
    const fan = await api.user();
    const song = await makeSong(api.db, owner.id, { isPublic: true });
    const comment = await fan.caller.comment.create({ songId: song.id, content: "love it" });
    await fan.caller.song.like({ id: song.id });
    await owner.caller.song.update({ id: song.id, isPublic: false });

    expect(await codeOf(fan.caller.comment.list({ songId: song.id }))).toBe("NOT_FOUND");
    expect(await codeOf(api.anonymous().comment.list({ songId: song.id }))).toBe("NOT_FOUND");
    expect(await codeOf(fan.caller.comment.create({ songId: song.id, content: "again" }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(fan.caller.song.like({ id: song.id }))).toBe("NOT_FOUND");
    expect(await codeOf(fan.caller.song.unlike({ id: song.id }))).toBe("NOT_FOUND");
    expect(await codeOf(fan.caller.song.remix({ id: song.id }))).toBe("NOT_FOUND");
    // The owner still sees everything on their song.
    const listed = await owner.caller.comment.list({ songId: song.id });
    expect(ids(listed.items)).toEqual([comment.id]);
    expect((await owner.caller.song.byId({ id: song.id })).likeCount).toBe(1);
  });

  it("the audio, MIDI and cover routes refuse a private song to other users (cookie or API key) and anonymous", async () => {
    const owner = await http.browserUser("idor-files-owner@example.test");
    const other = await http.browserUser("idor-files-other@example.test");
    const song = await http.dataOf<{ id: string }>(
      http.call(
        "song.create",
        { creationMode: "description", description: "my secret demo", durationSec: 10 },
        { headers: owner.write },
      ),
    );
    await api.services.songs.idle();
    const otherKey = await http.dataOf<{ key: string }>(
      http.call("apiKey.create", { name: "other" }, { headers: other.write }),
    );
    const get = (kind: "audio" | "midi" | "cover", headers: Record<string, string>, query = "") =>
      http.files[kind](
        new Request(url(`/api/songs/${song.id}/${kind}${query}`), { headers }),
        song.id,
      );
    for (const kind of ["audio", "midi", "cover"] as const) {
      expect((await get(kind, owner.read)).status).toBe(200);
      const attempts = [
        await get(kind, other.read),
        await get(kind, { authorization: `Bearer ${otherKey.key}` }),
        await get(kind, {}),
        await get(kind, other.read, "?download"),
        await get(kind, { ...other.read, range: "bytes=0-99" }),
        await get(kind, other.read, "?format=png&v=1.x"),
      ];
      for (const response of attempts) {
        expect(response.status).toBe(404);
        // The same answer as for a song that does not exist: nothing says it is there.
        expect(await response.json()).toEqual({
          error: { code: "NOT_FOUND", message: "Song not found" },
        });
      }
    }
  });
});

describe("IDOR: conversations and API keys", () => {
  it("another user's conversation cannot be read, renamed, sent to, turned into a song or deleted", async () => {
    const owner = await api.user();
    const other = await api.user();
    const conversation = await owner.caller.chat.create({ title: "Private thoughts" });
    // One at a time: started together, the later refusals would reject before being awaited.
    for (const attempt of [
      () => other.caller.chat.byId({ id: conversation.id }),
      () => other.caller.chat.rename({ id: conversation.id, title: "stolen" }),
      () => other.caller.chat.makeSong({ id: conversation.id }),
      () => other.caller.chat.delete({ id: conversation.id }),
    ]) {
      expect(await codeOf(attempt())).toBe("NOT_FOUND");
    }
    expect(ids((await other.caller.chat.list({ limit: 50 })).items)).not.toContain(conversation.id);
    expect((await owner.caller.chat.byId({ id: conversation.id })).title).toBe("Private thoughts");
  });

  it("another user's API keys are neither listed nor revocable, and no listing shows key material", async () => {
    const owner = await api.user();
    const other = await api.user();
    const created = await owner.caller.apiKey.create({ name: "deploy" });
    expect(await other.caller.apiKey.list()).toEqual([]);
    expect(await codeOf(other.caller.apiKey.revoke({ id: created.id }))).toBe("NOT_FOUND");
    const listed = await owner.caller.apiKey.list();
    expect(listed.map((k) => k.id)).toEqual([created.id]);
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(listed[0]).not.toHaveProperty("key");
  });
});
