import type { RouterOutputs } from "@harmoniq/api";
import type { InfiniteData } from "@tanstack/react-query";

export type PlaylistPage = RouterOutputs["playlist"]["byId"];
export type PlaylistEntry = PlaylistPage["songs"][number];
/** The loaded pages, whatever the type of their cursors. */
export type PlaylistPages<Cursor> = InfiniteData<PlaylistPage, Cursor>;

/**
 * The loaded pages with one song moved to `toIndex` (0-based over the whole playlist), as the
 * server will order it: a move past the loaded songs takes the song out of view (it lands on a
 * page not loaded yet). Pages keep their sizes, so the page boundaries the user sees do not jump;
 * positions are renumbered 0..n-1. Cursors are left as they were: the caller refetches the pages
 * once the server has answered.
 */
export function movedInPages<Cursor>(
  data: PlaylistPages<Cursor>,
  songId: string,
  toIndex: number,
): PlaylistPages<Cursor> {
  const entries = data.pages.flatMap((page) => page.songs);
  const from = entries.findIndex((entry) => entry.song.id === songId);
  if (from === -1) return data;
  const list = [...entries];
  const [moved] = list.splice(from, 1);
  const allLoaded = data.pages[data.pages.length - 1]?.nextCursor == null;
  if (toIndex < list.length || allLoaded) list.splice(Math.min(toIndex, list.length), 0, moved!);
  const renumbered = list.map((entry, position) => ({ ...entry, position }));
  let start = 0;
  const pages = data.pages.map((page, index) => {
    const last = index === data.pages.length - 1;
    const size = last ? renumbered.length - start : page.songs.length;
    const songs = renumbered.slice(start, start + size);
    start += size;
    return { ...page, songs };
  });
  return { ...data, pages };
}

/** The loaded pages without one song (removed), positions renumbered and the count lowered. */
export function removedFromPages<Cursor>(
  data: PlaylistPages<Cursor>,
  songId: string,
): PlaylistPages<Cursor> {
  let position = 0;
  const pages = data.pages.map((page) => {
    const songs = page.songs
      .filter((entry) => entry.song.id !== songId)
      .map((entry) => ({ ...entry, position: position++ }));
    return { ...page, songs, songCount: Math.max(0, page.songCount - 1) };
  });
  return { ...data, pages };
}
