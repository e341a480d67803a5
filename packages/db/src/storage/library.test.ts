import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, makeSong, makeUser, type TestDatabase } from "../testing";
import {
  getLibraryArtist,
  getLibrarySong,
  listLibraryArtists,
  listLibraryGenres,
  listLibrarySongs,
} from "./library";
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
});
