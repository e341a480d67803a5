import { beforeAll, describe, expect, it } from "vitest";
import { composeEngine2 } from "../compose";
import { extendComposition, replaceSectionComposition } from "../compose/studio";
import { isMusicInputError } from "../errors";
import { differingFrames, wavCorrelation } from "../test-utils";
import type { Engine2Composition } from "../types";
import { SAMPLE_RATE, wavHeader } from "../wav";
import { TruePeakLimiter } from "./dsp";
import { mixSettings } from "./mix-settings";
import { beatToSample, sectionBounds } from "./sampler";
import { renderSongWav } from "./song";
import {
  SPLICE_CROSSFADE_SEC,
  originalAudioMismatch,
  renderExtendedSong,
  renderReplacedSection,
  renderStudioSong,
  spliceWav,
  streamReplacedSection,
} from "./splice";

// Renders take a few seconds each on a busy machine; a handful are shared by the tests below.
const SLOW = 240_000;
const XFADE = Math.round(SPLICE_CROSSFADE_SEC * SAMPLE_RATE);

const original: Engine2Composition = composeEngine2({
  creationMode: "description",
  description: "city lights after midnight",
  mood: "Happy",
  genre: "Pop",
  seed: 7,
  durationSec: 30,
  vocals: "instrumental",
});
const late = new TruePeakLimiter(mixSettings(original.genre).master.ceilingDbtp).latency;
let originalWav: Uint8Array;

async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (isMusicInputError(err)) return err.field;
    throw err;
  }
  throw new Error("expected a MusicInputError");
}

beforeAll(async () => {
  originalWav = await renderSongWav(original);
}, SLOW);

/** A stereo 16-bit WAV whose every sample is `value` (left) and −`value` (right). */
function flat(frames: number, value: number): Uint8Array {
  const pcm = new Int16Array(frames * 2);
  for (let i = 0; i < frames; i++) {
    pcm[i * 2] = value;
    pcm[i * 2 + 1] = -value;
  }
  const wav = new Uint8Array(44 + frames * 4);
  wav.set(wavHeader(frames), 0);
  wav.set(new Uint8Array(pcm.buffer), 44);
  return wav;
}
const leftAt = (wav: Uint8Array, frame: number): number =>
  new DataView(wav.buffer, wav.byteOffset).getInt16(44 + frame * 4, true);

describe("spliceWav", () => {
  it("copies the base outside, the insert inside, and fades between them over the crossfade", () => {
    const out = spliceWav(flat(1000, 1000), flat(1000, -2000), {
      from: 400,
      to: 700,
      crossfade: 100,
    });
    expect(out.length).toBe(44 + 1000 * 4);
    expect(leftAt(out, 299)).toBe(1000);
    expect(leftAt(out, 350)).toBeLessThan(1000);
    expect(leftAt(out, 350)).toBeGreaterThan(-2000);
    expect(leftAt(out, 400)).toBe(-2000);
    expect(leftAt(out, 599)).toBe(-2000);
    expect(leftAt(out, 700)).toBe(1000);
    // A continuation runs to the insert's end.
    const cont = spliceWav(flat(1000, 1000), flat(1500, 500), { from: 800, crossfade: 50 });
    expect(cont.length).toBe(44 + 1500 * 4);
    expect([leftAt(cont, 749), leftAt(cont, 800), leftAt(cont, 1499)]).toEqual([1000, 500, 500]);
  });

  it("rejects a crossfade over 50 ms, frames out of range and what is not a WAV", () => {
    expect(() =>
      spliceWav(flat(9000, 1), flat(9000, 2), { from: 4000, to: 8000, crossfade: 3000 }),
    ).toThrow(/50 ms/);
    expect(() => spliceWav(flat(1000, 1), flat(1000, 2), { from: 10, to: 5000 })).toThrow(/range/);
    expect(() => spliceWav(new Uint8Array(10), flat(1000, 2), { from: 0 })).toThrow(/WAV/);
  });
});

describe("a replaced section, spliced into the original's audio", () => {
  const k = 1;
  const replaced = replaceSectionComposition(original, { section: k, seed: 99 });
  const bounds = sectionBounds(original);
  const from = bounds[k]! - late;
  const to = bounds[k + 1]! - late;
  let wav: Uint8Array;
  beforeAll(async () => {
    wav = await renderReplacedSection(original, replaced, k, { originalWav });
  }, SLOW);

  it("is the original's audio outside the section, sample for sample but for two 20 ms crossfades", () => {
    expect(wav.length).toBe(originalWav.length);
    expect(differingFrames(wav, originalWav, 0, from - XFADE)).toBe(0);
    expect(differingFrames(wav, originalWav, to, bounds[bounds.length - 1]!)).toBe(0);
    const end = bounds[bounds.length - 1]!;
    expect(wavCorrelation(wav, originalWav, 0, from - XFADE)).toBeGreaterThanOrEqual(0.99);
    expect(wavCorrelation(wav, originalWav, to, end)).toBeGreaterThanOrEqual(0.99);
  });

  it("is new music inside the section (correlation with the original at most 0.8)", () => {
    const inside = wavCorrelation(wav, originalWav, bounds[k]!, bounds[k + 1]! - XFADE);
    expect(inside).toBeLessThanOrEqual(0.8);
    expect(differingFrames(wav, originalWav, bounds[k]!, to - XFADE)).toBeGreaterThan(
      0.95 * (to - XFADE - bounds[k]!),
    );
  });

  it(
    "streams the original's audio before the section at once, and gives the same bytes every time",
    async () => {
      const stream = streamReplacedSection(original, replaced, k, { originalWav });
      const first = await stream.next();
      expect(first.done).toBe(false);
      expect(first.value!.length).toBe(44 + (from - XFADE) * 4);
      const parts = [first.value!];
      for await (const p of stream) parts.push(p);
      const again = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let o = 0;
      for (const p of parts) {
        again.set(p, o);
        o += p.length;
      }
      expect(Buffer.from(again).equals(Buffer.from(wav))).toBe(true);
    },
    SLOW,
  );

  it(
    "renders from the replaced score with the original's WAV to the same bytes",
    async () => {
      const again = await renderStudioSong(replaced, { originalWav });
      expect(Buffer.from(again).equals(Buffer.from(wav))).toBe(true);
    },
    SLOW,
  );

  it("refuses audio or scores that do not belong together, before rendering anything", async () => {
    const other = composeEngine2({ ...requestOf(original), seed: 8 });
    expect(await rejection(renderReplacedSection(original, other, k, { originalWav }))).toBe(
      "composition",
    );
    expect(await rejection(renderReplacedSection(original, replaced, 99, { originalWav }))).toBe(
      "section",
    );
    const short = originalWav.subarray(0, originalWav.length - 400);
    expect(
      await rejection(renderReplacedSection(original, replaced, k, { originalWav: short })),
    ).toBe("original");
  });
});

describe("originalAudioMismatch: can a stored file be the original a pass splices into?", () => {
  const extended = extendComposition(original, { durationSec: 15, seed: 5 });
  it("accepts the original's own WAV; names what is wrong with any other file", () => {
    expect(originalAudioMismatch(extended, originalWav)).toBeNull();
    const frames = (originalWav.length - 44) / 4;
    // Truncated (the header still claims the whole song), or another song's length.
    expect(originalAudioMismatch(extended, originalWav.subarray(0, originalWav.length - 400))).toBe(
      `it holds ${frames - 100} frames where the original has ${frames}`,
    );
    expect(originalAudioMismatch(extended, flat(frames + 1, 5))).toMatch(/frames where/);
    // Not a WAV at all, or a WAV the splice cannot take.
    expect(originalAudioMismatch(extended, new TextEncoder().encode("ID3 not a WAV"))).toMatch(
      /not a 16-bit WAV/,
    );
    const mono = flat(frames, 5);
    new DataView(mono.buffer).setUint16(22, 1, true);
    expect(originalAudioMismatch(extended, mono)).toMatch(/44.1 kHz stereo/);
    expect(originalAudioMismatch(original, originalWav)).toMatch(/not made by a studio pass/);
  });
});

describe("an extended song", () => {
  const extended = extendComposition(original, { durationSec: 15, seed: 5 });
  const join = beatToSample(extended, original.totalBeats);
  let wav: Uint8Array;
  beforeAll(async () => {
    wav = await renderExtendedSong(original, extended, { originalWav });
  }, SLOW);

  it("starts with the original's audio, exactly, and runs to the extended length", () => {
    expect(wav.length).toBe(44 + Math.round(extended.durationSec * SAMPLE_RATE) * 4);
    expect(
      Buffer.from(wav.subarray(0, 44)).equals(Buffer.from(wavHeader((wav.length - 44) / 4))),
    ).toBe(true);
    expect(differingFrames(wav, originalWav, 0, join - late - XFADE)).toBe(0);
    expect(wavCorrelation(wav, originalWav, 0, join)).toBeGreaterThanOrEqual(0.99);
  });

  it(
    "renders on its own (no original audio at hand) with a first part that is the original",
    async () => {
      const alone = await renderSongWav(extended);
      expect(wavCorrelation(alone, originalWav, 0, join)).toBeGreaterThanOrEqual(0.99);
      // After the joint both are the extended score's own render.
      expect(differingFrames(alone, wav, join, (alone.length - 44) / 4)).toBe(0);
    },
    SLOW,
  );

  it(
    "renders again from the extended score alone to the same bytes (its origin rebuilds the original)",
    async () => {
      const again = await renderStudioSong(
        JSON.parse(JSON.stringify(extended)) as Engine2Composition,
      );
      expect(Buffer.from(again).equals(Buffer.from(wav))).toBe(true);
    },
    SLOW,
  );
});

function requestOf(c: Engine2Composition) {
  return {
    creationMode: "description" as const,
    description: "city lights after midnight",
    mood: c.mood,
    genre: c.genre,
    seed: c.seed,
    durationSec: c.durationSec,
    vocals: "instrumental" as const,
  };
}
