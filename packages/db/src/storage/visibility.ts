import { eq, or, sql, type Placeholder, type SQL } from "drizzle-orm";
import { playlists, songs } from "../schema";

// Who may see what, in one place: a private song or playlist is visible to its owner alone.
// `is_public` is written as a literal condition, not `= $1`, so that PostgreSQL can match the
// partial feed indexes (WHERE is_public) even in a prepared statement's generic plan.

export const songIsPublic = sql`${songs.isPublic}`;
export const playlistIsPublic = sql`${playlists.isPublic}`;

/** `viewerId` may be a placeholder of a prepared statement (see runPrepared). */
export function songVisibleTo(viewerId: string | Placeholder | null | undefined): SQL {
  return viewerId ? (or(songIsPublic, eq(songs.ownerId, viewerId)) as SQL) : songIsPublic;
}

export function playlistVisibleTo(viewerId: string | null | undefined): SQL {
  return viewerId
    ? (or(playlistIsPublic, eq(playlists.ownerId, viewerId)) as SQL)
    : playlistIsPublic;
}
