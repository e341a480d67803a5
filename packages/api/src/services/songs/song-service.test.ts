import { existsSync, mkdtempSync, readdirSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getSong, songs, eq } from "@harmoniq/db";
import { createTestDb, makeSong, makeUser, type TestDatabase } from "@harmoniq/db/testing";
import { audioKey, createDiskAudioStore, getRenderPool } from "@harmoniq/music/render";
import { MAX_IMAGE_BYTES } from "@harmoniq/music/image";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  startBackgroundJobs,
  type HarmoniqJobs,
  type RenderJobSettings,
} from "../../jobs/background-jobs";
import { createInProcessQueue } from "../../jobs/in-process-queue";
import type { JobQueue } from "../../jobs/queue";
import { readComposition } from "../composition-codec";
import { createSongService, type SongServiceOptions } from "./song-service";

let t: TestDatabase;
const dir = mkdtempSync(path.join(tmpdir(), "hq-song-service-"));
const store = createDiskAudioStore(dir);
const streams = createDiskAudioStore(dir, { extension: "mp3" });
const quiet = { warn: () => {} };
const queues: JobQueue<HarmoniqJobs>[] = [];

/** A song service whose render jobs run on an in-process queue, retrying without delay. */
async function serviceWith(
  renderer: Pick<SongServiceOptions["pool"], "render">,
  render: Partial<RenderJobSettings> = {},
) {
  const queue = createInProcessQueue<HarmoniqJobs>({ logger: quiet });
  queues.push(queue);
  // These tests are about the song's render; stems and streams are never asked for.
  const pool = {
    ...renderer,
    renderStems: () => Promise.reject(new Error("no stems here")),
    encodeMp3: () => Promise.reject(new Error("no streams here")),
  };
  const service = createSongService({ pool, queue, store, streams, logger: quiet });
  await startBackgroundJobs(queue, {
    db: t.db,
    songs: service,
    render: { retryDelaySec: 0, ...render },
    trending: false,
  });
  return service;
}
afterEach(async () => {
  for (const queue of queues.splice(0)) await queue.stop();
});

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("song service", () => {
  it("renders to ready, and renders a missing file again with the same bytes", async () => {
    const service = await serviceWith(getRenderPool());
    const owner = await makeUser(t);
    const song = await service.create(t.db, owner.id, {
      creationMode: "description",
      description: "neon rain",
      durationSec: 10,
    });
    await service.idle();
    expect((await getSong(t.db, { id: song.id, viewerId: owner.id }))!.status).toBe("ready");
    const first = await service.audio(t.db, { songId: song.id, viewerId: owner.id });
    const file = store.pathFor(audioKey(readComposition(song.composition!)));
    expect(existsSync(file)).toBe(true);
    unlinkSync(file);
    const again = await service.audio(t.db, { songId: song.id, viewerId: owner.id });
    expect(Buffer.compare(Buffer.from(again!.bytes), Buffer.from(first!.bytes))).toBe(0);
    expect(existsSync(file)).toBe(true);
    expect(await service.audio(t.db, { songId: song.id, viewerId: null })).toBeNull();
  });

  it("marks a song failed with a readable reason when rendering fails, and leaves no file", async () => {
    let attempts = 0;
    const failing = await serviceWith({
      render: async () => {
        attempts++;
        return Promise.reject(new Error("disk on fire"));
      },
    });
    const owner = await makeUser(t);
    const before = readdirSync(dir).length;
    const song = await failing.create(t.db, owner.id, {
      creationMode: "description",
      description: "doomed",
      durationSec: 10,
    });
    await failing.idle();
    const stored = (await getSong(t.db, { id: song.id, viewerId: owner.id }))!;
    expect(stored.status).toBe("failed");
    expect(stored.statusMessage).toMatch(/could not render/i);
    // The first attempt and two retries; an unexpected error's text is not shown to the owner.
    expect(attempts).toBe(3);
    expect(stored.statusMessage).not.toMatch(/disk on fire/);
    expect(readdirSync(dir).length).toBe(before);
  });

  it("queues a render again when queueing failed (the database restarting), without a restart", async () => {
    const queue = createInProcessQueue<HarmoniqJobs>({ logger: quiet });
    queues.push(queue);
    let refused = 0;
    const flaky: JobQueue<HarmoniqJobs> = {
      ...queue,
      send: (name, data) => {
        if (name === "song.render" && refused < 2) {
          refused++;
          return Promise.reject(new Error("connection terminated"));
        }
        return queue.send(name, data);
      },
    };
    const pool = {
      ...getRenderPool(),
      renderStems: () => Promise.reject(new Error("no stems here")),
      encodeMp3: () => Promise.reject(new Error("no streams here")),
    };
    const service = createSongService({
      pool,
      queue: flaky,
      store,
      streams,
      logger: quiet,
      queueRetryMs: [50, 50, 50],
    });
    await startBackgroundJobs(flaky, {
      db: t.db,
      songs: service,
      render: { retryDelaySec: 0 },
      trending: false,
    });
    const owner = await makeUser(t);
    const song = await service.create(t.db, owner.id, {
      creationMode: "description",
      description: "a song queued while the database restarts",
      durationSec: 10,
    });
    let status = (await getSong(t.db, { id: song.id, viewerId: owner.id }))!.status;
    for (let i = 0; i < 300 && status !== "ready"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await service.idle();
      status = (await getSong(t.db, { id: song.id, viewerId: owner.id }))!.status;
    }
    expect(refused).toBe(2);
    expect(status).toBe("ready");
  });

  it("picks up songs left queued (e.g. seeded without a score) and renders them", async () => {
    const service = await serviceWith(getRenderPool());
    const owner = await makeUser(t);
    const seeded = await makeSong(t.db, owner.id, {
      status: "queued",
      durationSec: 10,
      description: "a seeded song",
    });
    expect(seeded.composition).toBeNull();
    expect(await service.resumePending(t.db)).toBeGreaterThanOrEqual(1);
    await service.idle();
    const [row] = await t.db
      .select({ status: songs.status, composition: songs.composition })
      .from(songs)
      .where(eq(songs.id, seeded.id));
    expect(row!.status).toBe("ready");
    expect(row!.composition).not.toBeNull();
  });

  it("after a restart, renders a song the stopped process left rendering (in-process queue)", async () => {
    let started: () => void = () => {};
    const rendering = new Promise<void>((resolve) => (started = resolve));
    // The first process never finishes its render: it is stopped mid-render.
    const stuck = await serviceWith({
      render: () => {
        started();
        return new Promise(() => {});
      },
    });
    const owner = await makeUser(t);
    const song = await stuck.create(t.db, owner.id, {
      creationMode: "description",
      description: "interrupted",
      durationSec: 10,
    });
    await rendering;
    expect((await getSong(t.db, { id: song.id, viewerId: owner.id }))!.status).toBe("rendering");
    await queues.shift()!.stop({ graceMs: 10 });

    const next = await serviceWith(getRenderPool()); // starting resumes pending songs
    await next.idle();
    expect((await getSong(t.db, { id: song.id, viewerId: owner.id }))!.status).toBe("ready");
  });

  it("marks a song failed, not rendering, when every attempt hangs past the job's expiry", async () => {
    let attempts = 0;
    const hanging = await serviceWith(
      {
        render: () => {
          attempts++;
          return new Promise(() => {});
        },
      },
      { retryLimit: 1, expireInSeconds: 0.2 },
    );
    const owner = await makeUser(t);
    const song = await hanging.create(t.db, owner.id, {
      creationMode: "description",
      description: "never ends",
      durationSec: 10,
    });
    await hanging.idle();
    const stored = (await getSong(t.db, { id: song.id, viewerId: owner.id }))!;
    expect(attempts).toBe(2);
    expect(stored.status).toBe("failed");
    expect(stored.statusMessage).toMatch(/could not render.*did not finish in time/);
  });

  it("refuses a non-image or an over-size picture and stores nothing", async () => {
    const service = await serviceWith(getRenderPool());
    const owner = await makeUser(t);
    await expect(
      service.create(t.db, owner.id, {
        creationMode: "image",
        image: new TextEncoder().encode("just text"),
      }),
    ).rejects.toMatchObject({ name: "MusicInputError" });
    await expect(
      service.create(t.db, owner.id, {
        creationMode: "image",
        image: new Uint8Array(MAX_IMAGE_BYTES + 1),
      }),
    ).rejects.toMatchObject({ name: "MusicInputError" });
    expect(
      await t.db.select({ id: songs.id }).from(songs).where(eq(songs.ownerId, owner.id)),
    ).toEqual([]);
  });
});
