/** Cover colours: one hand-made palette per mood, nudged by the seed and by a picture's colour. */
import type { Rng } from "../prng";
import type { Mood } from "../profiles";

export interface Palette {
  /** Background gradient, top-left to bottom-right. */
  ground: [string, string];
  /** Title and label colour; chosen to read on `ground`. */
  ink: string;
  /** The motif's three pigments, strongest first. */
  accent: string;
  second: string;
  third: string;
}

const MOOD_PALETTES: Record<Mood, Palette> = {
  Happy: {
    ground: ["#ffd23f", "#ff8c42"],
    ink: "#1b1b3a",
    accent: "#ff3c38",
    second: "#2bb59a",
    third: "#fff5d6",
  },
  Confident: {
    ground: ["#17120f", "#3a0d12"],
    ink: "#f6e7c8",
    accent: "#d7263d",
    second: "#e8b04b",
    third: "#f6e7c8",
  },
  Motivational: {
    ground: ["#ff6b35", "#f7c548"],
    ink: "#0b1f33",
    accent: "#0b3c5d",
    second: "#19a7ce",
    third: "#fffdf7",
  },
  Melancholic: {
    ground: ["#1f2a44", "#4a5a7a"],
    ink: "#e6ecf5",
    accent: "#8fa3c7",
    second: "#c9b7d9",
    third: "#2c3e66",
  },
  Dreamy: {
    ground: ["#cdb4db", "#a2d2ff"],
    ink: "#2b2145",
    accent: "#ff8fb8",
    second: "#7b6cf6",
    third: "#fff0f7",
  },
  Chill: {
    ground: ["#0f4c5c", "#5fa8a0"],
    ink: "#f2ede4",
    accent: "#e9c46a",
    second: "#a8dadc",
    third: "#f2ede4",
  },
  Romantic: {
    ground: ["#5c0f2e", "#c9485b"],
    ink: "#fce8e0",
    accent: "#f4a5ae",
    second: "#ffd6c9",
    third: "#2a0616",
  },
  Hype: {
    ground: ["#0a0a0f", "#1e0b3a"],
    ink: "#f5f5f5",
    accent: "#ff2e93",
    second: "#c6ff00",
    third: "#00e5ff",
  },
};

/** Hues of the colour names image analysis gives a picture (see image.ts); grey ones have none. */
const PICTURE_HUES: Record<string, number | null> = {
  red: 0,
  orange: 28,
  gold: 50,
  green: 120,
  teal: 180,
  blue: 220,
  violet: 270,
  pink: 320,
  black: null,
  white: null,
  grey: null,
};

interface Hsl {
  h: number;
  s: number;
  l: number;
}

function toHsl(hex: string): Hsl {
  const n = Number.parseInt(hex.slice(1), 16);
  const r = ((n >> 16) & 255) / 255;
  const g = ((n >> 8) & 255) / 255;
  const b = (n & 255) / 255;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  if (max === min) return { h: 0, s: 0, l };
  const d = max - min;
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
  const h =
    max === r
      ? ((g - b) / d + (g < b ? 6 : 0)) * 60
      : max === g
        ? ((b - r) / d + 2) * 60
        : ((r - g) / d + 4) * 60;
  return { h, s, l };
}

function toHex({ h, s, l }: Hsl): string {
  const hue = ((h % 360) + 360) % 360;
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs(((hue / 60) % 2) - 1));
  const m = l - c / 2;
  const [r, g, b] =
    hue < 60
      ? [c, x, 0]
      : hue < 120
        ? [x, c, 0]
        : hue < 180
          ? [0, c, x]
          : hue < 240
            ? [0, x, c]
            : hue < 300
              ? [x, 0, c]
              : [c, 0, x];
  const byte = (v: number) =>
    Math.round(Math.min(1, Math.max(0, v + m)) * 255)
      .toString(16)
      .padStart(2, "0");
  return `#${byte(r)}${byte(g)}${byte(b)}`;
}

/** Turns a colour's hue by `degrees`. */
export function rotateHue(hex: string, degrees: number): string {
  const hsl = toHsl(hex);
  return toHex({ ...hsl, h: hsl.h + degrees });
}

/** Moves a colour's hue toward `hue` by `amount` (0..1) along the shorter way round. */
function pullHue(hex: string, hue: number, amount: number): string {
  const hsl = toHsl(hex);
  if (hsl.s < 0.08) return hex;
  const delta = ((hue - hsl.h + 540) % 360) - 180;
  return toHex({ ...hsl, h: hsl.h + delta * amount });
}

/** Relative luminance (WCAG), 0 black .. 1 white. */
export function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const channel = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return (
    0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255)
  );
}

/**
 * The mood's palette, its hues turned a little by the seed (so two Chill songs are cousins, not
 * twins) and, for a song made from a picture, pulled toward the picture's dominant colour.
 */
export function paletteFor(mood: Mood, rng: Rng, pictureColor?: string | null): Palette {
  const base = MOOD_PALETTES[mood];
  const turn = rng.range(-14, 14);
  const pictureHue =
    pictureColor && Object.hasOwn(PICTURE_HUES, pictureColor)
      ? (PICTURE_HUES[pictureColor] ?? null)
      : null;
  const tone = (hex: string, pull: number) => {
    const turned = rotateHue(hex, turn);
    return pictureHue === null ? turned : pullHue(turned, pictureHue, pull);
  };
  return {
    ground: [tone(base.ground[0], 0.35), tone(base.ground[1], 0.35)],
    ink: base.ink,
    accent: tone(base.accent, 0.6),
    second: tone(base.second, 0.3),
    third: tone(base.third, 0.2),
  };
}
