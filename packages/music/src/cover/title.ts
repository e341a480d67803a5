/** Sets a song title as large as its box allows: balanced line breaks, then the biggest size that fits. */
import { shape, type Face, type ShapedText } from "./type";

export interface TitleBox {
  width: number;
  height: number;
  /** Largest and smallest font sizes, px. */
  maxSize: number;
  minSize: number;
  /** Baseline-to-baseline distance, in font sizes. */
  leading: number;
  maxLines: number;
}

export interface SetTitle {
  lines: ShapedText[];
  size: number;
  /** Characters no bundled font has (left out of the artwork). */
  missing: string[];
}

/** The best split of `widths` (words, in em) into `count` lines: the widest line as narrow as it can be. */
function balance(
  widths: number[],
  space: number,
  count: number,
): { breaks: number[]; widest: number } {
  const span = (from: number, to: number) => {
    let w = 0;
    for (let i = from; i < to; i++) w += widths[i]!;
    return w + space * Math.max(0, to - from - 1);
  };
  let best = { breaks: [] as number[], widest: Number.POSITIVE_INFINITY };
  const search = (from: number, left: number, breaks: number[], widest: number) => {
    if (widest >= best.widest) return;
    if (left === 1) {
      const w = Math.max(widest, span(from, widths.length));
      if (w < best.widest) best = { breaks, widest: w };
      return;
    }
    for (let end = from + 1; end <= widths.length - left + 1; end++) {
      search(end, left - 1, [...breaks, end], Math.max(widest, span(from, end)));
    }
  };
  search(0, count, [], 0);
  return best;
}

/** Shortens a title word by word (then letter by letter) and ends it with an ellipsis. */
function shorten(words: string[]): string[] {
  if (words.length > 1) return [...words.slice(0, -2), `${words.at(-2)}…`];
  const word = words[0]!;
  return [`${[...word].slice(0, Math.max(1, [...word].length - 2)).join("")}…`];
}

export function setTitle(title: string, face: Face, box: TitleBox, trackingEm = 0): SetTitle {
  let words = title.split(/\s+/).filter(Boolean);
  const missing = shape(title, face).missing;
  for (;;) {
    const shaped = words.map((w) => shape(w, face, trackingEm));
    const drawn = shaped.filter((s) => s.glyphs.length > 0);
    if (drawn.length === 0) return { lines: [], size: 0, missing };
    const keptWords = words.filter((_, i) => shaped[i]!.glyphs.length > 0);
    const space = shape(" ", face).width + trackingEm;
    let chosen: { lines: number[]; size: number } | null = null;
    for (let count = 1; count <= Math.min(box.maxLines, drawn.length); count++) {
      const { breaks, widest } = balance(
        drawn.map((s) => s.width),
        space,
        count,
      );
      const size = Math.min(
        box.maxSize,
        box.width / widest,
        box.height / (1 + (count - 1) * box.leading),
      );
      // A line more must buy at least 12 % more size: big type on fewer lines reads better.
      if (!chosen || size > chosen.size * 1.12) chosen = { lines: breaks, size };
    }
    if (chosen && chosen.size >= box.minSize) {
      const starts = [0, ...chosen.lines];
      const lines = starts.map((start, i) =>
        shape(
          keptWords.slice(start, starts[i + 1] ?? keptWords.length).join(" "),
          face,
          trackingEm,
        ),
      );
      return { lines, size: Math.floor(chosen.size), missing };
    }
    const shorter = shorten(keptWords);
    // One letter and an ellipsis that still does not fit: set it at the smallest size.
    if (shorter.join(" ") === keptWords.join(" ")) {
      return { lines: [shape(shorter.join(" "), face, trackingEm)], size: box.minSize, missing };
    }
    words = shorter;
  }
}
