/**
 * The version in a cover's URL (`/api/songs/:id/cover?v=…`). Browser-safe: the web app builds
 * cover URLs with it, the server checks it. It covers what can change a song's cover: its title
 * (editable), mood and genre, and the design itself; a song's seed and picture never change.
 */
import { hashString } from "../prng";

/** Bump when the artwork's design changes, so every cached cover is fetched again. */
export const COVER_DESIGN = 1;

export function coverVersion(song: { title: string; mood: string; genre: string }): string {
  const text = `${COVER_DESIGN}\n${song.title}\n${song.mood}\n${song.genre}`;
  return `${COVER_DESIGN}.${hashString(text).toString(36)}`;
}
