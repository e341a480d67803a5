import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { songs, type JsonObject } from "../schema";
import { createTestDb, makeSong, makeUser, type TestDatabase } from "../testing";
import { deleteSong, getSongVersions, SONG_VERSIONS_LIMIT, updateSong } from "./songs";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

// Scores as the music package stores them, reduced to what says how a version was made.
const SCORES = {
  remix: { engineVersion: "harmoniq-engine-2.0" },
  cover: { engineVersion: "harmoniq-engine-2.0", origin: null, cover: { keep: "melody" } },
  extend: { engineVersion: "harmoniq-engine-2.0", origin: { pass: "extend", section: 4 } },
  "replace-section": {
    engineVersion: "harmoniq-engine-2.0",
    origin: { pass: "replace-section", section: 1 },
  },
  // An extension of a cover: the latest pass says how it was made.
  extendedCover: {
    engineVersion: "harmoniq-engine-2.0",
    cover: { keep: "melody" },
    origin: { pass: "extend", section: 3 },
  },
} satisfies Record<string, JsonObject>;

const versionOf = (
  parentId: string,
  score: keyof typeof SCORES,
  extra: { isPublic?: boolean; title?: string } = {},
) => ({ parentId, composition: SCORES[score], ...extra });

const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

describe("getSongVersions", () => {
  it("lists the parent with how this song was made from it, and every kind of child, newest first", async () => {
    const owner = await makeUser(t);
    const grand = await makeSong(t.db, owner.id, { title: "Grandparent" });
    const song = await makeSong(t.db, owner.id, versionOf(grand.id, "extend", { title: "Mine" }));
    const remix = await makeSong(t.db, owner.id, versionOf(song.id, "remix"));
    const cover = await makeSong(t.db, owner.id, versionOf(song.id, "cover"));
    const extended = await makeSong(t.db, owner.id, versionOf(song.id, "extend"));
    const replaced = await makeSong(t.db, owner.id, versionOf(song.id, "replace-section"));
    const both = await makeSong(t.db, owner.id, versionOf(song.id, "extendedCover"));
    // A song with no score (seeded before composing) made from a parent is a remix.
    const bare = await makeSong(t.db, owner.id, { parentId: song.id });

    const versions = (await getSongVersions(t.db, { id: song.id, viewerId: owner.id }))!;
    expect(versions.parent).toMatchObject({
      id: grand.id,
      title: "Grandparent",
      kind: "extend",
      isPublic: true,
      author: { id: owner.id, name: owner.name, handle: owner.handle },
    });
    expect(versions.parent!.createdAt).toBeInstanceOf(Date);
    const byId = new Map(versions.children.map((c) => [c.id, c.kind]));
    expect(
      Object.fromEntries(
        [remix, cover, extended, replaced, both, bare].map((s) => [s.id, byId.get(s.id)]),
      ),
    ).toEqual({
      [remix.id]: "remix",
      [cover.id]: "cover",
      [extended.id]: "extend",
      [replaced.id]: "replace-section",
      [both.id]: "extend",
      [bare.id]: "remix",
    });
    expect(versions.childCount).toBe(6);
    const times = versions.children.map((c) => c.createdAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(versions.children[0]!.author).toEqual({
      id: owner.id,
      name: owner.name,
      handle: owner.handle,
    });

    // The grandparent lists the song; the song's children are not the grandparent's.
    const top = (await getSongVersions(t.db, { id: grand.id, viewerId: null }))!;
    expect(top.parent).toBeNull();
    expect(ids(top.children)).toEqual([song.id]);
    expect(top.children[0]!.kind).toBe("extend");
  });

  it("never shows or counts someone else's private version; shows the viewer's own private ones", async () => {
    const owner = await makeUser(t);
    const stranger = await makeUser(t);
    const song = await makeSong(t.db, owner.id);
    const ownerPrivate = await makeSong(
      t.db,
      owner.id,
      versionOf(song.id, "extend", { isPublic: false }),
    );
    const strangerPublic = await makeSong(t.db, stranger.id, versionOf(song.id, "cover"));
    const strangerPrivate = await makeSong(
      t.db,
      stranger.id,
      versionOf(song.id, "remix", { isPublic: false }),
    );

    const forOwner = (await getSongVersions(t.db, { id: song.id, viewerId: owner.id }))!;
    expect(new Set(ids(forOwner.children))).toEqual(new Set([ownerPrivate.id, strangerPublic.id]));
    expect(forOwner.childCount).toBe(2);
    expect(forOwner.children.find((c) => c.id === ownerPrivate.id)!.isPublic).toBe(false);
    expect(forOwner.children.find((c) => c.id === strangerPublic.id)).toMatchObject({
      kind: "cover",
      isPublic: true,
      author: { id: stranger.id, handle: stranger.handle },
    });

    const forStranger = (await getSongVersions(t.db, { id: song.id, viewerId: stranger.id }))!;
    expect(new Set(ids(forStranger.children))).toEqual(
      new Set([strangerPublic.id, strangerPrivate.id]),
    );
    expect(forStranger.childCount).toBe(2);

    const forAnyone = (await getSongVersions(t.db, { id: song.id, viewerId: null }))!;
    expect(ids(forAnyone.children)).toEqual([strangerPublic.id]);
    expect(forAnyone.childCount).toBe(1);
    expect(JSON.stringify(forAnyone)).not.toContain(ownerPrivate.id);
    expect(JSON.stringify(forAnyone)).not.toContain(strangerPrivate.id);
  });

  it("hides a parent that is someone else's private song, or that was deleted", async () => {
    const owner = await makeUser(t);
    const fan = await makeUser(t);
    const original = await makeSong(t.db, owner.id);
    const cover = await makeSong(t.db, fan.id, versionOf(original.id, "cover"));
    expect((await getSongVersions(t.db, { id: cover.id, viewerId: fan.id }))!.parent?.id).toBe(
      original.id,
    );

    // The original's owner makes it private: the fan's cover no longer reveals it.
    await updateSong(t.db, { id: original.id, userId: owner.id }, { isPublic: false });
    expect((await getSongVersions(t.db, { id: cover.id, viewerId: fan.id }))!.parent).toBeNull();
    expect((await getSongVersions(t.db, { id: cover.id, viewerId: null }))!.parent).toBeNull();
    // Its owner still sees it, marked private.
    expect(
      (await getSongVersions(t.db, { id: cover.id, viewerId: owner.id }))!.parent,
    ).toMatchObject({ id: original.id, isPublic: false, kind: "cover" });

    await deleteSong(t.db, { id: original.id, userId: owner.id });
    expect((await getSongVersions(t.db, { id: cover.id, viewerId: owner.id }))!.parent).toBeNull();
    const [row] = await t.db
      .select({ parentId: songs.parentId })
      .from(songs)
      .where(eq(songs.id, cover.id));
    expect(row!.parentId).toBeNull();
  });

  it("is null for a song the viewer cannot see, an unknown id or a malformed one", async () => {
    const owner = await makeUser(t);
    const stranger = await makeUser(t);
    const hidden = await makeSong(t.db, owner.id, { isPublic: false });
    expect(await getSongVersions(t.db, { id: hidden.id, viewerId: stranger.id })).toBeNull();
    expect(await getSongVersions(t.db, { id: hidden.id, viewerId: null })).toBeNull();
    expect(await getSongVersions(t.db, { id: hidden.id, viewerId: owner.id })).toEqual({
      parent: null,
      children: [],
      childCount: 0,
    });
    expect(await getSongVersions(t.db, { id: crypto.randomUUID(), viewerId: owner.id })).toBeNull();
    expect(await getSongVersions(t.db, { id: "not-a-uuid", viewerId: owner.id })).toBeNull();
  });

  it(`lists at most ${SONG_VERSIONS_LIMIT} children and counts them all`, async () => {
    const owner = await makeUser(t);
    const song = await makeSong(t.db, owner.id);
    const n = SONG_VERSIONS_LIMIT + 2;
    await t.db.insert(songs).values(
      Array.from({ length: n }, (_, i) => ({
        ownerId: owner.id,
        title: `Remix ${i}`,
        mood: "Happy" as const,
        genre: "Pop" as const,
        creationMode: "description" as const,
        isPublic: true,
        durationSec: 30,
        seed: i,
        parentId: song.id,
      })),
    );
    const versions = (await getSongVersions(t.db, { id: song.id, viewerId: null }))!;
    expect(versions.children).toHaveLength(SONG_VERSIONS_LIMIT);
    expect(versions.childCount).toBe(n);
  });
});
