import { coverVersion } from "@harmoniq/music/cover-version";

/** What a cover URL is made from: `coverKey` (an uploaded cover) is in every song view. */
type CoverSong = {
  id: string;
  title: string;
  mood: string;
  genre: string;
  coverKey: string | null;
};

/** Covers are square; the server draws them at this size (px), or at half of it for cards. */
export const COVER_SIZE = 1024;

/**
 * The one URL of a song's cover art, used by cards, the song page, the player and share
 * previews. The version makes it safe to cache for good: renaming the song or uploading a cover
 * changes it.
 * WebP by default; PNG for share previews, which some crawlers still prefer.
 */
export function coverUrl(song: CoverSong, options: { format?: "png"; size?: 512 } = {}): string {
  const params = new URLSearchParams({ v: coverVersion(song) });
  if (options.size) params.set("size", String(options.size));
  if (options.format) params.set("format", options.format);
  return `/api/songs/${song.id}/cover?${params.toString()}`;
}

/** Both sizes, for `srcSet`: the browser picks by the image's width on screen. */
export function coverSrcSet(song: CoverSong) {
  return `${coverUrl(song, { size: 512 })} 512w, ${coverUrl(song)} ${COVER_SIZE}w`;
}

/** What a cover shows, for people who cannot see it. */
export function coverAlt(song: { title: string; mood: string; genre: string }): string {
  return `Cover art for “${song.title}” (${song.mood.toLowerCase()} ${song.genre})`;
}
