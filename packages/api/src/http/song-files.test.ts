import { decodeWavStereo } from "@harmoniq/music/render";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, TEST_ORIGIN, type TestApi } from "../testing/api";
import { createSongFileHandlers } from "./song-files";

let api: TestApi;
let files: ReturnType<typeof createSongFileHandlers>;
beforeAll(async () => {
  api = await createTestApi();
  files = createSongFileHandlers({ db: api.db, auth: api.auth, services: api.services });
});
afterAll(async () => {
  await api?.close();
});

/** Pearson correlation of two signals over their common length. */
function correlation(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  let [sa, sb] = [0, 0];
  for (let i = 0; i < n; i++) [sa, sb] = [sa + a[i]!, sb + b[i]!];
  const [ma, mb] = [sa / n, sb / n];
  let [ab, aa, bb] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const [x, y] = [a[i]! - ma, b[i]! - mb];
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return ab / Math.sqrt(aa * bb || 1);
}

const words =
  "[Verse]\nThe harbour lights are burning low\nI count the boats that come and go\n\n[Chorus]\nCarry me home\nCarry me home tonight";

describe("stems of studio passes (spliced songs)", () => {
  it("serves the stems of an extended song and of a song with a section redone, adding up to their audio", async () => {
    const me = await api.user();
    const original = await me.caller.song.create({
      creationMode: "lyrics",
      lyrics: words,
      mood: "Romantic",
      genre: "Pop",
      durationSec: 20,
      seed: 11,
      isPublic: true,
    });
    const extended = await me.caller.song.extend({
      id: original.id,
      durationSec: 10,
      seed: 3,
      isPublic: true,
    });
    const replaced = await me.caller.song.replaceSection({
      id: original.id,
      section: 1,
      seed: 9,
      isPublic: true,
    });
    await api.services.songs.idle();

    const stemsOf = async (song: { id: string }) => {
      const res = await files.stems(
        new Request(`${TEST_ORIGIN}/api/songs/${song.id}/stems`),
        song.id,
      );
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/zip");
      const entries = Object.entries(unzipSync(new Uint8Array(await res.arrayBuffer())));
      expect(entries.map(([name]) => name.replace(/^.*\//, ""))).toEqual([
        "01-drums.wav",
        "02-bass.wav",
        "03-harmony.wav",
        "04-lead.wav",
        "05-vocals.wav",
      ]);
      return entries.map(([, bytes]) => decodeWavStereo(bytes).left);
    };
    /** How well the stems add up to the song's audio (the master bus aside, so not exactly 1). */
    const fit = async (song: { id: string }) => {
      const audio = decodeWavStereo(
        (await api.services.songs.audio(api.db, { songId: song.id, viewerId: null }))!.bytes,
      ).left;
      const stems = await stemsOf(song);
      const sum = new Float32Array(audio.length);
      for (const stem of stems) {
        // Every stem is as long as the song.
        expect(stem.length).toBe(audio.length);
        for (let i = 0; i < stem.length; i++) sum[i]! += stem[i]!;
      }
      return { stems, fit: correlation(sum, audio) };
    };

    const plain = await fit(original);
    const [ext, rep] = [await fit(extended), await fit(replaced)];
    // A pass's stems fit its audio as well as a plain song's fit its own: they are spliced like
    // the audio (stems rendered from the new score alone fit an extension at about 0.7).
    expect(ext.fit).toBeGreaterThan(plain.fit - 0.03);
    expect(rep.fit).toBeGreaterThan(plain.fit - 0.03);
    // Before the new stretch, a pass's stems are the original's, sample for sample (the vocals
    // included: an extension's voice sings the original's part as the original did).
    const second = 44100;
    for (const pass of [ext, rep]) {
      pass.stems.forEach((stem, k) => {
        const same = stem.subarray(0, second).every((x, i) => x === plain.stems[k]![i]);
        expect(same).toBe(true);
      });
    }
    const vocals = 4;
    const tail = (xs: Float32Array) => xs.subarray(5 * second, 15 * second);
    expect(correlation(tail(ext.stems[vocals]!), tail(plain.stems[vocals]!))).toBeGreaterThan(0.99);
  }, 300_000);
});
