import { createHash } from "node:crypto";
import { eq, foldLikeSlots, songs as songsTable } from "@harmoniq/db";
import { makeSong } from "@harmoniq/db/testing";
import { SubsonicAPI } from "subsonic-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, TEST_ORIGIN, type TestApi } from "../../testing/api";
import type { ApiServer } from "../../server";
import { routeApiRequest, serveFetch } from "../node-adapter";
import { createSubsonicHandler } from "./handler";
import { albumIdOf } from "./mapping";

// OpenSubsonic driven by a real client (subsonic-api), over the handler without a server.

let api: TestApi;
let handle: (req: Request) => Promise<Response>;
/** Writes the handler reported (each drops the server's shared anonymous answers). */
let writes = 0;
const fetchVia: typeof fetch = (input, init) =>
  handle(input instanceof Request ? input : new Request(input, init));

type User = Awaited<ReturnType<TestApi["user"]>>;
let me: User;
let other: User;
let password: string;
let apiKey: string;
const songs: Record<"mine" | "theirsPublic" | "theirsPrivate", string> = {
  mine: "",
  theirsPublic: "",
  theirsPrivate: "",
};

const client = (auth: { username: string; password: string } | { apiKey: string }) =>
  new SubsonicAPI({ url: TEST_ORIGIN, auth, fetch: fetchVia });

beforeAll(async () => {
  api = await createTestApi({
    limits: {
      signInPerAccount: { points: 4, durationSec: 900, message: "Too many sign-in attempts" },
    },
  });
  handle = createSubsonicHandler({
    db: api.db,
    auth: api.auth,
    services: api.services,
    log: () => {},
    onMutation: () => writes++,
  });
  me = await api.user({ name: "Moonlit Maker" });
  other = await api.user({ name: "Other Artist" });
  const make = (user: User, title: string, isPublic: boolean, genre: "Pop" | "Jazz") =>
    user.caller.song.create({
      creationMode: "description",
      description: `${title} for the Subsonic tests`,
      title,
      mood: "Chill",
      genre,
      durationSec: 10,
      isPublic,
    });
  songs.mine = (await make(me, "Moon Tide", false, "Jazz")).id;
  songs.theirsPublic = (await make(other, "Open Road", true, "Pop")).id;
  songs.theirsPrivate = (await make(other, "Secret Diary", false, "Pop")).id;
  await api.services.songs.idle();
  ({ password } = await me.caller.user.createAppPassword({ name: "phone" }));
  apiKey = (await me.caller.apiKey.create({ name: "player" })).key;
}, 120_000);
afterAll(async () => {
  await api?.close();
});

describe("OpenSubsonic", () => {
  it("signs in with an app password (token + salt) and browses artists and albums", async () => {
    const sub = client({ username: me.handle, password });
    expect(await sub.ping()).toMatchObject({
      status: "ok",
      version: "1.16.1",
      type: "harmoniq",
      openSubsonic: true,
    });
    const { artists } = await sub.getArtists();
    const names = artists.index!.flatMap((i) => (i.artist ?? []).map((a) => a.name));
    expect(names).toEqual(expect.arrayContaining(["Moonlit Maker", "Other Artist"]));
    const otherEntry = artists
      .index!.flatMap((i) => i.artist ?? [])
      .find((a) => a.name === "Other Artist")!;
    // Only the public song of someone else counts.
    expect(otherEntry.albumCount).toBe(1);
    const { artist } = await sub.getArtist({ id: otherEntry.id });
    expect(artist.album!.map((a) => a.name)).toEqual(["Open Road"]);
    const { album } = await sub.getAlbum({ id: `al-${songs.mine}` });
    expect(album).toMatchObject({ name: "Moon Tide", artist: "Moonlit Maker", songCount: 1 });
    expect(album.song![0]).toMatchObject({ id: songs.mine, contentType: "audio/wav" });
    expect((await sub.getSong({ id: songs.theirsPublic })).song.title).toBe("Open Road");
    const { albumList2 } = await sub.getAlbumList2({ type: "byGenre", genre: "Jazz" });
    expect(albumList2.album!.map((a) => a.name)).toEqual(["Moon Tide"]);
    const { genres } = await sub.getGenres();
    expect(genres.genre!.find((g) => g.value === "Pop")?.songCount).toBe(1);
  });

  it("signs in with an API key, and with a form POST over HTTP (node adapter)", async () => {
    expect((await client({ apiKey }).getUser({ username: me.handle })).user.username).toBe(
      me.handle,
    );
    expect(await client({ apiKey }).getUser({ username: other.handle })).toMatchObject({
      error: { code: 50 },
    });
    const server = await serveFetch((req) =>
      routeApiRequest({ handleSubsonic: handle } as unknown as ApiServer, req),
    );
    try {
      const overHttp = new SubsonicAPI({
        url: server.url,
        auth: { username: me.handle, password },
        post: true,
      });
      const posted = await overHttp.search3({ query: "road" });
      expect(posted.searchResult3.song!.map((s) => s.id)).toEqual([songs.theirsPublic]);
    } finally {
      await server.close();
    }
  });

  it("answers XML by default and JSON with f=json, at /rest/x and /rest/x.view", async () => {
    const token = createHash("md5").update(`${password}abc123`).digest("hex");
    const query = `u=${me.handle}&t=${token}&s=abc123&v=1.16.1&c=test`;
    const xml = await handle(
      new Request(`${TEST_ORIGIN}/rest/getAlbum?${query}&id=al-${songs.mine}`),
    );
    expect(xml.headers.get("content-type")).toMatch(/^text\/xml/);
    const text = await xml.text();
    expect(text).toContain('<subsonic-response xmlns="http://subsonic.org/restapi" status="ok"');
    expect(text).toContain('openSubsonic="true"');
    expect(text).toMatch(/<album id="al-[^"]+" name="Moon Tide"[^>]*><song id=/);
    const json = await handle(new Request(`${TEST_ORIGIN}/rest/getGenres.view?${query}&f=json`));
    const body = (await json.json()) as { "subsonic-response": { genres: { genre: unknown[] } } };
    expect(body["subsonic-response"].genres.genre).toEqual(
      expect.arrayContaining([{ value: "Jazz", songCount: 1, albumCount: 1 }]),
    );
    const legacy = await handle(
      new Request(
        `${TEST_ORIGIN}/rest/ping.view?u=${me.handle}&p=enc:${Buffer.from(password).toString("hex")}&f=json`,
      ),
    );
    expect(
      ((await legacy.json()) as { "subsonic-response": { status: string } })["subsonic-response"]
        .status,
    ).toBe("ok");
    const extensions = await handle(
      new Request(`${TEST_ORIGIN}/rest/getOpenSubsonicExtensions?f=json`),
    );
    expect(await extensions.text()).toContain("apiKeyAuthentication");
  });

  it("describes a song's WAV and the MP3 stream a player may ask for, in XML and JSON", async () => {
    const token = createHash("md5").update(`${password}f0rm4t`).digest("hex");
    const query = `u=${me.handle}&t=${token}&s=f0rm4t&v=1.16.1&c=test&id=${songs.theirsPublic}`;
    const xml = await (await handle(new Request(`${TEST_ORIGIN}/rest/getSong?${query}`))).text();
    const element = /<song [^>]*>|<song [^>]*\/>/.exec(xml)?.[0] ?? "";
    for (const attribute of [
      'contentType="audio/wav"',
      'suffix="wav"',
      'bitRate="1411"',
      'transcodedContentType="audio/mpeg"',
      'transcodedSuffix="mp3"',
    ]) {
      expect(element).toContain(attribute);
    }
    const json = await handle(new Request(`${TEST_ORIGIN}/rest/getSong.view?${query}&f=json`));
    const body = (await json.json()) as { "subsonic-response": { song: Record<string, unknown> } };
    expect(body["subsonic-response"].song).toMatchObject({
      contentType: "audio/wav",
      suffix: "wav",
      bitRate: 1411,
      transcodedContentType: "audio/mpeg",
      transcodedSuffix: "mp3",
    });
    // What the entry promises is what stream serves when the player asks for it.
    const sub = client({ username: me.handle, password });
    const mp3 = await sub.stream({ id: songs.theirsPublic, format: "mp3" });
    expect(mp3.headers.get("content-type")).toBe("audio/mpeg");
    const searched = await sub.search3({ query: "Open Road" });
    expect(searched.searchResult3.song![0]).toMatchObject({ transcodedSuffix: "mp3" });
  });

  it("stars, lists stars, unstars and scrobbles with song.play's de-duplication", async () => {
    const sub = client({ username: me.handle, password });
    const writesBefore = writes;
    expect((await sub.star({ id: songs.theirsPublic })).status).toBe("ok");
    expect(writes).toBe(writesBefore + 1);
    const { starred2 } = await sub.getStarred2();
    expect(writes).toBe(writesBefore + 1);
    expect(starred2.song!.map((s) => s.id)).toEqual([songs.theirsPublic]);
    expect(starred2.song![0]!.starred).toBeInstanceOf(Date);
    const liked = await me.caller.song.byId({ id: songs.theirsPublic });
    expect(liked.likeCount).toBe(1);
    await sub.unstar({ id: songs.theirsPublic });
    expect((await sub.getStarred2()).starred2.song ?? []).toEqual([]);

    await sub.scrobble({ id: songs.theirsPublic });
    await sub.scrobble({ id: songs.theirsPublic });
    await sub.scrobble({ id: songs.theirsPublic, submission: false });
    expect((await me.caller.song.byId({ id: songs.theirsPublic })).playCount).toBe(1);
    const recent = await sub.getAlbumList2({ type: "recent" });
    expect(recent.albumList2.album!.map((a) => a.id)).toEqual([`al-${songs.theirsPublic}`]);
  });

  it("streams a byte range and serves cover art at a size", async () => {
    const sub = client({ username: me.handle, password });
    const full = await sub.stream({ id: songs.mine });
    expect(full.status).toBe(200);
    const size = Number(full.headers.get("content-length"));
    expect(size).toBeGreaterThan(1000);
    const ranged = await handle(
      new Request(`${TEST_ORIGIN}/rest/stream?apiKey=${apiKey}&id=${songs.mine}`, {
        headers: { range: "bytes=0-11" },
      }),
    );
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-range")).toBe(`bytes 0-11/${size}`);
    const bytes = new Uint8Array(await ranged.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe("RIFF");
    const download = await sub.download({ id: songs.mine });
    expect(download.headers.get("content-disposition")).toContain('filename="Moon-Tide.wav"');
    const cover = await sub.getCoverArt({ id: `al-${songs.mine}`, size: 300 });
    expect(cover.headers.get("content-type")).toBe("image/png");
    const png = new Uint8Array(await cover.arrayBuffer());
    expect([...png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
  });

  it("refuses a bad token (40), a bad API key (44) and a revoked app password", async () => {
    const bad = await client({ username: me.handle, password: "not-the-password" }).ping();
    expect(bad).toMatchObject({ status: "failed", error: { code: 40 } });
    expect(await client({ apiKey: "hq_nonsense" }).ping()).toMatchObject({ error: { code: 44 } });
    const extra = await me.caller.user.createAppPassword({ name: "car" });
    const car = client({ username: me.handle, password: extra.password });
    expect((await car.ping()).status).toBe("ok");
    await me.caller.user.revokeAppPassword({ id: extra.id });
    expect(await car.ping()).toMatchObject({ status: "failed", error: { code: 40 } });
    // The account password is never accepted.
    expect(
      await client({ username: me.handle, password: "a good long password" }).ping(),
    ).toMatchObject({
      error: { code: 40 },
    });
  });

  it("never shows someone else's private song through any endpoint (code 70)", async () => {
    const sub = client({ username: me.handle, password });
    const id = songs.theirsPrivate;
    expect(await sub.getSong({ id })).toMatchObject({ status: "failed", error: { code: 70 } });
    expect(await sub.getAlbum({ id: `al-${id}` })).toMatchObject({ error: { code: 70 } });
    const writesBefore = writes;
    expect(await sub.star({ id })).toMatchObject({ error: { code: 70 } });
    expect(writes).toBe(writesBefore);
    expect(await sub.scrobble({ id })).toMatchObject({ error: { code: 70 } });
    expect(await sub.getArtist({ id: "ar-nobody" })).toMatchObject({ error: { code: 70 } });
    for (const response of [
      await sub.stream({ id: "al-not-a-uuid" }),
      await sub.getCoverArt({ id: "not-a-uuid" }),
      await sub.stream({ id }),
      await sub.download({ id }),
      await sub.getCoverArt({ id }),
    ]) {
      expect(response.headers.get("content-type")).toBe("application/json");
      expect(await response.json()).toMatchObject({ "subsonic-response": { error: { code: 70 } } });
    }
    const everything = [
      JSON.stringify(await sub.search3({ query: "", songCount: 500, albumCount: 500 })),
      JSON.stringify(await sub.getAlbumList2({ type: "newest", size: 500 })),
      JSON.stringify(await sub.getAlbumList2({ type: "alphabeticalByName", size: 500 })),
      JSON.stringify(await sub.getArtist({ id: `ar-${other.id}` })),
      JSON.stringify(await sub.getStarred2()),
      JSON.stringify(await sub.getRandomSongs({ size: 500 })),
      JSON.stringify(await sub.getSongsByGenre({ genre: "Pop", count: 500 })),
      JSON.stringify(await sub.getMusicDirectory({ id: `ar-${other.id}` })),
      JSON.stringify(await sub.getTopSongs({ artist: "Other Artist" })),
      JSON.stringify(await sub.getSimilarSongs2({ id: `ar-${me.id}`, count: 500 })),
    ].join("\n");
    expect(everything).toContain(songs.theirsPublic);
    expect(everything).not.toContain(id);
    expect(everything).not.toContain("Secret Diary");
    // Its owner does see it.
    const { password: theirs } = await other.caller.user.createAppPassword({ name: "desk" });
    const owner = client({ username: other.handle, password: theirs });
    expect((await owner.getSong({ id })).song.title).toBe("Secret Diary");
  });

  it("stops trying passwords once an account has too many failures", async () => {
    const target = await api.user();
    const { password: right } = await target.caller.user.createAppPassword({ name: "phone" });
    for (let i = 0; i < 4; i++) {
      await client({ username: target.handle, password: `guess-${i}` }).ping();
    }
    const limited = await client({ username: target.handle, password: right }).ping();
    expect(limited).toMatchObject({ status: "failed", error: { code: 0 } });
    expect((limited as { error: { message: string } }).error.message).toMatch(/too many/i);
  });

  it("lists random songs and songs by genre, never someone else's private song", async () => {
    const sub = client({ username: me.handle, password });
    const random = await sub.getRandomSongs({ size: 500 });
    expect(random.randomSongs.song!.map((s) => s.id).sort()).toEqual(
      [songs.mine, songs.theirsPublic].sort(),
    );
    expect((await sub.getRandomSongs({ size: 1 })).randomSongs.song).toHaveLength(1);
    const jazz = await sub.getRandomSongs({ genre: "Jazz", fromYear: 1990, toYear: 1991 });
    expect(jazz.randomSongs.song!.map((s) => s.title)).toEqual(["Moon Tide"]);
    expect((await sub.getRandomSongs({ genre: "Polka" })).randomSongs.song ?? []).toEqual([]);
    expect(await sub.getRandomSongs({ size: -1 })).toMatchObject({ error: { code: 0 } });

    const pop = await sub.getSongsByGenre({ genre: "Pop", count: 500 });
    expect(pop.songsByGenre.song!.map((s) => s.id)).toEqual([songs.theirsPublic]);
    expect(
      (await sub.getSongsByGenre({ genre: "Pop", offset: 1 })).songsByGenre.song ?? [],
    ).toEqual([]);
    expect(await sub.getSongsByGenre({ genre: "" })).toMatchObject({ error: { code: 10 } });
    const token = createHash("md5").update(`${password}s4lt`).digest("hex");
    const xml = await (
      await handle(
        new Request(
          `${TEST_ORIGIN}/rest/getSongsByGenre.view?u=${me.handle}&t=${token}&s=s4lt&genre=Jazz`,
        ),
      )
    ).text();
    expect(xml).toMatch(/<songsByGenre><song id="[^"]+" parent="al-[^"]+"[^>]* title="Moon Tide"/);
    expect(xml).not.toContain("Secret Diary");
  });

  it("browses folder-style: indexes of creators, a creator's directory, a song's directory", async () => {
    const sub = client({ username: me.handle, password });
    const { indexes } = await sub.getIndexes();
    const fromIndexes = indexes.index!.flatMap((i) => i.artist ?? []);
    const { artists } = await sub.getArtists();
    const fromArtists = artists.index!.flatMap((i) => i.artist ?? []);
    expect(fromIndexes.map((a) => [a.id, a.name])).toEqual(fromArtists.map((a) => [a.id, a.name]));
    const otherId = fromIndexes.find((a) => a.name === "Other Artist")!.id;
    expect(otherId).toBe(`ar-${other.id}`);

    const { directory } = await sub.getMusicDirectory({ id: otherId });
    expect(directory).toMatchObject({ id: otherId, name: "Other Artist" });
    expect(directory.child!.map((c) => [c.id, c.title, c.isDir, c.parent])).toEqual([
      [songs.theirsPublic, "Open Road", false, otherId],
    ]);
    // The child's album is getAlbum's id, and the song's parent is a directory too.
    expect((await sub.getAlbum({ id: directory.child![0]!.albumId! })).album.name).toBe(
      "Open Road",
    );
    const album = await sub.getMusicDirectory({ id: `al-${songs.mine}` });
    expect(album.directory).toMatchObject({ name: "Moon Tide", parent: `ar-${me.id}` });
    expect(album.directory.child!.map((c) => c.id)).toEqual([songs.mine]);

    expect(await sub.getMusicDirectory({ id: `al-${songs.theirsPrivate}` })).toMatchObject({
      error: { code: 70 },
    });
    expect(await sub.getMusicDirectory({ id: "ar-nobody" })).toMatchObject({ error: { code: 70 } });
    expect(await sub.getMusicDirectory({ id: songs.theirsPublic })).toMatchObject({
      error: { code: 70 },
    });
    const json = await handle(
      new Request(`${TEST_ORIGIN}/rest/getMusicDirectory?apiKey=${apiKey}&id=${otherId}&f=json`),
    );
    expect(await json.text()).not.toContain("Secret Diary");
  });

  it("lists a search's songs newest first, and everything (an empty query) by title", async () => {
    const sub = client({ username: me.handle, password });
    const token = `zq${Math.random().toString(36).slice(2, 8)}`;
    const make = async (title: string) => {
      const song = await me.caller.song.create({
        creationMode: "description",
        description: `${title} for the Subsonic tests`,
        title,
        // Jazz/Chill: similar to no one a later test asks about (Third Voice is Pop/Rock, Hype).
        mood: "Chill",
        genre: "Jazz",
        durationSec: 10,
        isPublic: true,
      });
      await new Promise((resolve) => setTimeout(resolve, 5)); // distinct creation times
      return song.id;
    };
    const alpha = await make(`Alpha ${token}`);
    const beta = await make(`Beta ${token}`);
    await api.services.songs.idle();
    const found = await sub.search3({ query: token });
    expect(found.searchResult3.song!.map((s) => s.id)).toEqual([beta, alpha]);
    expect(found.searchResult3.album!.map((a) => a.id)).toEqual([beta, alpha].map(albumIdOf));
    // Album and song pages of their own (one query answers both only when they are the same).
    const paged = await sub.search3({ query: token, albumCount: 1, songCount: 1, songOffset: 1 });
    expect(paged.searchResult3.album!.map((a) => a.id)).toEqual([albumIdOf(beta)]);
    expect(paged.searchResult3.song!.map((s) => s.id)).toEqual([alpha]);
    for (const query of ["", '""']) {
      const all = await sub.search3({ query, songCount: 500, artistCount: 0, albumCount: 0 });
      const ours = all.searchResult3
        .song!.map((s) => s.id)
        .filter((id) => id === alpha || id === beta);
      expect(ours).toEqual([alpha, beta]);
    }
  });

  it("answers artist info (empty), top songs by plays and similar songs by genre or mood", async () => {
    const sub = client({ username: me.handle, password });
    const third = await api.user({ name: "Third Voice" });
    const make = (title: string, genre: "Pop" | "Rock", mood: "Chill" | "Hype", isPublic = true) =>
      third.caller.song.create({
        creationMode: "description",
        description: `${title} for the Subsonic tests`,
        title,
        mood,
        genre,
        durationSec: 10,
        isPublic,
      });
    const quiet = (await make("Quiet Hit", "Rock", "Hype")).id;
    const loud = (await make("Loud Hit", "Pop", "Hype")).id;
    const hidden = (await make("Hidden Hit", "Pop", "Chill", false)).id;
    await api.services.songs.idle();
    await sub.scrobble({ id: loud });

    expect(await sub.getArtistInfo2({ id: `ar-${third.id}` })).toMatchObject({
      status: "ok",
      artistInfo2: {},
    });
    expect(await sub.getArtistInfo2({ id: "ar-nobody" })).toMatchObject({ error: { code: 70 } });

    const top = await sub.getTopSongs({ artist: "Third Voice" });
    expect(top.topSongs.song!.map((s) => s.id)).toEqual([loud, quiet]);
    expect((await sub.getTopSongs({ artist: "Third Voice", count: 1 })).topSongs.song).toHaveLength(
      1,
    );
    expect((await sub.getTopSongs({ artist: "Third" })).topSongs.song ?? []).toEqual([]);

    // Other Artist's song you may hear is Pop/Chill: Loud Hit (Pop) is similar, Quiet Hit
    // (Rock/Hype) is not, and private songs never are.
    const similar = await sub.getSimilarSongs2({ id: `ar-${other.id}` });
    const ids = similar.similarSongs2.song!.map((s) => s.id);
    expect(ids).toContain(loud);
    expect(ids).not.toContain(quiet);
    for (const id of [hidden, songs.theirsPrivate, songs.theirsPublic, songs.mine]) {
      expect(ids).not.toContain(id);
    }
    // Third Voice's songs are Pop or Rock, Hype: Open Road (Pop) is similar.
    const toThird = await sub.getSimilarSongs2({ id: `ar-${third.id}`, count: 500 });
    expect(toThird.similarSongs2.song!.map((s) => s.id)).toEqual([songs.theirsPublic]);
    expect(await sub.getSimilarSongs2({ id: "ar-nobody" })).toMatchObject({ error: { code: 70 } });
  }, 60_000);

  it("gives a song's lyrics timed from its score (songLyrics), and hides private ones", async () => {
    const sub = client({ username: me.handle, password });
    const extensions = await sub.getOpenSubsonicExtensions();
    expect(extensions.openSubsonicExtensions).toEqual(
      expect.arrayContaining([{ name: "songLyrics", versions: [1] }]),
    );
    const sung = await other.caller.song.create({
      creationMode: "lyrics",
      lyrics: "[Verse]\nrain on the window\nsoft and slow\n[Chorus]\nhold the light",
      title: "Window Rain",
      durationSec: 20,
      isPublic: true,
    });
    await api.services.songs.idle();
    const stored = await other.caller.song.byId({ id: sung.id });
    const tempo = stored.composition!.tempo;
    const scoreLines = stored.composition!.lyrics!.lines;
    expect(scoreLines.length).toBeGreaterThan(1);

    const token = createHash("md5").update(`${password}lyr1`).digest("hex");
    const query = `u=${me.handle}&t=${token}&s=lyr1&id=${sung.id}`;
    const json = (await (
      await handle(new Request(`${TEST_ORIGIN}/rest/getLyricsBySongId?${query}&f=json`))
    ).json()) as {
      "subsonic-response": {
        lyricsList: {
          structuredLyrics: {
            synced: boolean;
            lang: string;
            displayTitle: string;
            line: { start: number; value: string }[];
          }[];
        };
      };
    };
    const [lyrics] = json["subsonic-response"].lyricsList.structuredLyrics;
    expect(lyrics).toMatchObject({ synced: true, lang: "und", displayTitle: "Window Rain" });
    expect(lyrics!.line).toEqual(
      scoreLines.map((l) => ({ start: Math.round((l.startBeat * 60_000) / tempo), value: l.text })),
    );
    expect(lyrics!.line.map((l) => l.value)).toEqual(
      expect.arrayContaining(["rain on the window", "hold the light"]),
    );
    const starts = lyrics!.line.map((l) => l.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts.at(-1)).toBeGreaterThan(0);
    const xml = await (
      await handle(new Request(`${TEST_ORIGIN}/rest/getLyricsBySongId.view?${query}`))
    ).text();
    expect(xml).toMatch(
      /<lyricsList><structuredLyrics [^>]*synced="true"[^>]*><line start="\d+">rain on the window<\/line>/,
    );

    // Stored without a score: the stored lyrics, unsynced, without section tags.
    const unscored = await makeSong(api.db, me.id, {
      title: "No Score",
      status: "ready",
      lyrics: "[Verse]\nfirst line\n\nsecond line",
    });
    const plain = await sub.getLyricsBySongId({ id: unscored.id });
    expect(JSON.parse(JSON.stringify(plain))).toMatchObject({
      lyricsList: {
        structuredLyrics: [
          { synced: false, line: [{ value: "first line" }, { value: "second line" }] },
        ],
      },
    });
    expect(await sub.getLyricsBySongId({ id: songs.theirsPrivate })).toMatchObject({
      error: { code: 70 },
    });
    expect(await sub.getLyricsBySongId({ id: "not-a-uuid" })).toMatchObject({
      error: { code: 70 },
    });
  }, 60_000);
  it("streams the MP3 for format=mp3 or maxBitRate ≤ 320, the WAV for raw; download stays WAV", async () => {
    const sub = client({ username: me.handle, password });
    const kind = async (response: Response) => {
      const bytes = new Uint8Array(await response.arrayBuffer());
      const head = new TextDecoder().decode(bytes.subarray(0, 4));
      // An MP3 starts with an ID3 tag or a frame sync (11 set bits).
      const mp3 = head.startsWith("ID3") || (bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0);
      return { type: response.headers.get("content-type"), file: mp3 ? "mp3" : head };
    };
    const id = songs.theirsPublic;
    expect(await kind(await sub.stream({ id, format: "mp3" }))).toEqual({
      type: "audio/mpeg",
      file: "mp3",
    });
    expect(await kind(await sub.stream({ id, maxBitRate: 128 }))).toEqual({
      type: "audio/mpeg",
      file: "mp3",
    });
    expect(await kind(await sub.stream({ id, maxBitRate: 0 }))).toEqual({
      type: "audio/wav",
      file: "RIFF",
    });
    expect(await kind(await sub.stream({ id, maxBitRate: 1411 }))).toEqual({
      type: "audio/wav",
      file: "RIFF",
    });
    expect(await kind(await sub.stream({ id, format: "raw", maxBitRate: 128 }))).toEqual({
      type: "audio/wav",
      file: "RIFF",
    });
    expect(await kind(await sub.download({ id, format: "mp3" } as { id: string }))).toEqual({
      type: "audio/wav",
      file: "RIFF",
    });
    // The same MP3 as the web app's /api/songs/:id/stream, with ranges and its ETag.
    const whole = await api.services.songs.stream(api.db, { songId: id, viewerId: me.id });
    const mp3 = whole!.bytes ?? (await whole!.encoding!.done);
    const url = `${TEST_ORIGIN}/rest/stream.view?apiKey=${apiKey}&id=${id}&format=mp3`;
    const ranged = await handle(new Request(url, { headers: { range: "bytes=4-9" } }));
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-range")).toBe(`bytes 4-9/${mp3.byteLength}`);
    expect([...new Uint8Array(await ranged.arrayBuffer())]).toEqual([...mp3.subarray(4, 10)]);
    const etag = ranged.headers.get("etag")!;
    const again = await handle(new Request(url, { headers: { "if-none-match": etag } }));
    expect(again.status).toBe(304);
    const hidden = await sub.stream({ id: songs.theirsPrivate, format: "mp3" });
    expect(await hidden.json()).toMatchObject({ "subsonic-response": { error: { code: 70 } } });
  });

  it("lists albums by artist, by most likes and by year (either direction)", async () => {
    const sub = client({ username: me.handle, password });
    const byArtist = await sub.getAlbumList2({ type: "alphabeticalByArtist", size: 500 });
    const pairs = byArtist.albumList2.album!.map((a) => [a.artist!.toLowerCase(), a.name]);
    expect(pairs.map(([artist]) => artist)).toEqual(
      pairs.map(([artist]) => artist).sort((a, b) => a!.localeCompare(b!)),
    );
    expect(pairs.map(([, name]) => name)).not.toContain("Secret Diary");

    const fan = await api.user();
    await me.caller.song.like({ id: songs.theirsPublic });
    await fan.caller.song.like({ id: songs.theirsPublic });
    await foldLikeSlots(api.db);
    const highest = (await sub.getAlbumList2({ type: "highest", size: 500 })).albumList2.album!;
    expect(highest[0]!.id).toBe(`al-${songs.theirsPublic}`);
    expect(highest.map((a) => a.id)).not.toContain(`al-${songs.theirsPrivate}`);

    const years = { [songs.mine]: 2001, [songs.theirsPublic]: 2003, [songs.theirsPrivate]: 2002 };
    for (const [id, year] of Object.entries(years)) {
      await api.db
        .update(songsTable)
        .set({ createdAt: new Date(Date.UTC(year, 5, 1)) })
        .where(eq(songsTable.id, id));
    }
    const list = async (fromYear: number, toYear: number) =>
      (
        await sub.getAlbumList2({ type: "byYear", fromYear, toYear, size: 500 })
      ).albumList2.album?.map((a) => [a.name, a.year]) ?? [];
    expect(await list(2000, 2005)).toEqual([
      ["Moon Tide", 2001],
      ["Open Road", 2003],
    ]);
    expect(await list(2005, 2000)).toEqual([
      ["Open Road", 2003],
      ["Moon Tide", 2001],
    ]);
    expect(await list(2002, 2002)).toEqual([]);
    expect(await list(2001, 2001)).toEqual([["Moon Tide", 2001]]);
    expect(await sub.getAlbumList2({ type: "byYear", fromYear: 2000 })).toMatchObject({
      error: { code: 10 },
    });
    expect(
      await sub.getAlbumList2({
        type: "byYear",
        fromYear: 2000,
        toYear: "soon" as unknown as number,
      }),
    ).toMatchObject({ error: { code: 0 } });
  });

  it("builds, reads, edits and deletes playlists with the playlist router's rules", async () => {
    const sub = client({ username: me.handle, password });
    const theirs = client({
      username: other.handle,
      password: (await other.caller.user.createAppPassword({ name: "lists" })).password,
    });
    const created = await sub.createPlaylist({
      name: "Night Drive",
      songId: [songs.theirsPublic, `al-${songs.mine}`, songs.theirsPublic],
    });
    expect(created.status).toBe("ok");
    const id = created.playlist.id;
    expect(created.playlist).toMatchObject({
      name: "Night Drive",
      owner: me.handle,
      public: false,
      songCount: 2,
    });
    expect(created.playlist.entry!.map((s) => s.id)).toEqual([songs.theirsPublic, songs.mine]);
    // It is a HarmoniQ playlist: the web app sees it, and the player sees the web app's.
    expect((await me.caller.playlist.byId({ id })).songs.map((e) => e.song.id)).toEqual([
      songs.theirsPublic,
      songs.mine,
    ]);
    const fromWeb = await me.caller.playlist.create({ name: "Made on the web" });
    const listed = (await sub.getPlaylists()).playlists.playlist!;
    expect(listed.map((p) => [p.name, p.songCount])).toEqual([
      ["Made on the web", 0],
      ["Night Drive", 2],
    ]);
    expect(listed[1]!.duration).toBeGreaterThan(0);
    expect(listed[1]!.created).toBeInstanceOf(Date);

    // A song you may not hear: refused, and no playlist is made.
    expect(
      await sub.createPlaylist({ name: "Snooping", songId: [songs.mine, songs.theirsPrivate] }),
    ).toMatchObject({ status: "failed", error: { code: 70 } });
    expect(await sub.createPlaylist({})).toMatchObject({ error: { code: 10 } });
    expect(await sub.createPlaylist({ name: "x".repeat(500) })).toMatchObject({
      error: { code: 0 },
    });
    expect((await sub.getPlaylists()).playlists.playlist).toHaveLength(2);

    // A song still rendering is in the playlist but not in the player's list, nor in its indexes.
    const rendering = await makeSong(api.db, me.id, { title: "Still Rendering" });
    await me.caller.playlist.addSong({ playlistId: id, songId: rendering.id });
    await me.caller.playlist.moveSong({ playlistId: id, songId: rendering.id, toIndex: 0 });
    expect((await sub.getPlaylist({ id })).playlist.entry!.map((s) => s.id)).toEqual([
      songs.theirsPublic,
      songs.mine,
    ]);
    await sub.updatePlaylist({
      playlistId: id,
      name: "Night Drive II",
      comment: "for the motorway",
      public: true,
      songIndexToRemove: [0],
      songIdToAdd: [songs.theirsPublic],
    });
    const updated = (await sub.getPlaylist({ id })).playlist;
    expect(updated).toMatchObject({
      name: "Night Drive II",
      comment: "for the motorway",
      public: true,
    });
    expect(updated.entry!.map((s) => s.id)).toEqual([songs.mine, songs.theirsPublic]);
    expect((await me.caller.playlist.byId({ id })).songs.map((e) => e.song.id)).toEqual([
      rendering.id,
      songs.mine,
      songs.theirsPublic,
    ]);

    // A bad index or a hidden song: refused, and nothing of the request is kept.
    for (const bad of [
      { name: "Renamed", songIndexToRemove: [9] },
      { name: "Renamed", songIdToAdd: [songs.theirsPrivate] },
      { name: "Renamed", songIdToAdd: [songs.mine] },
    ]) {
      expect((await sub.updatePlaylist({ playlistId: id, ...bad })).status).toBe("failed");
    }
    expect(
      await sub.updatePlaylist({ playlistId: id, songIdToAdd: [songs.theirsPrivate] }),
    ).toMatchObject({ error: { code: 70 } });
    const unchanged = (await sub.getPlaylist({ id })).playlist;
    expect(unchanged.name).toBe("Night Drive II");
    expect(unchanged.entry!.map((s) => s.id)).toEqual([songs.mine, songs.theirsPublic]);

    // Replacing the songs (createPlaylist with playlistId).
    const replaced = await sub.createPlaylist({ playlistId: id, songId: [songs.theirsPublic] });
    expect(replaced.playlist.entry!.map((s) => s.id)).toEqual([songs.theirsPublic]);
    await sub.updatePlaylist({ playlistId: id, songIdToAdd: [songs.mine] });

    // Someone else: sees the public playlist without my private song, and cannot change it.
    const seen = (await theirs.getPlaylist({ id })).playlist;
    expect(seen.entry!.map((s) => s.id)).toEqual([songs.theirsPublic]);
    expect(seen.songCount).toBe(1);
    expect(await theirs.updatePlaylist({ playlistId: id, name: "Mine now" })).toMatchObject({
      error: { code: 50 },
    });
    expect(await theirs.createPlaylist({ playlistId: id, songId: [] })).toMatchObject({
      error: { code: 50 },
    });
    expect(await theirs.deletePlaylist({ id })).toMatchObject({ error: { code: 50 } });
    expect(await theirs.getPlaylists({ username: me.handle })).toMatchObject({
      error: { code: 50 },
    });
    // Private again: it does not exist for them.
    await sub.updatePlaylist({ playlistId: id, public: false });
    for (const answer of [
      await theirs.getPlaylist({ id }),
      await theirs.updatePlaylist({ playlistId: id, name: "Mine now" }),
      await theirs.deletePlaylist({ id }),
    ]) {
      expect(answer).toMatchObject({ status: "failed", error: { code: 70 } });
    }
    const private_ = await other.caller.playlist.create({ name: "Diary tunes" });
    expect(await sub.getPlaylist({ id: private_.id })).toMatchObject({ error: { code: 70 } });
    expect(await sub.getPlaylist({ id: "not-a-uuid" })).toMatchObject({ error: { code: 70 } });
    expect(
      await sub.updatePlaylist({ playlistId: id, public: "maybe" as unknown as boolean }),
    ).toMatchObject({ error: { code: 0 } });

    expect((await sub.deletePlaylist({ id })).status).toBe("ok");
    expect(await sub.getPlaylist({ id })).toMatchObject({ error: { code: 70 } });
    await sub.deletePlaylist({ id: fromWeb.id });
    expect((await sub.getPlaylists()).playlists.playlist ?? []).toEqual([]);
  }, 60_000);
});
