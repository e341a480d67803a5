import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../database";
import { alias } from "drizzle-orm/pg-core";
import {
  notifications,
  playlistSongs,
  playlists,
  songComments,
  songLikes,
  songReposts,
  songs,
  user,
} from "../schema";
import { afterPosition, positionOf, type PagePosition } from "./pagination";
import { exactLikeCount } from "./likes";
import { shownToRecipient } from "./notifications";
import { songVisibleTo } from "./visibility";

// Queries behind a user's data export: everything a user owns or wrote,
// read in keyset pages so that a large library never sits in memory at once. Things of other
// people are included only as far as the user may see them.

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
  options: { after?: PagePosition | null; limit: number },
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
    .where(
      and(
        eq(songs.ownerId, ownerId),
        afterPosition("asc", [songs.createdAt, songs.id], positionOf(options.after)),
      ),
    )
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
  options: { after?: PagePosition | null; limit: number },
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
        afterPosition("asc", [songComments.createdAt, songComments.id], positionOf(options.after)),
      ),
    )
    .orderBy(asc(songComments.createdAt), asc(songComments.id))
    .limit(options.limit);
}

/** A page of the songs the user liked that they may still see, in the order they liked them. */
export async function listLikedSongsForExport(
  db: DbOrTx,
  userId: string,
  options: { after?: PagePosition | null; limit: number },
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
        afterPosition("asc", [songLikes.createdAt, songLikes.songId], positionOf(options.after)),
      ),
    )
    .orderBy(asc(songLikes.createdAt), asc(songLikes.songId))
    .limit(options.limit);
  return rows;
}

/**
 * A page of the songs the user reposted that they may still see, in the order they reposted
 * them (a repost of a song gone private is not shown anywhere, so it is not exported either).
 */
export async function listRepostsForExport(
  db: DbOrTx,
  userId: string,
  options: { after?: PagePosition | null; limit: number },
) {
  return db
    .select({
      songId: songReposts.songId,
      title: songs.title,
      authorHandle: user.handle,
      authorName: user.name,
      repostedAt: songReposts.createdAt,
    })
    .from(songReposts)
    .innerJoin(songs, eq(songs.id, songReposts.songId))
    .innerJoin(user, eq(user.id, songs.ownerId))
    .where(
      and(
        eq(songReposts.userId, userId),
        songVisibleTo(userId),
        afterPosition(
          "asc",
          [songReposts.createdAt, songReposts.songId],
          positionOf(options.after),
        ),
      ),
    )
    .orderBy(asc(songReposts.createdAt), asc(songReposts.songId))
    .limit(options.limit);
}

const actor = alias(user, "actor");
const remix = alias(songs, "remix");

/**
 * A page of the notifications the user received, oldest first, one per event (not grouped),
 * exactly those the notification list may show them (a remix only once it is public).
 */
export async function listNotificationsForExport(
  db: DbOrTx,
  userId: string,
  options: { after?: PagePosition | null; limit: number },
) {
  const n = notifications;
  return db
    .select({
      id: n.id,
      kind: n.kind,
      actorHandle: actor.handle,
      actorName: actor.name,
      songId: n.songId,
      songTitle: songs.title,
      remixId: n.remixId,
      remixTitle: remix.title,
      commentId: n.commentId,
      comment: songComments.content,
      atSec: n.atSec,
      readAt: n.readAt,
      createdAt: n.createdAt,
    })
    .from(n)
    .innerJoin(actor, eq(actor.id, n.actorId))
    .leftJoin(songs, eq(songs.id, n.songId))
    .leftJoin(remix, eq(remix.id, n.remixId))
    .leftJoin(songComments, eq(songComments.id, n.commentId))
    .where(
      and(
        eq(n.recipientId, userId),
        shownToRecipient,
        afterPosition("asc", [n.createdAt, n.id], positionOf(options.after)),
      ),
    )
    .orderBy(asc(n.createdAt), asc(n.id))
    .limit(options.limit);
}
