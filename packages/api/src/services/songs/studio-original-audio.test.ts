import { rm } from "node:fs/promises";
import path from "node:path";
import { isEngine2, type Composition } from "@harmoniq/music";
import { createDiskAudioStore } from "@harmoniq/music/render";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../testing/api";

// A studio pass splices the original song's stored WAV: its samples, not a render of its score.
// To tell the two apart, the stored original is replaced by its polarity-inverted copy (what a
// render of the score can never give): the pass must carry those inverted samples.

const HEADER = 44;
const SAMPLE_RATE = 44_100;
const warnings: string[] = [];
let api: TestApi;
beforeAll(async () => {
  api = await createTestApi({ logger: { warn: (message) => warnings.push(message) } });
});
afterAll(async () => {
  await api?.close();
});

const frameAt = (sec: number) => Math.round(sec * SAMPLE_RATE);
/** The PCM bytes of frames [from, to) of a 16-bit stereo WAV. */
const frames = (wav: Uint8Array, from: number, to: number) =>
  Buffer.from(wav.subarray(HEADER + from * 4, HEADER + to * 4));
function inverted(wav: Uint8Array): Uint8Array {
  const out = wav.slice();
  const pcm = new Int16Array(out.buffer, HEADER, (out.length - HEADER) / 2);
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.min(32767, -pcm[i]!);
  return out;
}
const store = () => createDiskAudioStore(path.join(api.dataDir, "audio"));
const sectionsOf = (c: Composition | null) => {
  if (!c || !isEngine2(c)) throw new Error("expected an engine-2 score");
  return c.sections;
};

describe("studio passes splice the original's stored audio", () => {
  it("extend and replaceSection keep the stored original's samples; a missing file is rendered again, logged", async () => {
    const me = await api.user();
    const original = await me.caller.song.create({
      creationMode: "description",
      description: "night train over the river",
      mood: "Chill",
      genre: "Pop",
      durationSec: 20,
      seed: 21,
    });
    await api.services.songs.idle();
    const stored = (await api.services.songs.audio(api.db, {
      songId: original.id,
      viewerId: me.id,
    }))!;
    const store = createDiskAudioStore(path.join(api.dataDir, "audio"));
    const marked = inverted(stored.bytes);
    await store.put(stored.key, marked);

    const sections = sectionsOf(original.composition);
    const k = 1;
    const extended = await me.caller.song.extend({ id: original.id, durationSec: 10, seed: 3 });
    const replaced = await me.caller.song.replaceSection({ id: original.id, section: k, seed: 9 });
    await api.services.songs.idle();
    const audioOf = async (songId: string) =>
      (await api.services.songs.audio(api.db, { songId, viewerId: me.id }))!.bytes;

    // Extended: the original's samples up to its last section (the joint is at its last beat).
    const lastStart = frameAt(sections[sections.length - 1]!.startSec);
    const ext = await audioOf(extended.id);
    expect(frames(ext, 0, lastStart).equals(frames(marked, 0, lastStart))).toBe(true);
    // Replaced: the original's samples outside the section, but for the two crossfades.
    const rep = await audioOf(replaced.id);
    const from = frameAt(sections[k]!.startSec - 0.1);
    const to = frameAt(sections[k]!.endSec + 0.1);
    const end = (marked.length - HEADER) / 4;
    expect(rep.length).toBe(marked.length);
    expect(frames(rep, 0, from).equals(frames(marked, 0, from))).toBe(true);
    expect(frames(rep, to, end).equals(frames(marked, to, end))).toBe(true);
    expect(frames(rep, from, to).equals(frames(marked, from, to))).toBe(false);
    expect(warnings.filter((w) => w.includes("original's audio is not stored"))).toEqual([]);

    // The original's file gone: the pass renders the original again (its real audio) and says so.
    await rm(store.pathFor(stored.key));
    const again = await me.caller.song.extend({ id: original.id, durationSec: 10, seed: 4 });
    await api.services.songs.idle();
    expect((await me.caller.song.byId({ id: again.id })).status).toBe("ready");
    const fallback = await audioOf(again.id);
    expect(frames(fallback, 0, lastStart).equals(frames(stored.bytes, 0, lastStart))).toBe(true);
    expect(warnings).toEqual([
      expect.stringMatching(new RegExp(`^Song ${again.id}: the original's audio is not stored`)),
    ]);
  }, 300_000);

  it("a pass whose own file is lost is rendered again from the stored original: the same bytes", async () => {
    const me = await api.user();
    const original = await me.caller.song.create({
      creationMode: "description",
      description: "lanterns on the harbour wall",
      mood: "Chill",
      genre: "Pop",
      durationSec: 20,
      seed: 22,
    });
    await api.services.songs.idle();
    const viewer = (songId: string) => ({ songId, viewerId: me.id });
    const stored = (await api.services.songs.audio(api.db, viewer(original.id)))!;
    // Marked, so that a render of the original's score instead of its stored file would show.
    const marked = inverted(stored.bytes);
    await store().put(stored.key, marked);
    const replaced = await me.caller.song.replaceSection({ id: original.id, section: 1, seed: 9 });
    await api.services.songs.idle();
    const first = (await api.services.songs.audio(api.db, viewer(replaced.id)))!;
    const head = frameAt(sectionsOf(original.composition)[1]!.startSec - 0.1);
    expect(frames(first.bytes, 0, head).equals(frames(marked, 0, head))).toBe(true);

    // Played (the WAV) after its file was lost: rendered again, stored again, byte for byte.
    await rm(store().pathFor(first.key));
    const played = (await api.services.songs.audio(api.db, viewer(replaced.id)))!;
    expect(Buffer.from(played.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(Buffer.from((await store().get(first.key))!).equals(Buffer.from(first.bytes))).toBe(
      true,
    );
    // Streamed (its MP3 encoded from the WAV) after the WAV was lost again: the same.
    await rm(store().pathFor(first.key));
    const stream = (await api.services.songs.stream(api.db, viewer(replaced.id)))!;
    await stream.encoding?.done;
    expect(Buffer.from((await store().get(first.key))!).equals(Buffer.from(first.bytes))).toBe(
      true,
    );
    expect(warnings.filter((w) => w.includes(replaced.id))).toEqual([]);
  }, 300_000);

  it("a stored original of the wrong length or format is rendered again, logged; the pass is ready", async () => {
    const me = await api.user();
    const original = await me.caller.song.create({
      creationMode: "description",
      description: "chalk dust in the afternoon",
      mood: "Chill",
      genre: "Pop",
      durationSec: 20,
      seed: 23,
    });
    await api.services.songs.idle();
    const stored = (await api.services.songs.audio(api.db, {
      songId: original.id,
      viewerId: me.id,
    }))!;
    const sections = sectionsOf(original.composition);
    const lastStart = frameAt(sections[sections.length - 1]!.startSec);
    const bad = {
      truncated: stored.bytes.slice(0, stored.bytes.length - SAMPLE_RATE * 4),
      "not a WAV": new TextEncoder().encode("ID3 an MP3 stored under the WAV's key"),
    };
    for (const [i, [what, bytes]] of Object.entries(bad).entries()) {
      await store().put(stored.key, bytes);
      const seen = warnings.length;
      const extended = await me.caller.song.extend({
        id: original.id,
        durationSec: 10,
        seed: 5 + i,
      });
      await api.services.songs.idle();
      expect((await me.caller.song.byId({ id: extended.id })).status, what).toBe("ready");
      // The original rendered again: its real audio up to the joint.
      const ext = (await api.services.songs.audio(api.db, {
        songId: extended.id,
        viewerId: me.id,
      }))!.bytes;
      expect(frames(ext, 0, lastStart).equals(frames(stored.bytes, 0, lastStart)), what).toBe(true);
      expect(warnings.slice(seen), what).toEqual([
        expect.stringMatching(
          new RegExp(`^Song ${extended.id}: the original's stored audio cannot be spliced`),
        ),
      ]);
      // The bad file is left for an operator to look at (the log line names it), not overwritten.
      expect(Buffer.from((await store().get(stored.key))!).equals(Buffer.from(bytes)), what).toBe(
        true,
      );
    }
  }, 600_000);
});
