/**
 * The version in a cover's URL (`/api/songs/:id/cover?v=…`). Browser-safe: the web app builds
 * cover URLs with it, the server checks it. It covers what can change a song's cover: its title
 * (editable), mood and genre, the design itself, and the key of the cover its owner uploaded
 * (content-addressed, so a new upload is a new key); a song's seed and image-mode picture never
 * change. Without an upload the version is what it was before uploads existed.
 */
import { hashString } from "../prng";

/** Bump when the artwork's design changes, so every cached cover is fetched again. */
export const COVER_DESIGN = 1;

export function coverVersion(song: {
  title: string;
  mood: string;
  genre: string;
  coverKey?: string | null;
}): string {
  const drawn = `${COVER_DESIGN}\n${song.title}\n${song.mood}\n${song.genre}`;
  const text = song.coverKey ? `${drawn}\n${song.coverKey}` : drawn;
  return `${COVER_DESIGN}.${hashString(text).toString(36)}`;
}
