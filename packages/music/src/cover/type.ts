/**
 * Typesetting for covers: OFL fonts from @fontsource packages, shaped by fontkit (kerning,
 * ligatures) and turned into SVG outlines, so the rasterizer needs no system fonts and every
 * machine draws the same letters.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import * as fontkit from "fontkit";

export type Face =
  | "fraunces-300-normal"
  | "fraunces-400-normal"
  | "fraunces-400-italic"
  | "fraunces-600-italic"
  | "fraunces-800-normal"
  | "anton-400-normal"
  | "space-grotesk-700-normal"
  | "inter-600-normal";

/** The unicode subsets each family ships, most used first; a glyph comes from the first that has it. */
const SUBSETS: Record<string, string[]> = {
  fraunces: ["latin", "latin-ext", "vietnamese"],
  anton: ["latin", "latin-ext", "vietnamese"],
  "space-grotesk": ["latin", "latin-ext", "vietnamese"],
  inter: ["latin", "latin-ext", "cyrillic", "cyrillic-ext", "greek", "greek-ext", "vietnamese"],
};

/** Faces used when the chosen one lacks a character (Cyrillic, Greek): Inter covers them. */
const FALLBACK: Face = "inter-600-normal";

type Font = fontkit.Font;

const loaded = new Map<string, Font[]>();

/**
 * Where the @fontsource packages are: beside this file (node, tsx, vitest), else through the
 * app's own dependency on @harmoniq/music (a bundled Next server, whose files live elsewhere).
 */
function fontFile(family: string, file: string): string {
  const specifier = `@fontsource/${family}/files/${file}`;
  const bases = [
    import.meta.url,
    join(process.cwd(), "node_modules", "@harmoniq", "music", "package.json"),
    join(process.cwd(), "package.json"),
  ];
  const errors: string[] = [];
  for (const base of bases) {
    try {
      return createRequire(base).resolve(specifier);
    } catch (error) {
      errors.push((error as Error).message.split("\n")[0]!);
    }
  }
  throw new Error(`cannot find the font ${specifier}: ${errors.join("; ")}`);
}

function fontsOf(face: Face): Font[] {
  const cached = loaded.get(face);
  if (cached) return cached;
  const [, family, weight, style] = /^(.+)-(\d+)-(normal|italic)$/.exec(face)!;
  const fonts = SUBSETS[family!]!.map((subset) => {
    const font = fontkit.create(
      readFileSync(fontFile(family!, `${family}-${subset}-${weight}-${style}.woff2`)),
    );
    if (!("layout" in font)) throw new Error(`${face} ${subset} is a font collection`);
    return font;
  });
  loaded.set(face, fonts);
  return fonts;
}

/** A run of shaped glyph outlines, in em units (1 = the font size), baseline at y = 0. */
export interface ShapedText {
  /** Advance width in em. */
  width: number;
  glyphs: { font: Font; glyph: fontkit.Glyph; x: number; y: number }[];
  /** Characters no bundled font can draw (they are left out). */
  missing: string[];
}

/** Splits text into runs that one font can draw, then shapes each run. */
export function shape(text: string, face: Face, trackingEm = 0): ShapedText {
  const chain = [...fontsOf(face), ...(face === FALLBACK ? [] : fontsOf(FALLBACK))];
  const runs: { font: Font; text: string }[] = [];
  const missing: string[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const font = /\s/.test(char)
      ? (runs.at(-1)?.font ?? chain[0]!)
      : chain.find((f) => f.hasGlyphForCodePoint(code));
    if (!font) {
      missing.push(char);
      continue;
    }
    const last = runs.at(-1);
    if (last && last.font === font) last.text += char;
    else runs.push({ font, text: char });
  }
  const shaped: ShapedText = { width: 0, glyphs: [], missing };
  let x = 0;
  for (const run of runs) {
    const layout = run.font.layout(run.text);
    const unit = 1 / run.font.unitsPerEm;
    layout.glyphs.forEach((glyph, i) => {
      const position = layout.positions[i]!;
      shaped.glyphs.push({
        font: run.font,
        glyph,
        x: x + position.xOffset * unit,
        y: -position.yOffset * unit,
      });
      x += position.xAdvance * unit + trackingEm;
    });
  }
  shaped.width = Math.max(0, x - (shaped.glyphs.length > 0 ? trackingEm : 0));
  return shaped;
}

const round = (v: number) => Math.round(v * 10) / 10;

/** SVG path data of shaped text set at `size` px with its baseline's left end at (x, y). */
export function outline(text: ShapedText, x: number, y: number, size: number): string {
  let d = "";
  for (const g of text.glyphs) {
    const scale = size / g.font.unitsPerEm;
    const ox = x + g.x * size;
    const oy = y + g.y * size;
    for (const command of g.glyph.path.commands) {
      const a = command.args;
      const px = (i: number) => round(ox + a[i]! * scale);
      const py = (i: number) => round(oy - a[i + 1]! * scale);
      switch (command.command) {
        case "moveTo":
          d += `M${px(0)} ${py(0)}`;
          break;
        case "lineTo":
          d += `L${px(0)} ${py(0)}`;
          break;
        case "quadraticCurveTo":
          d += `Q${px(0)} ${py(0)} ${px(2)} ${py(2)}`;
          break;
        case "bezierCurveTo":
          d += `C${px(0)} ${py(0)} ${px(2)} ${py(2)} ${px(4)} ${py(4)}`;
          break;
        case "closePath":
          d += "Z";
          break;
      }
    }
  }
  return d;
}

/** Cap height and descender of a face in em, for spacing lines and labels. */
export function metrics(face: Face): { capHeight: number; ascent: number; descent: number } {
  const font = fontsOf(face)[0]!;
  const unit = 1 / font.unitsPerEm;
  return {
    capHeight: font.capHeight * unit,
    ascent: font.ascent * unit,
    descent: -font.descent * unit,
  };
}
