/**
 * Before/after pictures of the master's per-section make-up (docs/SOUND.md, "Chorus lift through
 * the master"): one song composed by this checkout, rendered by the master before the change and
 * by this one — ffmpeg's short-term loudness over time of both in one chart, and a sox
 * spectrogram of each. Needs ffmpeg and sox (Debian).
 *
 * The master before the change lives in another checkout's `src/`:
 *   mkdir /tmp/before && git archive 4aae788^ packages/music/src | tar -x -C /tmp/before
 *   pnpm exec tsx bench/master-pictures.ts --before /tmp/before/packages/music
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import sharp from "sharp";
import { compose } from "../src/compose";
import { renderSong } from "../src/render";
import { SUNG } from "../src/render/sung";
import type { CompositionRequest, Engine2Composition } from "../src/types";
import { writeSpectrogram } from "./spectrogram";

/** The master-lift test's song: its 8-bar chorus came out +1.6 LU over the verse before the change. */
const REQUEST: CompositionRequest = {
  creationMode: "description",
  description: "city lights after midnight",
  mood: "Melancholic",
  genre: "Jazz",
  seed: 5060,
  durationSec: 60,
};

/** ffmpeg ebur128's short-term loudness (3 s window), one value per 100 ms: [t, LUFS][]. */
function shortTerm(file: string): [number, number][] {
  // ebur128 logs to stderr.
  const log = spawnSync(
    "ffmpeg",
    ["-hide_banner", "-nostats", "-i", file, "-af", "ebur128", "-f", "null", "-"],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  ).stderr;
  return [...log.matchAll(/t:\s*([\d.]+)\s+TARGET:.*?S:\s*(-?[\d.]+)/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
}

/** Mean short-term loudness (energy mean) inside [from, to) seconds, windows wholly inside. */
function meanIn(curve: [number, number][], from: number, to: number): number {
  const xs = curve.filter(([t]) => t >= from + 3 && t <= to).map(([, l]) => 10 ** (l / 10));
  return xs.length ? 10 * Math.log10(xs.reduce((a, b) => a + b, 0) / xs.length) : NaN;
}

/** Both curves over the song's sections (choruses shaded), as an SVG. */
function chart(
  c: Engine2Composition,
  before: [number, number][],
  after: [number, number][],
): string {
  const W = 900;
  const H = 320;
  const left = 48;
  const right = 12;
  const top = 34;
  const bottom = 40;
  const lo = -30;
  const hi = -6;
  const x = (t: number) => left + (t / c.durationSec) * (W - left - right);
  const y = (l: number) =>
    top + ((hi - Math.max(lo, Math.min(hi, l))) / (hi - lo)) * (H - top - bottom);
  const path = (pts: [number, number][]) =>
    pts
      .filter(([t]) => t >= 3)
      .map(([t, l], i) => `${i ? "L" : "M"}${x(t).toFixed(1)},${y(l).toFixed(1)}`)
      .join("");
  const sections = c.sections
    .map((s) => {
      const fill = s.kind === "chorus" ? "#fde7c8" : "none";
      return (
        `<rect x="${x(s.startSec)}" y="${top}" width="${x(s.endSec) - x(s.startSec)}" height="${H - top - bottom}" fill="${fill}" stroke="#ccc"/>` +
        `<text x="${x(s.startSec) + 4}" y="${H - bottom + 14}" font-size="11">${s.kind}</text>`
      );
    })
    .join("");
  const grid = [-30, -24, -18, -12, -6]
    .map(
      (l) =>
        `<line x1="${left}" x2="${W - right}" y1="${y(l)}" y2="${y(l)}" stroke="#eee"/><text x="6" y="${y(l) + 4}" font-size="11">${l}</text>`,
    )
    .join("");
  const ticks = Array.from({ length: Math.floor(c.durationSec / 10) + 1 }, (_, k) => k * 10)
    .map((t) => `<text x="${x(t) - 6}" y="${H - 4}" font-size="10" fill="#555">${t}</text>`)
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">
<rect width="${W}" height="${H}" fill="white"/>${sections}${grid}
<path d="${path(before)}" fill="none" stroke="#999" stroke-width="2" stroke-dasharray="5,3"/>
<path d="${path(after)}" fill="none" stroke="#c0392b" stroke-width="2"/>
<text x="${left}" y="12" font-size="12">${c.genre} (${c.mood}), seed ${c.seed}: short-term loudness (LUFS, ffmpeg ebur128, 3 s window)</text>
<text x="${left}" y="25" font-size="12"><tspan fill="#777">- - - master before the make-up</tspan>   <tspan fill="#c0392b">——— with the per-section make-up</tspan>   (choruses shaded)</text>
${ticks}<text x="${W - right - 50}" y="${H - 4}" font-size="11">time (s)</text>
</svg>`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const i = process.argv.indexOf("--before");
  if (i < 0) throw new Error("--before <dir>: a checkout's packages/music holding the old master");
  const at = (p: string) => pathToFileURL(resolve(process.argv[i + 1]!, p)).href;
  const [old, oldSung] = await Promise.all([
    import(at("src/render/index.ts")),
    import(at("src/render/sung.ts")),
  ]);
  const out = new URL("../../../docs/sound/", import.meta.url).pathname;
  mkdirSync(out, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), "hq-master-pictures-"));
  const c = compose(REQUEST) as Engine2Composition;
  const files = { before: join(tmp, "before.wav"), after: join(tmp, "after.wav") };
  writeFileSync(files.before, await old.renderSong(c, oldSung.SUNG));
  writeFileSync(files.after, await renderSong(c, SUNG));
  const curves = { before: shortTerm(files.before), after: shortTerm(files.after) };
  await sharp(Buffer.from(chart(c, curves.before, curves.after)))
    .png()
    .toFile(join(out, "master-loudness.png"));
  for (const [name, file] of Object.entries(files))
    writeSpectrogram(file, join(out, `master-${name}.png`), {
      title: `${c.genre} (${c.mood}) seed ${c.seed}, master ${name} the make-up`,
    });
  // Each chorus over the verse before it, by the same curves.
  c.sections.forEach((s, k) => {
    if (s.kind !== "chorus") return;
    const v = c.sections.slice(0, k).findLast((x) => x.kind === "verse");
    if (!v) return;
    const lift = (curve: [number, number][]) =>
      meanIn(curve, s.startSec, s.endSec) - meanIn(curve, v.startSec, v.endSec);
    console.log(
      `${s.label} over ${v.label}: before ${lift(curves.before).toFixed(1)} LU, after ${lift(curves.after).toFixed(1)} LU`,
    );
  });
  rmSync(tmp, { recursive: true, force: true });
}
