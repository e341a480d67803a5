/** Image analysis with sharp: colour statistics → mood, genre hints, tempo, brightness. */
import { MusicInputError } from "./errors";
import type { Genre, Mood } from "./profiles";

/** Largest accepted upload, in bytes (5 MB). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

export const SUPPORTED_IMAGE_FORMATS = [
  "jpeg",
  "png",
  "webp",
  "gif",
  "avif",
  "tiff",
  "heif",
] as const;

export interface ImageFeatures {
  /** Mean luminance 0..1. */
  brightness: number;
  /** Mean HSV saturation 0..1. */
  saturation: number;
  /** Dominant hue in degrees 0..360 (weighted by saturation and value). */
  dominantHue: number;
  /** Standard deviation of luminance, scaled to 0..1. */
  contrast: number;
  /** -1 (cold blues) .. 1 (warm reds/oranges). */
  warmth: number;
  width: number;
  height: number;
}

export interface ImageAnalysis {
  features: ImageFeatures;
  mood: Mood;
  /** Genres that fit the picture, best first. */
  genreHints: Genre[];
  /** Suggested tempo in BPM. */
  tempo: number;
  /** Timbre brightness 0..1. */
  brightness: number;
  mode: "major" | "minor";
  /** Colour name of the dominant hue. */
  colorName: string;
  /** Words used to write lyrics about the picture. */
  imagery: string[];
  /** Human-readable explanation of what was inferred. */
  summary: string;
}

function hueName(h: number, s: number, v: number): string {
  if (v < 0.18) return "black";
  if (s < 0.15) return v > 0.8 ? "white" : "grey";
  if (h < 15 || h >= 345) return "red";
  if (h < 45) return "orange";
  if (h < 70) return "gold";
  if (h < 160) return "green";
  if (h < 200) return "teal";
  if (h < 255) return "blue";
  if (h < 290) return "violet";
  return "pink";
}

const COLOR_IMAGERY: Record<string, string[]> = {
  red: ["fire", "roses", "heart", "sunset"],
  orange: ["sunset", "fire", "summer", "embers"],
  gold: ["sun", "gold", "summer", "fields"],
  green: ["forest", "leaves", "meadow", "river"],
  teal: ["ocean", "waves", "tide", "glass"],
  blue: ["ocean", "sky", "rain", "night"],
  violet: ["dream", "stars", "twilight", "haze"],
  pink: ["roses", "dream", "sunrise", "heart"],
  black: ["night", "shadow", "stars", "midnight"],
  white: ["snow", "clouds", "light", "morning"],
  grey: ["rain", "clouds", "city", "window"],
};

/** Pure mapping from features to musical suggestions (used by compose in image mode). */
export function describeImage(f: ImageFeatures): ImageAnalysis {
  const b = f.brightness;
  const s = f.saturation;
  const c = f.contrast;
  const w = f.warmth;
  const scores: Record<Mood, number> = {
    Happy: b * 1.2 + s * 0.8 + w * 0.8 - c * 0.2,
    Confident: s * 0.6 + c * 1.2 + (0.5 - Math.abs(b - 0.5)) * 0.6,
    Motivational: b * 0.8 + s * 0.6 + c * 0.6 + w * 0.4 - 0.3,
    Melancholic: (1 - b) * 1.3 - w * 0.8 + (1 - s) * 0.4 - 0.2,
    Dreamy: b * 0.6 + (1 - c) * 0.8 + (1 - s) * 0.4 - Math.abs(w) * 0.2 - 0.15,
    Chill: (1 - c) * 0.6 + (0.6 - Math.abs(b - 0.5)) * 0.8 - w * 0.2 + (1 - s) * 0.2 - 0.2,
    Romantic:
      (f.dominantHue > 300 || f.dominantHue < 25 ? 0.5 : 0) +
      s * 0.3 +
      w * 0.5 +
      (1 - c) * 0.3 -
      0.2,
    Hype: s * 1.1 + c * 1.1 + b * 0.3 - 0.7,
  };
  let mood: Mood = "Dreamy";
  let best = -Infinity;
  for (const [m, v] of Object.entries(scores) as [Mood, number][]) {
    if (v > best) {
      best = v;
      mood = m;
    }
  }
  const colorName = hueName(f.dominantHue, s, b);
  const hints: Genre[] = [];
  const push = (g: Genre): void => {
    if (!hints.includes(g)) hints.push(g);
  };
  if (mood === "Hype") push("EDM");
  if (b < 0.3 && c > 0.35) push("Metal");
  if (c > 0.3 && s > 0.4) push("Rock");
  if (mood === "Melancholic" || (b < 0.4 && s < 0.3)) push("Classical");
  if (colorName === "green" || colorName === "gold") push("Country");
  if (mood === "Romantic") push("R&B");
  if (mood === "Chill") push("Jazz");
  if (mood === "Confident") push("Hip-Hop");
  if (mood === "Dreamy") push("EDM");
  push("Pop");
  const energy = Math.max(0, Math.min(1, 0.45 * b + 0.35 * s + 0.4 * c));
  const tempo = Math.round(62 + energy * 88);
  const brightness = Math.max(0.05, Math.min(0.95, 0.2 + 0.55 * b + 0.2 * s + 0.1 * w));
  const mode: "major" | "minor" = b * 0.7 + w * 0.35 + s * 0.15 > 0.42 ? "major" : "minor";
  const imagery = [...(COLOR_IMAGERY[colorName] ?? ["light"])];
  if (b > 0.65 && !imagery.includes("light")) imagery.push("light");
  if (b < 0.3 && !imagery.includes("night")) imagery.push("night");
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  const summary =
    `${colorName} picture, brightness ${pct(b)}, saturation ${pct(s)}, contrast ${pct(c)}, ` +
    `${w > 0.15 ? "warm" : w < -0.15 ? "cool" : "neutral"} colours → ${mood}, ${mode}, ~${tempo} BPM, ` +
    `suggested genres ${hints.slice(0, 3).join(", ")}`;
  return {
    features: f,
    mood,
    genreHints: hints,
    tempo,
    brightness,
    mode,
    colorName,
    imagery,
    summary,
  };
}

/** Validate the bytes of an upload and return its features and what the music engine infers from them. */
export async function analyzeImage(bytes: Uint8Array): Promise<ImageAnalysis> {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) {
    throw new MusicInputError(
      "image",
      "The image is empty. Upload a JPEG, PNG, WebP or GIF picture.",
    );
  }
  if (bytes.byteLength > MAX_IMAGE_BYTES) {
    throw new MusicInputError(
      "image",
      `The image is ${(bytes.byteLength / 1048576).toFixed(1)} MB; the limit is ${MAX_IMAGE_BYTES / 1048576} MB.`,
    );
  }
  const { default: sharp } = await import("sharp");
  let data: Buffer;
  let width = 0;
  let height = 0;
  try {
    const img = sharp(bytes, { failOn: "error", limitInputPixels: 60_000_000 });
    const meta = await img.metadata();
    if (!meta.format || !(SUPPORTED_IMAGE_FORMATS as readonly string[]).includes(meta.format)) {
      throw new Error(`unsupported format ${meta.format ?? "unknown"}`);
    }
    width = meta.width ?? 0;
    height = meta.height ?? 0;
    data = await img
      .rotate()
      .resize(64, 64, { fit: "inside" })
      .flatten({ background: "#808080" })
      .removeAlpha()
      .toColourspace("srgb")
      .raw()
      .toBuffer();
  } catch {
    throw new MusicInputError(
      "image",
      "The upload is not a readable image. Use a JPEG, PNG, WebP or GIF picture.",
    );
  }
  return describeImage(featuresFromRgb(data, width, height));
}

/** Colour statistics of packed 8-bit RGB pixels. */
export function featuresFromRgb(rgb: Uint8Array, width: number, height: number): ImageFeatures {
  const n = Math.floor(rgb.length / 3);
  let sumL = 0;
  let sumL2 = 0;
  let sumS = 0;
  let warm = 0;
  let warmW = 0;
  const bins = new Float64Array(36);
  for (let i = 0; i < n; i++) {
    const r = (rgb[i * 3] ?? 0) / 255;
    const g = (rgb[i * 3 + 1] ?? 0) / 255;
    const b = (rgb[i * 3 + 2] ?? 0) / 255;
    const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    sumL += l;
    sumL2 += l * l;
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    const d = max - min;
    const s = max === 0 ? 0 : d / max;
    sumS += s;
    if (d > 0.0001) {
      let h: number;
      if (max === r) h = ((g - b) / d) % 6;
      else if (max === g) h = (b - r) / d + 2;
      else h = (r - g) / d + 4;
      h = (h * 60 + 360) % 360;
      const weight = s * max;
      bins[Math.min(35, Math.floor(h / 10))]! += weight;
      // Warm around 30°, cold around 210°.
      warm += Math.cos(((h - 30) * Math.PI) / 180) * weight;
      warmW += weight;
    }
  }
  const meanL = n ? sumL / n : 0;
  const variance = n ? Math.max(0, sumL2 / n - meanL * meanL) : 0;
  let top = 0;
  for (let i = 1; i < 36; i++) if ((bins[i] ?? 0) > (bins[top] ?? 0)) top = i;
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    brightness: round(meanL),
    saturation: round(n ? sumS / n : 0),
    dominantHue: top * 10 + 5,
    contrast: round(Math.min(1, Math.sqrt(variance) / 0.5)),
    warmth: round(warmW > 0 ? (warm / warmW) * Math.min(1, (sumS / Math.max(1, n)) * 2.5) : 0),
    width,
    height,
  };
}
