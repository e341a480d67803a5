import { renderVoice } from "../voice";
import type { RenderSongOptions } from "./song";

/**
 * How the product renders: a score with vocals (`composition.vocals`) is sung by its voice; the
 * render pool's workers use exactly these options, so in-thread renders with them match the pool.
 */
export const SUNG: RenderSongOptions = {
  vocals: (notes, voice) => renderVoice(notes, { voice }),
};
