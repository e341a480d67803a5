import { and, asc, count, desc, eq, isNotNull, ne, or, sql } from "drizzle-orm";
import { generateKeyBetween } from "fractional-indexing";
import { z } from "zod";
import type { DbOrTx } from "../database";
import { LIMITS } from "../constants";
import { badRequest, conflict, forbidden, notFound, parseInput } from "../errors";
import {
  insertPlaylistSchema,
  playlistSongs,
  playlists,
  songLikes,
  songs,
  updatePlaylistSchema,
  user,
  type InsertPlaylist,
  type UpdatePlaylist,
} from "../schema";
import {
  afterPosition,
  clampLimit,
  decodeCursor,
  encodeCursor,
  isUuid,
  toPage,
} from "./pagination";
import { authorColumns, songSummaryColumns } from "./songs";
import { playlistIsPublic, playlistVisibleTo, songIsPublic, songVisibleTo } from "./visibility";

const playlistColumns = {
  id: playlists.id,
  name: playlists.name,
  description: playlists.description,
  isPublic: playlists.isPublic,
  createdAt: playlists.createdAt,
  updatedAt: playlists.updatedAt,
  owner: authorColumns,
};

export async function createPlaylist(db: DbOrTx, ownerId: string, input: InsertPlaylist) {
  const values = parseInput(insertPlaylistSchema, input);
  const [row] = await db
    .insert(playlists)
    .values({ ...values, ownerId })
    .returning({ id: playlists.id });
  return (await getPlaylist(db, { id: row!.id, viewerId: ownerId }))!;
}

/**
 * A playlist with its songs in order (positions 0..n-1), or null when the viewer may not see
 * it. Songs the viewer may not see (someone's private song) are left out. Without `page`, every
 * song (up to LIMITS.playlistSongsMax); with it, `page.limit` entries (default
 * LIMITS.playlistPageDefault) after `page.cursor`, and `nextCursor` for the rest. `songCount`
 * is how many songs the viewer sees in all (positions run 0..songCount-1 over the pages).
 */
export async function getPlaylist(
  db: DbOrTx,
  { id, viewerId }: { id: string; viewerId: string | null | undefined },
  page?: PlaylistPageOptions,
) {
  if (!isUuid(id)) return null;
  const after = page?.cursor ? decodeCursor(page.cursor, entryCursor) : null;
  const limit = page ? playlistPageLimit(page.limit) : LIMITS.playlistSongsMax;
  const queries = playlistPageQueries(db, { after: after !== null, signedIn: !!viewerId });
  // The count is taken with the first page and carried by the cursor to the next ones, so that
  // positions stay consistent over the pages while the playlist changes.
  const [playlist] = await queries.header.execute({ id, viewerId, songCount: after?.[2] });
  if (!playlist) return null;
  const rows = await queries.entries.execute({
    id,
    viewerId,
    afterKey: after?.[0],
    limit: limit + 1,
  });
  const pageRows = rows.slice(0, limit);
  const first = after?.[1] ?? 0;
  const visible = pageRows.filter((row) => row.visibleToViewer);
  const last = pageRows[pageRows.length - 1];
  return {
    ...playlist,
    songs: visible.map(({ entryKey: _key, visibleToViewer: _visible, ...song }, index) => ({
      position: first + index,
      song,
    })),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor([last.entryKey, first + visible.length, playlist.songCount])
        : null,
  };
}
export type PlaylistDetails = NonNullable<Awaited<ReturnType<typeof getPlaylist>>>;

/** Shape of a playlist read: after a cursor or from the start; for someone or for anyone. */
interface PageShape {
  after: boolean;
  signedIn: boolean;
}

/**
 * The two statements of a playlist read, built with placeholders for one shape: its header
 * (and from the start `songCount`, how many of its songs the viewer sees: the positions are
 * 0..songCount-1 over all pages, so the last one is songCount-1), then one page of entries.
 */
function buildPageQueries(db: DbOrTx, { after, signedIn }: PageShape) {
  const viewer = sql.placeholder("viewerId");
  const songVisible = signedIn ? or(songIsPublic, eq(songs.ownerId, viewer))! : songIsPublic;
  // songCount without looking at the songs: every entry (a counter on the playlist) minus the
  // private entries that are not the viewer's (a partial index holds only private entries).
  // Both are kept by triggers, see migration 0008_playlist_song_counts.
  const hiddenFromViewer = db
    .select({ n: count() })
    .from(playlistSongs)
    .where(
      and(
        eq(playlistSongs.playlistId, playlists.id),
        isNotNull(playlistSongs.privateOwnerId),
        signedIn ? ne(playlistSongs.privateOwnerId, viewer) : undefined,
      ),
    );
  const header = db
    .select({
      ...playlistColumns,
      songCount: after
        ? sql<number>`${sql.placeholder("songCount")}::int`
        : sql<number>`(${playlists.songCount} - (${hiddenFromViewer}))::int`,
    })
    .from(playlists)
    .innerJoin(user, eq(user.id, playlists.ownerId))
    .where(
      and(
        eq(playlists.id, sql.placeholder("id")),
        signedIn ? or(playlistIsPublic, eq(playlists.ownerId, viewer)) : playlistIsPublic,
      ),
    );
  // The entries first, in order from the (playlist_id, position) index: joined directly,
  // PostgreSQL may scan every playlist's entries in parallel instead (20 ms of the 70 ms it took
  // for 1000 songs among a million). Visibility is selected rather than filtered, so that the
  // page and its cursor are counted in entries, hidden songs included (they are dropped after).
  const entries = db
    .select({ songId: playlistSongs.songId, position: playlistSongs.position })
    .from(playlistSongs)
    .where(
      and(
        eq(playlistSongs.playlistId, sql.placeholder("id")),
        after ? sql`${playlistSongs.position} > ${sql.placeholder("afterKey")}` : undefined,
      ),
    )
    .orderBy(asc(playlistSongs.position))
    .limit(sql.placeholder("limit"))
    .as("entries");
  const rows = db
    .select({
      ...songSummaryColumns,
      author: authorColumns,
      likedByMe: signedIn
        ? sql<boolean>`exists (select 1 from ${songLikes} where ${songLikes.userId} = ${viewer} and ${songLikes.songId} = ${songs.id})`
        : sql<boolean>`false`,
      entryKey: sql<string>`${entries.position}`,
      visibleToViewer: sql<boolean>`${songVisible}`,
    })
    .from(entries)
    .innerJoin(songs, eq(songs.id, entries.songId))
    .innerJoin(user, eq(user.id, songs.ownerId))
    .orderBy(asc(entries.position));
  const key = `${+after}${+signedIn}`;
  return {
    header: header.prepare(`playlist_header_${key}`),
    entries: rows.prepare(`playlist_entries_${key}`),
  };
}
type PageQueries = ReturnType<typeof buildPageQueries>;
const preparedByDb = new WeakMap<DbOrTx, Map<string, PageQueries>>();

/** Prepared once per database (or transaction) and shape, then reused. */
function playlistPageQueries(db: DbOrTx, shape: PageShape): PageQueries {
  let cache = preparedByDb.get(db);
  if (!cache) preparedByDb.set(db, (cache = new Map()));
  const key = `${+shape.after}${+shape.signedIn}`;
  let queries = cache.get(key);
  if (!queries) cache.set(key, (queries = buildPageQueries(db, shape)));
  return queries;
}

export interface PlaylistPageOptions {
  /** From the previous page's `nextCursor`. */
  cursor?: string | null;
  /** Entries per page, 1 to LIMITS.playlistPageMax. */
  limit?: number;
}

/**
 * Where the previous page ended: its last entry's key, the index the next song gets, and the
 * songCount of the first page.
 */
const entryCursor = z.tuple([
  z.string().min(1).max(200),
  z.number().int().min(0).max(1_000_000),
  z.number().int().min(0).max(1_000_000),
]);

function playlistPageLimit(limit: number | undefined) {
  if (limit === undefined) return LIMITS.playlistPageDefault;
  if (!Number.isInteger(limit) || limit < 1 || limit > LIMITS.playlistPageMax) {
    throw badRequest(`limit must be a whole number from 1 to ${LIMITS.playlistPageMax}`);
  }
  return limit;
}

const playlistCursor = z.tuple([z.iso.datetime(), z.uuid()]);

/** A user's playlists, newest first: all for the owner, public ones for everyone else. */
export async function listPlaylistsByOwner(
  db: DbOrTx,
  ownerId: string,
  options: {
    viewerId?: string | null;
    cursor?: string | null;
    limit?: number;
    /** Only public playlists, even for the owner (their public profile). */
    publicOnly?: boolean;
  } = {},
) {
  const limit = clampLimit(options.limit);
  const after = options.cursor ? decodeCursor(options.cursor, playlistCursor) : null;
  const rows = await db
    .select({ ...playlistColumns, songCount: playlists.songCount })
    .from(playlists)
    .innerJoin(user, eq(user.id, playlists.ownerId))
    .where(
      and(
        eq(playlists.ownerId, ownerId),
        options.publicOnly ? playlistIsPublic : playlistVisibleTo(options.viewerId),
        afterPosition("desc", [playlists.createdAt, playlists.id], after),
      ),
    )
    .orderBy(desc(playlists.createdAt), desc(playlists.id))
    .limit(limit + 1);
  return toPage(
    rows,
    limit,
    (row) => row,
    (row) => [row.createdAt.toISOString(), row.id],
  );
}
export type PlaylistSummary = Awaited<ReturnType<typeof listPlaylistsByOwner>>["items"][number];

/**
 * The one ownership rule for playlists, applied under a row lock so that concurrent edits of
 * one playlist run one after another: a private playlist of someone else does not exist for
 * you (NOT_FOUND); a public one is visible but not yours to change (FORBIDDEN).
 */
async function lockOwnedPlaylist(
  tx: DbOrTx,
  { playlistId, userId }: { playlistId: string; userId: string },
) {
  if (!isUuid(playlistId)) throw notFound("Playlist");
  const [row] = await tx
    .select({ ownerId: playlists.ownerId, isPublic: playlists.isPublic })
    .from(playlists)
    .where(eq(playlists.id, playlistId))
    .for("update");
  if (!row || (!row.isPublic && row.ownerId !== userId)) throw notFound("Playlist");
  if (row.ownerId !== userId) throw forbidden("Only the playlist's owner can change it");
}

export async function updatePlaylist(
  db: DbOrTx,
  { id, userId }: { id: string; userId: string },
  patch: UpdatePlaylist,
) {
  const values = parseInput(updatePlaylistSchema, patch);
  await db.transaction(async (tx) => {
    await lockOwnedPlaylist(tx, { playlistId: id, userId });
    await tx
      .update(playlists)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(playlists.id, id));
  });
  return (await getPlaylist(db, { id, viewerId: userId }))!;
}

export async function deletePlaylist(
  db: DbOrTx,
  { id, userId }: { id: string; userId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    await lockOwnedPlaylist(tx, { playlistId: id, userId });
    await tx.delete(playlists).where(eq(playlists.id, id));
  });
}

/** Keys of a playlist's entries in order (all of them, visible to the reader or not). */
async function orderedKeys(tx: DbOrTx, playlistId: string) {
  return tx
    .select({ songId: playlistSongs.songId, position: playlistSongs.position })
    .from(playlistSongs)
    .where(eq(playlistSongs.playlistId, playlistId))
    .orderBy(asc(playlistSongs.position));
}

/** Appends a song the user can see to the end of their playlist. */
export async function addSongToPlaylist(
  db: DbOrTx,
  input: { playlistId: string; songId: string; userId: string },
) {
  const { playlistId, songId, userId } = input;
  await db.transaction(async (tx) => {
    // The song is locked first (FOR SHARE: a change of its privacy or its deletion waits for
    // this transaction, and this one for theirs), the playlist second, in the order a song's
    // deletion takes them (the song, then its playlists' counters), so the two never deadlock.
    // It also keeps the privacy the new entry copies (migration 0008) current until we commit.
    const [song] = isUuid(songId)
      ? await tx
          .select({ id: songs.id })
          .from(songs)
          .where(and(eq(songs.id, songId), songVisibleTo(userId)))
          .for("share")
      : [];
    await lockOwnedPlaylist(tx, { playlistId, userId });
    if (!song) throw notFound("Song");
    const entries = await orderedKeys(tx, playlistId);
    if (entries.some((entry) => entry.songId === songId)) {
      throw conflict("That song is already in this playlist");
    }
    if (entries.length >= LIMITS.playlistSongsMax) {
      throw badRequest(`A playlist holds at most ${LIMITS.playlistSongsMax} songs`);
    }
    const position = generateKeyBetween(entries[entries.length - 1]?.position ?? null, null);
    await tx.insert(playlistSongs).values({ playlistId, songId, position });
    await tx.update(playlists).set({ updatedAt: new Date() }).where(eq(playlists.id, playlistId));
  });
  return (await getPlaylist(db, { id: playlistId, viewerId: userId }))!;
}

export async function removeSongFromPlaylist(
  db: DbOrTx,
  input: { playlistId: string; songId: string; userId: string },
) {
  const { playlistId, songId, userId } = input;
  await db.transaction(async (tx) => {
    await lockOwnedPlaylist(tx, { playlistId, userId });
    if (!isUuid(songId)) throw notFound("Song in this playlist");
    const deleted = await tx
      .delete(playlistSongs)
      .where(and(eq(playlistSongs.playlistId, playlistId), eq(playlistSongs.songId, songId)))
      .returning({ songId: playlistSongs.songId });
    if (deleted.length === 0) throw notFound("Song in this playlist");
    await tx.update(playlists).set({ updatedAt: new Date() }).where(eq(playlists.id, playlistId));
  });
  return (await getPlaylist(db, { id: playlistId, viewerId: userId }))!;
}

/**
 * Moves a song to `toIndex` (0-based, in the order the owner sees). One row gets a new key
 * between its new neighbours; nothing else is renumbered.
 */
export async function moveSongInPlaylist(
  db: DbOrTx,
  input: { playlistId: string; songId: string; toIndex: number; userId: string },
) {
  const { playlistId, songId, toIndex, userId } = input;
  if (!Number.isInteger(toIndex) || toIndex < 0) {
    throw badRequest("toIndex must be a whole number from 0");
  }
  await db.transaction(async (tx) => {
    await lockOwnedPlaylist(tx, { playlistId, userId });
    const entries = await orderedKeys(tx, playlistId);
    // Indexes count the songs the owner can see; songs hidden from them keep their keys.
    const visible = new Set(
      (
        await tx
          .select({ id: songs.id })
          .from(playlistSongs)
          .innerJoin(songs, eq(songs.id, playlistSongs.songId))
          .where(and(eq(playlistSongs.playlistId, playlistId), songVisibleTo(userId)))
      ).map((row) => row.id),
    );
    const visibleEntries = entries.filter((entry) => visible.has(entry.songId));
    const from = isUuid(songId) ? visibleEntries.findIndex((entry) => entry.songId === songId) : -1;
    if (from === -1) throw notFound("Song in this playlist");
    if (toIndex >= visibleEntries.length) {
      throw badRequest(`toIndex must be less than ${visibleEntries.length}, the number of songs`);
    }
    if (from === toIndex) return;
    const others = entries.filter((entry) => entry.songId !== songId);
    const anchor = visibleEntries.filter((entry) => entry.songId !== songId)[toIndex];
    // Insert just before the anchor (or at the very end), between two adjacent keys.
    const anchorAt = anchor ? others.indexOf(anchor) : others.length;
    const before = others[anchorAt - 1]?.position ?? null;
    const after = anchor?.position ?? null;
    await tx
      .update(playlistSongs)
      .set({ position: generateKeyBetween(before, after) })
      .where(and(eq(playlistSongs.playlistId, playlistId), eq(playlistSongs.songId, songId)));
    await tx.update(playlists).set({ updatedAt: new Date() }).where(eq(playlists.id, playlistId));
  });
  return (await getPlaylist(db, { id: playlistId, viewerId: userId }))!;
}
