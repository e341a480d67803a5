import { and, asc, desc, eq, inArray, isNotNull, ne, or, sql, type SQL } from "drizzle-orm";
import type { Genre } from "@harmoniq/vocabulary";
import type { DbOrTx } from "../database";
import { songLikes, songPlays, songs, user } from "../schema";
import { isUuid } from "./pagination";
import { songVisibleTo } from "./visibility";

// The library a music player browses (OpenSubsonic, `/rest/*`): the finished songs a listener
// may hear (their own, private or not, and everyone's public ones), their creators as artists
// and the genres. Nothing here ever returns a song the viewer may not see.

export const LIBRARY_ORDERS = [
  "newest",
  "random",
  "alphabetical",
  "frequent",
  "recent",
  "starred",
] as const;
export type LibraryOrder = (typeof LIBRARY_ORDERS)[number];

/** At most this many rows per call. */
export const LIBRARY_PAGE_MAX = 500;

const playable = (viewerId: string) =>
  and(songVisibleTo(viewerId), eq(songs.status, "ready")) as SQL;

const starredAt = (viewerId: string) =>
  sql<Date | null>`(select ${songLikes.createdAt} from ${songLikes} where ${songLikes.userId} = ${viewerId} and ${songLikes.songId} = ${songs.id})`.mapWith(
    (value: string | Date | null) => (value === null ? null : new Date(value)),
  );

const lastPlayedAt = (viewerId: string) =>
  sql<Date | null>`(select max(${songPlays.playedAt}) from ${songPlays} where ${songPlays.songId} = ${songs.id} and ${songPlays.listenerId} = ${viewerId})`;

const librarySongColumns = (viewerId: string) => ({
  id: songs.id,
  title: songs.title,
  genre: songs.genre,
  durationSec: songs.durationSec,
  playCount: songs.playCount,
  isPublic: songs.isPublic,
  createdAt: songs.createdAt,
  artistId: songs.ownerId,
  artistName: user.name,
  starredAt: starredAt(viewerId),
});
export type LibrarySong = {
  id: string;
  title: string;
  genre: Genre;
  durationSec: number;
  playCount: number;
  isPublic: boolean;
  createdAt: Date;
  artistId: string;
  artistName: string;
  starredAt: Date | null;
};

/** `%text%` for ILIKE with `%`, `_` and `\` matched as themselves; null for no filter. */
function containsPattern(query: string | undefined): string | null {
  const text = (query ?? "")
    .normalize("NFKC")
    .trim()
    .replace(/^"(.*)"$/, "$1")
    .trim();
  if (!text) return null;
  return `%${text.replace(/[\\%_]/g, "\\$&")}%`;
}

const clamp = (n: number | undefined, fallback: number) =>
  Math.min(Math.max(Math.trunc(n ?? fallback), 0), LIBRARY_PAGE_MAX);

export interface LibrarySongQuery {
  viewerId: string;
  order?: LibraryOrder;
  genre?: Genre;
  artistId?: string;
  /** Songs whose title or creator's name contains this text. */
  query?: string;
  limit?: number;
  offset?: number;
}

/** Playable songs the viewer may hear, in the asked order. */
export async function listLibrarySongs(db: DbOrTx, q: LibrarySongQuery): Promise<LibrarySong[]> {
  const limit = clamp(q.limit, 50);
  if (limit === 0) return [];
  const pattern = containsPattern(q.query);
  const where = and(
    playable(q.viewerId),
    q.genre ? eq(songs.genre, q.genre) : undefined,
    q.artistId ? eq(songs.ownerId, q.artistId) : undefined,
    pattern ? sql`(${songs.title} ilike ${pattern} or ${user.name} ilike ${pattern})` : undefined,
    q.order === "starred" ? isNotNull(starredAt(q.viewerId)) : undefined,
    q.order === "recent" ? isNotNull(lastPlayedAt(q.viewerId)) : undefined,
  );
  const orderBy: SQL[] = {
    newest: [desc(songs.createdAt), desc(songs.id)],
    random: [sql`random()`],
    alphabetical: [asc(sql`lower(${songs.title})`), asc(songs.id)],
    frequent: [desc(songs.playCount), desc(songs.id)],
    recent: [sql`${lastPlayedAt(q.viewerId)} desc`, desc(songs.id)],
    starred: [sql`${starredAt(q.viewerId)} desc`, desc(songs.id)],
  }[q.order ?? "newest"];
  return db
    .select(librarySongColumns(q.viewerId))
    .from(songs)
    .innerJoin(user, eq(user.id, songs.ownerId))
    .where(where)
    .orderBy(...orderBy)
    .limit(limit)
    .offset(Math.max(Math.trunc(q.offset ?? 0), 0));
}

/** One playable song the viewer may hear, or null (unknown, private to someone else, not ready). */
export async function getLibrarySong(
  db: DbOrTx,
  { id, viewerId }: { id: string; viewerId: string },
): Promise<LibrarySong | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select(librarySongColumns(viewerId))
    .from(songs)
    .innerJoin(user, eq(user.id, songs.ownerId))
    .where(and(eq(songs.id, id), playable(viewerId)));
  return row ?? null;
}

export interface LibraryArtist {
  id: string;
  name: string;
  songCount: number;
}

/** Creators with at least one song the viewer may hear, by name. */
export async function listLibraryArtists(
  db: DbOrTx,
  q: { viewerId: string; query?: string; limit?: number; offset?: number; id?: string },
): Promise<LibraryArtist[]> {
  const pattern = containsPattern(q.query);
  return db
    .select({ id: user.id, name: user.name, songCount: sql<number>`count(*)::int` })
    .from(songs)
    .innerJoin(user, eq(user.id, songs.ownerId))
    .where(
      and(
        playable(q.viewerId),
        q.id ? eq(user.id, q.id) : undefined,
        pattern ? sql`${user.name} ilike ${pattern}` : undefined,
      ),
    )
    .groupBy(user.id, user.name)
    .orderBy(asc(sql`lower(${user.name})`), asc(user.id))
    .limit(clamp(q.limit, LIBRARY_PAGE_MAX))
    .offset(Math.max(Math.trunc(q.offset ?? 0), 0));
}

/**
 * Public songs by other creators that share a genre or a mood with the creator's songs the viewer
 * may hear (both first), in random order within that; never the creator's own songs.
 */
export async function listSimilarLibrarySongs(
  db: DbOrTx,
  q: { viewerId: string; artistId: string; limit?: number },
): Promise<LibrarySong[]> {
  const limit = clamp(q.limit, 50);
  if (limit === 0) return [];
  const theirs = await db
    .selectDistinct({ genre: songs.genre, mood: songs.mood })
    .from(songs)
    .where(and(playable(q.viewerId), eq(songs.ownerId, q.artistId)));
  if (theirs.length === 0) return [];
  const sameGenre = inArray(songs.genre, [...new Set(theirs.map((t) => t.genre))]);
  const sameMood = inArray(songs.mood, [...new Set(theirs.map((t) => t.mood))]);
  return db
    .select(librarySongColumns(q.viewerId))
    .from(songs)
    .innerJoin(user, eq(user.id, songs.ownerId))
    .where(
      and(
        playable(q.viewerId),
        eq(songs.isPublic, true),
        ne(songs.ownerId, q.artistId),
        or(sameGenre, sameMood),
      ),
    )
    .orderBy(sql`(${sameGenre} and ${sameMood}) desc`, sql`random()`)
    .limit(limit);
}

/** A creator with songs the viewer may hear, or null. */
export async function getLibraryArtist(
  db: DbOrTx,
  { id, viewerId }: { id: string; viewerId: string },
): Promise<LibraryArtist | null> {
  const [artist] = await listLibraryArtists(db, { viewerId, id, limit: 1 });
  return artist ?? null;
}

/** Genres with how many songs the viewer may hear in each. */
export async function listLibraryGenres(db: DbOrTx, viewerId: string) {
  return db
    .select({ genre: songs.genre, songCount: sql<number>`count(*)::int` })
    .from(songs)
    .where(playable(viewerId))
    .groupBy(songs.genre)
    .orderBy(asc(songs.genre));
}
