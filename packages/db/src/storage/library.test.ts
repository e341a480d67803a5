import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, makeSong, makeUser, type TestDatabase } from "../testing";
import { songs } from "../schema";
import {
  LIBRARY_SEARCH_WINDOW,
  getLibraryArtist,
  getLibrarySong,
  listLibraryArtists,
  listLibraryGenres,
  listLibrarySongs,
  listLibraryPlaylistTotals,
  listSimilarLibrarySongs,
  type LibraryOrder,
} from "./library";
import { addSongToPlaylist, createPlaylist } from "./playlists";
import { likeSong } from "./likes";
import { recordPlay } from "./plays";
import { setSongStatus } from "./songs";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

const ready = async (song: { id: string }) => {
  await setSongStatus(t.db, song.id, "ready");
  return song;
};

describe("library", () => {
  it("shows own private and everyone's public ready songs, never someone else's private one", async () => {
    const me = await makeUser(t, { name: "Zed Listener" });
    const other = await makeUser(t, { name: "Ada Maker" });
    const mine = await ready(await makeSong(t.db, me.id, { title: "My Secret", isPublic: false }));
    const pub = await ready(await makeSong(t.db, other.id, { title: "Open Road", genre: "Rock" }));
    const hidden = await ready(
      await makeSong(t.db, other.id, { title: "Hidden", isPublic: false }),
    );
    await makeSong(t.db, other.id, { title: "Not rendered yet" });

    const ids = (await listLibrarySongs(t.db, { viewerId: me.id, limit: 500 })).map((s) => s.id);
    expect(ids).toContain(mine.id);
    expect(ids).toContain(pub.id);
    expect(ids).not.toContain(hidden.id);
    expect(await getLibrarySong(t.db, { id: hidden.id, viewerId: me.id })).toBeNull();
    expect(await getLibrarySong(t.db, { id: "not-a-uuid", viewerId: me.id })).toBeNull();
    expect((await getLibrarySong(t.db, { id: pub.id, viewerId: me.id }))?.artistName).toBe(
      "Ada Maker",
    );
    // Ada's artist entry counts only what I may hear.
    expect(await getLibraryArtist(t.db, { id: other.id, viewerId: me.id })).toMatchObject({
      songCount: 1,
    });
    expect(await getLibraryArtist(t.db, { id: other.id, viewerId: other.id })).toMatchObject({
      songCount: 2,
    });
    const search = await listLibrarySongs(t.db, { viewerId: me.id, query: "hidd" });
    expect(search).toEqual([]);
    expect(
      (await listLibrarySongs(t.db, { viewerId: me.id, query: "ada" })).map((s) => s.id),
    ).toEqual([pub.id]);
    expect((await listLibraryArtists(t.db, { viewerId: me.id, query: "50%_" })).length).toBe(0);
    const genres = await listLibraryGenres(t.db, me.id);
    expect(genres.find((g) => g.genre === "Rock")?.songCount).toBeGreaterThanOrEqual(1);
  });

  it("orders by starred, recent and frequent for the viewer", async () => {
    const me = await makeUser(t);
    const other = await makeUser(t);
    const a = await ready(await makeSong(t.db, other.id, { title: "Alpha" }));
    const b = await ready(await makeSong(t.db, other.id, { title: "Beta" }));
    await likeSong(t.db, { songId: b.id, userId: me.id });
    await recordPlay(t.db, { songId: a.id, listenerId: me.id, listenerKey: me.id });
    const starred = await listLibrarySongs(t.db, { viewerId: me.id, order: "starred" });
    expect(starred.map((s) => s.id)).toEqual([b.id]);
    expect(starred[0]!.starredAt).toBeInstanceOf(Date);
    const recent = await listLibrarySongs(t.db, { viewerId: me.id, order: "recent" });
    expect(recent.map((s) => s.id)).toEqual([a.id]);
    const byArtist = await listLibrarySongs(t.db, {
      viewerId: me.id,
      artistId: other.id,
      order: "alphabetical",
    });
    expect(byArtist.map((s) => s.title)).toEqual(["Alpha", "Beta"]);
    const frequent = await listLibrarySongs(t.db, {
      viewerId: me.id,
      artistId: other.id,
      order: "frequent",
    });
    expect(frequent[0]!.id).toBe(a.id);
  });

  it("finds similar songs: others' public songs sharing a genre or mood, both first", async () => {
    const me = await makeUser(t);
    const artist = await makeUser(t);
    const other = await makeUser(t);
    const song = (
      ownerId: string,
      genre: "Jazz" | "Metal" | "Country",
      mood: "Dreamy" | "Hype",
      isPublic = true,
    ) => makeSong(t.db, ownerId, { genre, mood, isPublic }).then(ready);
    const own = await song(artist.id, "Jazz", "Dreamy");
    const ownPrivate = await song(artist.id, "Country", "Hype", false);
    const both = await song(other.id, "Jazz", "Dreamy");
    const genreOnly = await song(other.id, "Jazz", "Hype");
    const moodOnly = await song(other.id, "Metal", "Dreamy");
    const neither = await song(other.id, "Country", "Hype");
    const privateBoth = await song(other.id, "Jazz", "Dreamy", false);

    const ids = (
      await listSimilarLibrarySongs(t.db, { viewerId: me.id, artistId: artist.id, limit: 500 })
    ).map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining([both.id, genreOnly.id, moodOnly.id]));
    for (const id of [own.id, ownPrivate.id, neither.id, privateBoth.id]) {
      expect(ids).not.toContain(id);
    }
    expect(ids.indexOf(both.id)).toBeLessThan(ids.indexOf(genreOnly.id));
    expect(ids.indexOf(both.id)).toBeLessThan(ids.indexOf(moodOnly.id));
    // The artist's private Country/Hype song counts for its owner, not for me.
    const forOwner = (
      await listSimilarLibrarySongs(t.db, { viewerId: artist.id, artistId: artist.id, limit: 500 })
    ).map((s) => s.id);
    expect(forOwner).toContain(neither.id);
    expect(await listSimilarLibrarySongs(t.db, { viewerId: me.id, artistId: me.id })).toEqual([]);
    expect(
      await listSimilarLibrarySongs(t.db, { viewerId: me.id, artistId: artist.id, limit: 0 }),
    ).toEqual([]);
  });
  it("reads given songs only, songs of some years, and a playlist's totals for the viewer", async () => {
    const me = await makeUser(t);
    const other = await makeUser(t);
    const open = await ready(await makeSong(t.db, other.id, { durationSec: 30 }));
    const hidden = await ready(await makeSong(t.db, other.id, { isPublic: false }));
    const rendering = await makeSong(t.db, other.id);
    const ids = [open.id, hidden.id, rendering.id, "not-a-uuid"];
    expect((await listLibrarySongs(t.db, { viewerId: me.id, ids })).map((s) => s.id)).toEqual([
      open.id,
    ]);
    expect(await listLibrarySongs(t.db, { viewerId: me.id, ids: [] })).toEqual([]);

    const year = new Date().getUTCFullYear();
    const inYears = (from: number, to: number) =>
      listLibrarySongs(t.db, { viewerId: me.id, ids, years: { from, to } });
    expect((await inYears(year, year)).map((s) => s.id)).toEqual([open.id]);
    expect((await inYears(year + 1, year - 1)).map((s) => s.id)).toEqual([open.id]);
    expect(await inYears(year - 2, year - 1)).toEqual([]);
    await expect(inYears(0, year)).rejects.toThrow(/years/i);

    const playlist = await createPlaylist(t.db, other.id, { name: "Mixed", isPublic: true });
    for (const song of [open, hidden, rendering]) {
      await addSongToPlaylist(t.db, { playlistId: playlist.id, songId: song.id, userId: other.id });
    }
    const empty = await createPlaylist(t.db, other.id, { name: "Empty" });
    const totals = await listLibraryPlaylistTotals(t.db, {
      viewerId: me.id,
      playlistIds: [playlist.id, empty.id, "not-a-uuid"],
    });
    // Only the public, ready song counts for me; nothing for the empty playlist.
    expect([...totals]).toEqual([[playlist.id, { songCount: 1, durationSec: 30 }]]);
    const forOwner = await listLibraryPlaylistTotals(t.db, {
      viewerId: other.id,
      playlistIds: [playlist.id],
    });
    expect(forOwner.get(playlist.id)?.songCount).toBe(2);
  });
  it("pages newest and most liked from the public indexes plus the viewer's own private songs", async () => {
    const me = await makeUser(t);
    const other = await makeUser(t);
    const made = [];
    for (let i = 0; i < 6; i++) {
      const owner = i % 2 === 0 ? me.id : other.id;
      made.push(
        await ready(await makeSong(t.db, owner, { isPublic: i % 3 !== 0, genre: "Classical" })),
      );
    }
    const hers = made.filter((_, i) => i % 2 === 1 && i % 3 === 0).map((s) => s.id);
    const minePrivate = made.filter((_, i) => i % 2 === 0 && i % 3 === 0).map((s) => s.id);
    for (const order of ["newest", "mostLiked"] as const) {
      const all = await listLibrarySongs(t.db, {
        viewerId: me.id,
        order,
        genre: "Classical",
        limit: 500,
      });
      const ids = all.map((s) => s.id);
      expect(ids).toEqual(expect.arrayContaining(minePrivate));
      for (const id of hers) expect(ids).not.toContain(id);
      // The same order as the general query (deeper than the indexed pages go), page by page.
      const general = await listLibrarySongs(t.db, {
        viewerId: me.id,
        order,
        genre: "Classical",
        limit: 500,
        offset: 0,
        years: { from: 1, to: 9998 },
      });
      expect(ids).toEqual(general.map((s) => s.id));
      const page = await listLibrarySongs(t.db, {
        viewerId: me.id,
        order,
        genre: "Classical",
        limit: 2,
        offset: 2,
      });
      expect(page.map((s) => s.id)).toEqual(ids.slice(2, 4));
    }
  });
});

describe("library from its indexes", () => {
  it("pages alphabetically and searches titles and creators' names as the general query does", async () => {
    const token = `qz${Math.random().toString(36).slice(2, 8)}`;
    const me = await makeUser(t, { name: "Plain Listener" });
    const singer = await makeUser(t, { name: `${token} Singer` });
    const writer = await makeUser(t, { name: "Quiet Writer" });
    const song = async (ownerId: string, title: string, isPublic = true) =>
      ready(await makeSong(t.db, ownerId, { title, isPublic, genre: "Country" }));
    const byName = await song(singer.id, "B song"); // found by its creator's name
    const both = await song(singer.id, `a ${token} tune`);
    const byTitle = await song(writer.id, `C ${token}`);
    await song(writer.id, "D nothing");
    const myOwn = await song(me.id, `E ${token.toUpperCase()}`, false);
    await song(me.id, "F plain", false);
    await song(singer.id, `A ${token} secret`, false); // someone else's private song
    await makeSong(t.db, singer.id, { title: `G ${token}`, genre: "Country" }); // not ready

    const general = (q: { query?: string; order?: "newest" | "mostLiked" }) =>
      listLibrarySongs(t.db, {
        viewerId: me.id,
        order: "alphabetical",
        genre: "Country",
        limit: 500,
        years: { from: 1, to: 9998 }, // not read from the indexes
        ...q,
      });
    const found = await listLibrarySongs(t.db, {
      viewerId: me.id,
      order: "alphabetical",
      query: token,
    });
    expect(found.map((s) => s.id)).toEqual([both.id, byName.id, byTitle.id, myOwn.id]);
    expect(found.map((s) => s.id)).toEqual((await general({ query: token })).map((s) => s.id));
    for (const order of ["newest", "mostLiked"] as const) {
      const ids = (await listLibrarySongs(t.db, { viewerId: me.id, order, query: token })).map(
        (s) => s.id,
      );
      expect(ids).toHaveLength(4);
      expect(ids).toEqual((await general({ query: token, order })).map((s) => s.id));
    }
    for (let offset = 0; offset < 4; offset++) {
      const page = await listLibrarySongs(t.db, {
        viewerId: me.id,
        order: "alphabetical",
        query: token,
        limit: 1,
        offset,
      });
      expect(page.map((s) => s.id)).toEqual([found[offset]!.id]);
    }

    const all = (
      await listLibrarySongs(t.db, {
        viewerId: me.id,
        order: "alphabetical",
        genre: "Country",
        limit: 500,
      })
    ).map((s) => s.id);
    expect(all).toEqual((await general({})).map((s) => s.id));
    const pages = [];
    for (let offset = 0; offset < all.length; offset += 2) {
      const page = await listLibrarySongs(t.db, {
        viewerId: me.id,
        order: "alphabetical",
        genre: "Country",
        limit: 2,
        offset,
      });
      pages.push(...page.map((s) => s.id));
    }
    expect(pages).toEqual(all);

    // Creators whose name matches, counting the songs I may hear; none without such songs.
    expect(await listLibraryArtists(t.db, { viewerId: me.id, query: token })).toEqual([
      { id: singer.id, name: `${token} Singer`, songCount: 2 },
    ]);
    expect(await listLibraryArtists(t.db, { viewerId: singer.id, query: token })).toEqual([
      { id: singer.id, name: `${token} Singer`, songCount: 3 },
    ]);
    const loner = await makeUser(t, { name: `${token} Loner` });
    await song(loner.id, "Only mine", false);
    expect(
      (await listLibraryArtists(t.db, { viewerId: me.id, query: token })).map((a) => a.id),
    ).toEqual([singer.id]);
  });
});

describe("library search beyond its window", () => {
  it("reads a common word's page from the newest songs and finds the rest past them", async () => {
    const token = `wz${Math.random().toString(36).slice(2, 8)}`;
    const me = await makeUser(t, { name: "Window Listener" });
    const writer = await makeUser(t, { name: "Window Writer" });
    // Found by name only: none of this creator's titles holds the word.
    const singer = await makeUser(t, { name: `The ${token.toUpperCase()} Singer` });
    const oldest = await ready(await makeSong(t.db, writer.id, { title: `Old ${token}` }));
    const oldestByName = await ready(await makeSong(t.db, singer.id, { title: "Old filler" }));
    // Newer than every other song here: more than a window of public songs, every 40th matching
    // by title and every 40th (20 later) by its creator's name, so the newest
    // LIBRARY_SEARCH_WINDOW hold 50 matches and five are older than those.
    const start = Date.now() + 60_000;
    await t.db.insert(songs).values(
      Array.from({ length: LIBRARY_SEARCH_WINDOW + 50 }, (_, i) => ({
        ownerId: i % 40 === 20 ? singer.id : writer.id,
        title: i % 40 === 0 ? `New ${token} ${i}` : `Filler ${i}`,
        mood: "Happy" as const,
        genre: "Pop" as const,
        creationMode: "description" as const,
        isPublic: true,
        durationSec: 60,
        seed: i,
        status: "ready" as const,
        createdAt: new Date(start + i * 1000),
      })),
    );
    const search = (page: { limit: number; offset?: number }, order: LibraryOrder = "newest") =>
      listLibrarySongs(t.db, { viewerId: me.id, order, query: token, ...page });
    const general = (order: LibraryOrder = "newest") =>
      listLibrarySongs(t.db, {
        viewerId: me.id,
        order,
        query: token,
        limit: 500,
        years: { from: 1, to: 9998 }, // not read from the indexes
      });
    const newest = await general();
    expect(newest).toHaveLength(55);
    expect(newest.slice(-2).map((s) => s.id)).toEqual([oldestByName.id, oldest.id]);
    const ids = newest.map((s) => s.id);
    // A page the window fills, one it cannot, and everything.
    expect((await search({ limit: 20 })).map((s) => s.id)).toEqual(ids.slice(0, 20));
    expect((await search({ limit: 20, offset: 40 })).map((s) => s.id)).toEqual(ids.slice(40, 60));
    expect((await search({ limit: 500 })).map((s) => s.id)).toEqual(ids);
    for (const order of ["mostLiked", "alphabetical"] as const) {
      const all = (await general(order)).map((s) => s.id);
      expect((await search({ limit: 20 }, order)).map((s) => s.id)).toEqual(all.slice(0, 20));
      expect((await search({ limit: 500 }, order)).map((s) => s.id)).toEqual(all);
    }
  });
});
