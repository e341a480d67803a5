import { and, asc, eq, inArray, sql, type SQLWrapper } from "drizzle-orm";
import type { DbOrTx } from "../database";
import { playlistSongs, playlists, songComments, songLikes, songs, user } from "../schema";
import { afterPosition } from "./pagination";
import { exactLikeCount } from "./songs";
import { songVisibleTo } from "./visibility";

// Queries behind a user's data export (and account deletion): everything a user owns or wrote,
// read in keyset pages so that a large library never sits in memory at once. Things of other
// people are included only as far as the user may see them.

/** Where the previous page ended: the last row's (createdAt, id). */
export interface ExportPosition {
  createdAt: Date;
  id: string;
}

const after = (
  position: ExportPosition | null | undefined,
  createdAt: SQLWrapper,
  id: SQLWrapper,
) =>
  afterPosition(
    "asc",
    [createdAt, id],
    position && [position.createdAt.toISOString(), position.id],
  );

/** The account's own profile, with its email (the export is for the account holder only). */
export async function getAccountForExport(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({
      id: user.id,
      name: user.name,
      handle: user.handle,
      email: user.email,
      bio: user.bio,
      image: user.image,
      createdAt: user.createdAt,
    })
    .from(user)
    .where(eq(user.id, userId));
  return row ?? null;
}

/** A page of the user's songs (private ones too), oldest first, with lyrics and score. */
export async function listOwnSongsForExport(
  db: DbOrTx,
  ownerId: string,
  options: { after?: ExportPosition | null; limit: number },
) {
  return db
    .select({
      id: songs.id,
      title: songs.title,
      description: songs.description,
      lyrics: songs.lyrics,
      mood: songs.mood,
      genre: songs.genre,
      creationMode: songs.creationMode,
      isPublic: songs.isPublic,
      status: songs.status,
      statusMessage: songs.statusMessage,
      durationSec: songs.durationSec,
      seed: songs.seed,
      parentId: songs.parentId,
      playCount: songs.playCount,
      likeCount: exactLikeCount(songs),
      commentCount: songs.commentCount,
      composition: songs.composition,
      inference: songs.inference,
      createdAt: songs.createdAt,
      updatedAt: songs.updatedAt,
    })
    .from(songs)
    .where(and(eq(songs.ownerId, ownerId), after(options.after, songs.createdAt, songs.id)))
    .orderBy(asc(songs.createdAt), asc(songs.id))
    .limit(options.limit);
}
export type ExportedSongRow = Awaited<ReturnType<typeof listOwnSongsForExport>>[number];

/**
 * The user's playlists with their songs in playlist order. Someone else's song that has since
 * become private is left out, as the playlist page leaves it out.
 */
export async function listOwnPlaylistsForExport(db: DbOrTx, ownerId: string) {
  const lists = await db
    .select({
      id: playlists.id,
      name: playlists.name,
      description: playlists.description,
      isPublic: playlists.isPublic,
      createdAt: playlists.createdAt,
      updatedAt: playlists.updatedAt,
    })
    .from(playlists)
    .where(eq(playlists.ownerId, ownerId))
    .orderBy(asc(playlists.createdAt), asc(playlists.id));
  if (lists.length === 0) return [];
  const entries = await db
    .select({
      playlistId: playlistSongs.playlistId,
      songId: songs.id,
      title: songs.title,
      authorHandle: user.handle,
      addedAt: playlistSongs.addedAt,
    })
    .from(playlistSongs)
    .innerJoin(songs, eq(songs.id, playlistSongs.songId))
    .innerJoin(user, eq(user.id, songs.ownerId))
    .where(
      and(
        inArray(
          playlistSongs.playlistId,
          lists.map((list) => list.id),
        ),
        songVisibleTo(ownerId),
      ),
    )
    .orderBy(asc(playlistSongs.playlistId), asc(playlistSongs.position));
  return lists.map((list) => ({
    ...list,
    songs: entries
      .filter((entry) => entry.playlistId === list.id)
      .map(({ playlistId: _playlistId, ...entry }, position) => ({ position, ...entry })),
  }));
}

/**
 * A page of the comments the user wrote, oldest first. The comment is theirs whoever owns
 * the song; the song's title is given only while the user may still see that song.
 */
export async function listOwnCommentsForExport(
  db: DbOrTx,
  authorId: string,
  options: { after?: ExportPosition | null; limit: number },
) {
  return db
    .select({
      id: songComments.id,
      songId: songComments.songId,
      songTitle: sql<string | null>`case when ${songVisibleTo(authorId)} then ${songs.title} end`,
      content: songComments.content,
      atSec: songComments.atSec,
      createdAt: songComments.createdAt,
    })
    .from(songComments)
    .innerJoin(songs, eq(songs.id, songComments.songId))
    .where(
      and(
        eq(songComments.authorId, authorId),
        after(options.after, songComments.createdAt, songComments.id),
      ),
    )
    .orderBy(asc(songComments.createdAt), asc(songComments.id))
    .limit(options.limit);
}

/** A page of the songs the user liked that they may still see, in the order they liked them. */
export async function listLikedSongsForExport(
  db: DbOrTx,
  userId: string,
  options: { after?: ExportPosition | null; limit: number },
) {
  const rows = await db
    .select({
      songId: songLikes.songId,
      title: songs.title,
      authorHandle: user.handle,
      authorName: user.name,
      likedAt: songLikes.createdAt,
    })
    .from(songLikes)
    .innerJoin(songs, eq(songs.id, songLikes.songId))
    .innerJoin(user, eq(user.id, songs.ownerId))
    .where(
      and(
        eq(songLikes.userId, userId),
        songVisibleTo(userId),
        after(options.after, songLikes.createdAt, songLikes.songId),
      ),
    )
    .orderBy(asc(songLikes.createdAt), asc(songLikes.songId))
    .limit(options.limit);
  return rows;
}

/** Every score the user's songs render from, with its seed (account deletion cleans audio). */
export async function listOwnCompositions(
  db: DbOrTx,
  ownerId: string,
  options: { after?: ExportPosition | null; limit: number },
) {
  return db
    .select({
      id: songs.id,
      seed: songs.seed,
      composition: songs.composition,
      createdAt: songs.createdAt,
    })
    .from(songs)
    .where(and(eq(songs.ownerId, ownerId), after(options.after, songs.createdAt, songs.id)))
    .orderBy(asc(songs.createdAt), asc(songs.id))
    .limit(options.limit);
}

/**
 * Scores of any songs with one of these seeds. Songs with the same score share one audio
 * file, and the same score implies the same seed, so this finds every possible sharer
 * without comparing every score in the table.
 */
export async function listCompositionsBySeed(db: DbOrTx, seeds: number[]) {
  if (seeds.length === 0) return [];
  return db
    .select({ id: songs.id, composition: songs.composition })
    .from(songs)
    .where(and(inArray(songs.seed, seeds), sql`${songs.composition} is not null`));
}
