import { existsSync, mkdtempSync, readdirSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getSong, songs, eq } from "@harmoniq/db";
import { createTestDb, makeSong, makeUser, type TestDatabase } from "@harmoniq/db/testing";
import {
  audioKey,
  createDiskAudioStore,
  getRenderPool,
  MAX_IMAGE_BYTES,
  type Composition,
} from "@harmoniq/music";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSongEngine } from "./engine";

let t: TestDatabase;
const dir = mkdtempSync(path.join(tmpdir(), "hq-engine-"));
const store = createDiskAudioStore(dir);
const quiet = { warn: () => {} };

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("song engine", () => {
  it("renders to ready, and renders a missing file again with the same bytes", async () => {
    const engine = createSongEngine({ pool: getRenderPool(), store, logger: quiet });
    const owner = await makeUser(t);
    const song = await engine.create(t.db, owner.id, {
      creationMode: "description",
      description: "neon rain",
      durationSec: 10,
    });
    await engine.idle();
    expect((await getSong(t.db, song.id, owner.id))!.status).toBe("ready");
    const first = await engine.audio(t.db, song.id, owner.id);
    const file = store.pathFor(audioKey(song.composition as unknown as Composition));
    expect(existsSync(file)).toBe(true);
    unlinkSync(file);
    const again = await engine.audio(t.db, song.id, owner.id);
    expect(Buffer.compare(Buffer.from(again!.bytes), Buffer.from(first!.bytes))).toBe(0);
    expect(existsSync(file)).toBe(true);
    expect(await engine.audio(t.db, song.id, null)).toBeNull();
  });

  it("marks a song failed with a readable reason when rendering fails, and leaves no file", async () => {
    const failing = createSongEngine({
      pool: { render: async () => Promise.reject(new Error("worker crashed")) },
      store,
      logger: quiet,
    });
    const owner = await makeUser(t);
    const before = readdirSync(dir).length;
    const song = await failing.create(t.db, owner.id, {
      creationMode: "description",
      description: "doomed",
      durationSec: 10,
    });
    await failing.idle();
    const stored = (await getSong(t.db, song.id, owner.id))!;
    expect(stored.status).toBe("failed");
    expect(stored.statusMessage).toMatch(/could not render/i);
    expect(readdirSync(dir).length).toBe(before);
  });

  it("picks up songs left queued (e.g. seeded without a score) and renders them", async () => {
    const engine = createSongEngine({ pool: getRenderPool(), store, logger: quiet });
    const owner = await makeUser(t);
    const seeded = await makeSong(t.db, owner.id, {
      status: "queued",
      durationSec: 10,
      description: "a seeded song",
    });
    expect(seeded.composition).toBeNull();
    expect(await engine.resumePending(t.db)).toBeGreaterThanOrEqual(1);
    await engine.idle();
    const [row] = await t.db
      .select({ status: songs.status, composition: songs.composition })
      .from(songs)
      .where(eq(songs.id, seeded.id));
    expect(row!.status).toBe("ready");
    expect(row!.composition).not.toBeNull();
  });

  it("refuses a non-image or an over-size picture and stores nothing", async () => {
    const engine = createSongEngine({ pool: getRenderPool(), store, logger: quiet });
    const owner = await makeUser(t);
    await expect(
      engine.create(t.db, owner.id, {
        creationMode: "image",
        image: new TextEncoder().encode("just text"),
      }),
    ).rejects.toMatchObject({ name: "MusicInputError" });
    await expect(
      engine.create(t.db, owner.id, {
        creationMode: "image",
        image: new Uint8Array(MAX_IMAGE_BYTES + 1),
      }),
    ).rejects.toMatchObject({ name: "MusicInputError" });
    expect(
      await t.db.select({ id: songs.id }).from(songs).where(eq(songs.ownerId, owner.id)),
    ).toEqual([]);
  });
});
