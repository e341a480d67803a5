import { eq, or, type SQL } from "drizzle-orm";
import { playlists, songs } from "../schema";

// Who may see what, in one place: a private song or playlist is visible to its owner alone.

export function songVisibleTo(viewerId: string | null | undefined): SQL {
  return viewerId ? (or(eq(songs.isPublic, true), eq(songs.ownerId, viewerId)) as SQL) : eq(songs.isPublic, true);
}

export function playlistVisibleTo(viewerId: string | null | undefined): SQL {
  return viewerId
    ? (or(eq(playlists.isPublic, true), eq(playlists.ownerId, viewerId)) as SQL)
    : eq(playlists.isPublic, true);
}

