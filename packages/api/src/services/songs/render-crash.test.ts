// A render worker that dies mid-render (here: process.exit inside the worker thread, through the
// pool's crash hook) fails that attempt at once; the pool starts a new worker, the job is
// retried, and the song ends ready — or failed with the reason once every attempt crashed.
import { crashOneWorkerForTesting } from "@harmoniq/music/testing";
import { getSong } from "@harmoniq/db";
import { testDatabaseUrl } from "@harmoniq/db/testing";
import { type Composition, type Engine2Composition } from "@harmoniq/music";
import { getRenderPool, type RenderPool } from "@harmoniq/music/render";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../testing/api";

/** The real pool, whose worker crashes instead of rendering the next `crashes` songs. */
function poolWithCrashes() {
  const real = getRenderPool();
  const pool = {
    calls: 0,
    crashes: 0,
    render(composition: Composition) {
      pool.calls++;
      if (pool.crashes > 0) {
        pool.crashes--;
        return crashOneWorkerForTesting(real);
      }
      return real.render(composition);
    },
    renderStems: (composition: Engine2Composition) => real.renderStems(composition),
    encodeMp3: (wav: Uint8Array, onChunk?: (bytes: Uint8Array) => void) =>
      real.encodeMp3(wav, onChunk),
  } satisfies Pick<RenderPool, "render" | "renderStems" | "encodeMp3"> & Record<string, unknown>;
  return pool;
}

const queues = testDatabaseUrl ? (["in-process", "pg-boss"] as const) : (["in-process"] as const);

describe.each(queues)("a render worker killed mid-render (%s queue)", (queue) => {
  const pool = poolWithCrashes();
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi({ queue, pool, render: { retryLimit: 2, retryDelaySec: 0 } });
  });
  afterAll(async () => {
    await api?.close();
  });

  it("is replaced, and the retried job renders the song", async () => {
    const crashedBefore = getRenderPool().stats().crashed;
    pool.calls = 0;
    pool.crashes = 1;
    const owner = await api.user();
    const song = await owner.caller.song.create({
      creationMode: "description",
      description: "survives a crash",
    });
    await api.services.songs.idle();
    const stored = (await getSong(api.db, { id: song.id, viewerId: owner.id }))!;
    expect(stored.status).toBe("ready");
    expect(pool.calls).toBe(2);
    expect(getRenderPool().stats().crashed).toBe(crashedBefore + 1);
    const audio = await api.services.songs.audio(api.db, { songId: song.id, viewerId: owner.id });
    expect(audio!.bytes.length).toBeGreaterThan(44);
  });

  it("after the last attempt crashed too, the song is failed with the reason, not left rendering", async () => {
    pool.calls = 0;
    pool.crashes = 3;
    const owner = await api.user();
    const song = await owner.caller.song.create({
      creationMode: "description",
      description: "crashes every time",
    });
    await api.services.songs.idle();
    const stored = (await getSong(api.db, { id: song.id, viewerId: owner.id }))!;
    expect(pool.calls).toBe(3);
    expect(stored.status).toBe("failed");
    expect(stored.statusMessage).toMatch(
      /could not render this song's audio \(render worker exited unexpectedly \(code 70\)\)/,
    );
    // The pool still renders after three crashes.
    const next = await owner.caller.song.create({
      creationMode: "description",
      description: "after the storm",
    });
    await api.services.songs.idle();
    expect((await getSong(api.db, { id: next.id, viewerId: owner.id }))!.status).toBe("ready");
  });
});
