import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { MusicInputError } from "../errors";
import { GENRES, MOODS } from "../profiles";
import { luminance } from "./palette";
import { coverSvg, renderCover, type CoverInput } from "./render";
import { coverVersion } from "./version";

const song: CoverInput = { title: "Night Drive", mood: "Melancholic", genre: "Jazz", seed: 4242 };

/** Mean and spread of an image's luminance, and its size. */
async function look(bytes: Uint8Array) {
  const image = sharp(bytes);
  const meta = await image.metadata();
  const stats = await image.stats();
  const channels = stats.channels.slice(0, 3);
  return {
    format: meta.format,
    width: meta.width,
    height: meta.height,
    spread: channels.reduce((sum, c) => sum + c.stdev, 0) / channels.length,
  };
}

/** The part of the SVG that draws the title (outlined glyphs, filled with the ink colour). */
const titlePath = (svg: string) => /<path d="([^"]*)" fill="#[0-9a-f]{6}"\/>/.exec(svg)?.[1] ?? "";

describe("cover art", () => {
  it("gives the same bytes for the same song, and prints how long a cover takes", async () => {
    const times: number[] = [];
    let first: Uint8Array | null = null;
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      const bytes = await renderCover(song, { format: "webp" });
      times.push(performance.now() - start);
      if (first) expect(Buffer.from(bytes).equals(Buffer.from(first))).toBe(true);
      first ??= bytes;
    }
    const png = await renderCover(song, { format: "png" });
    expect(Buffer.from(await renderCover(song, { format: "png" })).equals(Buffer.from(png))).toBe(
      true,
    );
    const sorted = times.slice(1).sort((a, b) => a - b);
    console.log(
      `cover render, 1024 px WebP: first ${times[0]!.toFixed(0)} ms (fonts load), then median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms; ${first!.byteLength} bytes WebP, ${png.byteLength} bytes PNG`,
    );
  });

  it("is a 1024 px WebP or PNG with a real picture in it", async () => {
    const webp = await look(await renderCover(song));
    expect(webp).toMatchObject({ format: "webp", width: 1024, height: 1024 });
    expect(webp.spread).toBeGreaterThan(15);
    expect(await look(await renderCover(song, { format: "png", size: 512 }))).toMatchObject({
      format: "png",
      width: 512,
      height: 512,
    });
  });

  it("varies with the seed, the mood, the genre, the title and the picture's colour", async () => {
    const base = coverSvg(song);
    const variants = [
      { ...song, seed: 4243 },
      { ...song, mood: "Happy" as const },
      { ...song, genre: "EDM" as const },
      { ...song, title: "Night Driver" },
      { ...song, pictureColor: "green" },
    ];
    for (const variant of variants) expect(coverSvg(variant)).not.toBe(base);
    // A grey picture, or a colour name image analysis never gives, leaves the palette alone.
    for (const pictureColor of ["grey", "constructor", "__proto__", "mauve"]) {
      expect(coverSvg({ ...song, pictureColor })).toBe(base);
    }
    // Every mood and genre draws, with its title set.
    for (const mood of MOODS) {
      for (const genre of GENRES) {
        expect(titlePath(coverSvg({ ...song, mood, genre })).length).toBeGreaterThan(100);
      }
    }
  });

  it("sets every title in an ink that reads on the veil behind it (WCAG large text, 3:1)", () => {
    for (const mood of MOODS) {
      for (const [i, genre] of GENRES.entries()) {
        for (const pictureColor of [null, "green", "violet"]) {
          const svg = coverSvg({ ...song, mood, genre, seed: 100 + i, pictureColor });
          const veil = /id="veil"[^>]*><stop offset="0" stop-color="(#[0-9a-f]{6})"/.exec(svg)![1]!;
          const ink = /<path d="[^"]*" fill="(#[0-9a-f]{6})"\/>/.exec(svg)![1]!;
          const [hi, lo] = [luminance(veil), luminance(ink)].sort((a, b) => b - a) as [
            number,
            number,
          ];
          expect((hi + 0.05) / (lo + 0.05), `${mood} ${genre} ${pictureColor}`).toBeGreaterThan(3);
        }
      }
    }
  });

  it("sets long, accented and non-Latin titles, and leaves out only what no font can draw", () => {
    const long =
      "We Were Never Here Again and the Night Was Longer Than Any of Us Remembered It ".repeat(3);
    expect(titlePath(coverSvg({ ...song, title: long.trim() })).length).toBeGreaterThan(100);
    expect(titlePath(coverSvg({ ...song, title: "Élan — Ça va? Ñandú" })).length).toBeGreaterThan(
      100,
    );
    expect(titlePath(coverSvg({ ...song, title: "Красная ночь" })).length).toBeGreaterThan(100);
    // An emoji has no glyph in the bundled fonts: the words around it are still set.
    const withEmoji = titlePath(coverSvg({ ...song, title: "Night 🌙 Drive" }));
    expect(withEmoji.length).toBeGreaterThan(100);
    const contours = (path: string) => path.split("M").length;
    expect(contours(withEmoji)).toBe(
      contours(titlePath(coverSvg({ ...song, title: "Night Drive" }))),
    );
  });

  it("refuses bad input with a clear error", async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ title: "  " }, "title"],
      [{ title: "x".repeat(501) }, "title"],
      [{ mood: "Grumpy" }, "mood"],
      [{ genre: "Polka" }, "genre"],
      [{ seed: 1.5 }, "seed"],
    ];
    for (const [change, field] of bad) {
      const input = { ...song, ...change } as CoverInput;
      expect(() => coverSvg(input)).toThrow(MusicInputError);
      await expect(renderCover(input)).rejects.toMatchObject({ field });
    }
    await expect(renderCover(song, { size: 100 })).rejects.toMatchObject({ field: "size" });
    await expect(renderCover(song, { format: "gif" as "png" })).rejects.toMatchObject({
      field: "format",
    });
  });

  it("versions a cover by what can change it", () => {
    const v = coverVersion(song);
    expect(v).toMatch(/^\d+\.[0-9a-z]+$/);
    expect(coverVersion({ ...song })).toBe(v);
    expect(coverVersion({ ...song, title: "Night Driver" })).not.toBe(v);
    expect(coverVersion({ ...song, mood: "Happy" })).not.toBe(v);
    expect(coverVersion({ ...song, genre: "Pop" })).not.toBe(v);
    // An uploaded cover changes it, each upload differently; none keeps the old URLs valid.
    expect(coverVersion({ ...song, coverKey: null })).toBe(v);
    const uploaded = coverVersion({ ...song, coverKey: "a1".repeat(32) });
    expect(uploaded).not.toBe(v);
    expect(coverVersion({ ...song, coverKey: "b2".repeat(32) })).not.toBe(uploaded);
  });
});
