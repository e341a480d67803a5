import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../database";
import { badRequest, forbidden, isForeignKeyViolation, notFound, parseInput } from "../errors";
import {
  insertSongCommentSchema,
  notifications,
  songComments,
  songs,
  user,
  type InsertSongComment,
} from "../schema";
import { afterPosition, clampLimit, decodeCursor, isUuid, toPage } from "./pagination";
import { authorColumns } from "./songs";
import { songVisibleTo } from "./visibility";

const commentColumns = {
  id: songComments.id,
  songId: songComments.songId,
  content: songComments.content,
  atSec: songComments.atSec,
  createdAt: songComments.createdAt,
  author: authorColumns,
};

const commentCursor = z.tuple([z.iso.datetime(), z.uuid()]);

/** Comments on a song the viewer can see, oldest first. */
export async function listComments(
  db: DbOrTx,
  songId: string,
  options: { viewerId?: string | null; cursor?: string | null; limit?: number } = {},
) {
  const limit = clampLimit(options.limit);
  if (!isUuid(songId)) throw notFound("Song");
  const after = options.cursor ? decodeCursor(options.cursor, commentCursor) : null;
  const [song] = await db
    .select({ id: songs.id })
    .from(songs)
    .where(and(eq(songs.id, songId), songVisibleTo(options.viewerId)));
  if (!song) throw notFound("Song");
  const rows = await db
    .select(commentColumns)
    .from(songComments)
    .innerJoin(user, eq(user.id, songComments.authorId))
    .where(
      and(
        eq(songComments.songId, songId),
        afterPosition("asc", [songComments.createdAt, songComments.id], after),
      ),
    )
    .orderBy(asc(songComments.createdAt), asc(songComments.id))
    .limit(limit + 1);
  return toPage(
    rows,
    limit,
    (row) => row,
    (row) => [row.createdAt.toISOString(), row.id],
  );
}
export type SongCommentView = Awaited<ReturnType<typeof listComments>>["items"][number];

/** Adds a comment (optionally pinned to a moment) and moves the song's counter with it. */
export async function addComment(db: DbOrTx, authorId: string, input: InsertSongComment) {
  const values = parseInput(insertSongCommentSchema, input);
  if (!isUuid(values.songId)) throw notFound("Song");
  try {
    const id = await db.transaction(async (tx) => {
      const [song] = await tx
        .select({ id: songs.id, durationSec: songs.durationSec, ownerId: songs.ownerId })
        .from(songs)
        .where(and(eq(songs.id, values.songId), songVisibleTo(authorId)));
      if (!song) throw notFound("Song");
      if (values.atSec != null && values.atSec > song.durationSec) {
        throw badRequest(`atSec is past the end of the song (${song.durationSec} s)`);
      }
      const [row] = await tx
        .insert(songComments)
        .values({ ...values, authorId })
        .returning({ id: songComments.id });
      if (song.ownerId !== authorId) {
        await tx.insert(notifications).values({
          recipientId: song.ownerId,
          actorId: authorId,
          kind: "comment",
          songId: song.id,
          commentId: row!.id,
          atSec: values.atSec ?? null,
        });
      }
      await tx
        .update(songs)
        .set({ commentCount: sql`${songs.commentCount} + 1` })
        .where(eq(songs.id, values.songId));
      return row!.id;
    });
    const [comment] = await db
      .select(commentColumns)
      .from(songComments)
      .innerJoin(user, eq(user.id, songComments.authorId))
      .where(eq(songComments.id, id));
    return comment!;
  } catch (error) {
    if (isForeignKeyViolation(error)) throw notFound("Song");
    throw error;
  }
}

/**
 * Deletes a comment. Its author and the song's owner may; anyone else who can see it gets
 * FORBIDDEN, and a comment on a song they cannot see does not exist for them.
 */
export async function deleteComment(
  db: DbOrTx,
  { id: commentId, userId }: { id: string; userId: string },
): Promise<void> {
  if (!isUuid(commentId)) throw notFound("Comment");
  await db.transaction(async (tx) => {
    const [comment] = await tx
      .select({ authorId: songComments.authorId, songId: songs.id, songOwnerId: songs.ownerId })
      .from(songComments)
      .innerJoin(songs, eq(songs.id, songComments.songId))
      .where(and(eq(songComments.id, commentId), songVisibleTo(userId)));
    if (!comment) throw notFound("Comment");
    if (comment.authorId !== userId && comment.songOwnerId !== userId) {
      throw forbidden("Only the comment's author or the song's owner can delete it");
    }
    const deleted = await tx
      .delete(songComments)
      .where(eq(songComments.id, commentId))
      .returning({ id: songComments.id });
    if (deleted.length === 0) return; // deleted concurrently: the other delete moved the counter
    await tx
      .update(songs)
      .set({ commentCount: sql`${songs.commentCount} - 1` })
      .where(eq(songs.id, comment.songId));
  });
}
