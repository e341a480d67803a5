import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  getRenderPool,
  type RenderPool,
  type RenderProgress,
  type RenderResult,
} from "@harmoniq/music/render";
import { isEngine2, type Composition } from "@harmoniq/music";
import { codeOf, createTestApi, type TestApi } from "../../testing/api";

/** New songs are engine-2 scores, which list their sections. */
function sectionsOf(composition: Composition | null) {
  if (!composition || !isEngine2(composition)) throw new Error("expected an engine-2 score");
  return composition.sections;
}

/**
 * A real render whose progress reports reach the song service when the test says so, and whose
 * result is held until released: the song stays `rendering` at a known point of its render.
 */
interface HeldRender {
  /** Every report the real render made, in order (all of them once `rendered` resolves). */
  reports: RenderProgress[];
  rendered: Promise<void>;
  deliver(index: number): void;
  release(): void;
}

function holdingPool(real: RenderPool) {
  const held: HeldRender[] = [];
  const pool: Pick<RenderPool, "render" | "renderStems" | "encodeMp3"> = {
    renderStems: (c) => real.renderStems(c),
    encodeMp3: (wav, onChunk) => real.encodeMp3(wav, onChunk),
    render(composition, options) {
      const reports: RenderProgress[] = [];
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const result = real.render(composition, { onProgress: (p) => reports.push(p) });
      held.push({
        reports,
        rendered: result.then(() => undefined),
        deliver: (index) => options?.onProgress?.(reports[index]!),
        release,
      });
      return result.then(async (r: RenderResult) => {
        await gate;
        return r;
      });
    },
  };
  return { pool, held };
}

const request = {
  creationMode: "lyrics" as const,
  lyrics:
    "[Verse]\nStreetlights hum a quiet tune\nI walk home under a paper moon\n\n[Chorus]\nHold on, hold on\nThe night is long",
  mood: "Chill" as const,
  genre: "Pop" as const,
  durationSec: 24,
  seed: 4242,
};

let api: TestApi;
let held: HeldRender[];
beforeAll(async () => {
  const holding = holdingPool(getRenderPool());
  held = holding.held;
  api = await createTestApi({ pool: holding.pool });
});
afterAll(async () => {
  for (const h of held) h.release();
  await api?.close();
});

/** The next render the pool was asked for, once the real render behind it has finished. */
async function nextRender(index: number): Promise<HeldRender> {
  await vi.waitFor(() => expect(held.length).toBeGreaterThan(index), { timeout: 10_000 });
  await held[index]!.rendered;
  return held[index]!;
}

describe("song.byId progress", () => {
  it("shows the owner their rendering song section by section, and no one their private song", async () => {
    const me = await api.user();
    const other = await api.user();
    const song = await me.caller.song.create({ ...request, isPublic: false });
    expect(song.progress).toBeNull();
    const sections = sectionsOf(song.composition);
    expect(sections.length).toBeGreaterThan(2);

    const render = await nextRender(0);
    expect(render.reports).toHaveLength(sections.length + 1);
    const progressOf = async () => (await me.caller.song.byId({ id: song.id })).progress;

    // Rendering, nothing reported yet: status alone, no made-up progress.
    expect((await me.caller.song.byId({ id: song.id })).status).toBe("rendering");
    expect(await progressOf()).toBeNull();

    render.deliver(0);
    await vi.waitFor(async () =>
      expect(await progressOf()).toEqual({
        fraction: 0,
        section: 0,
        sections: sections.length,
        kind: sections[0]!.kind,
      }),
    );

    render.deliver(2);
    await vi.waitFor(async () => expect((await progressOf())?.section).toBe(2));
    const third = (await progressOf())!;
    expect(third.kind).toBe(sections[2]!.kind);
    expect(third.fraction).toBeCloseTo(render.reports[2]!.fraction, 5);
    expect(third.fraction).toBeGreaterThan(0);
    expect(third.fraction).toBeLessThan(1);

    // Someone else's private song, rendering or not, does not exist for them.
    expect(await codeOf(other.caller.song.byId({ id: song.id }))).toBe("NOT_FOUND");
    expect(await codeOf(api.anonymous().song.byId({ id: song.id }))).toBe("NOT_FOUND");

    render.deliver(render.reports.length - 1);
    await vi.waitFor(async () => expect((await progressOf())?.fraction).toBe(1));
    render.release();
    await api.services.songs.idle();
    const ready = await me.caller.song.byId({ id: song.id });
    expect(ready.status).toBe("ready");
    // Done: the progress belonged to the render.
    expect(ready.progress).toBeNull();
  });

  it("shows a public song's progress to anyone who can see the song", async () => {
    const me = await api.user();
    const other = await api.user();
    const song = await me.caller.song.create({ ...request, seed: 77, isPublic: true });
    const render = await nextRender(1);
    render.deliver(1);
    await vi.waitFor(async () =>
      expect((await other.caller.song.byId({ id: song.id })).progress).toMatchObject({
        section: 1,
        kind: sectionsOf(song.composition)[1]!.kind,
      }),
    );
    render.release();
    await api.services.songs.idle();
    expect((await other.caller.song.byId({ id: song.id })).progress).toBeNull();
  });
});
