import {
  addSongToPlaylist,
  createPlaylist,
  deletePlaylist,
  getPlaylist,
  insertPlaylistSchema,
  LIMITS,
  listPlaylistsByOwner,
  moveSongInPlaylist,
  removeSongFromPlaylist,
  updatePlaylist,
  updatePlaylistSchema,
} from "@harmoniq/db";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../init";
import { idInput, pageInput } from "./inputs";

const entryInput = z
  .object({ playlistId: z.uuid("Not a valid id"), songId: z.uuid("Not a valid id") })
  .strict();

/** A playlist page: pageInput's cursor and direction, with the playlist's own page sizes. */
const byIdInput = idInput
  .extend({
    ...pageInput.shape,
    limit: z.number().int().min(1).max(LIMITS.playlistPageMax).optional(),
  })
  .strict();

export const playlistRouter = createTRPCRouter({
  create: protectedProcedure
    .input(insertPlaylistSchema)
    .mutation(({ ctx, input }) => createPlaylist(ctx.db, ctx.userId, input)),

  /**
   * A playlist, `songCount` (the songs the viewer sees) and one page of its songs in order:
   * the first `limit` (LIMITS.playlistPageDefault by default), or those after `cursor` (the
   * previous page's `nextCursor`, null on the last page).
   */
  byId: publicProcedure.input(byIdInput).query(async ({ ctx, input }) => {
    const { id, cursor, limit } = input;
    const viewerId = ctx.session?.user.id;
    const playlist = await getPlaylist(ctx.db, { id, viewerId }, { cursor, limit });
    if (!playlist) throw new TRPCError({ code: "NOT_FOUND", message: "Playlist not found" });
    return playlist;
  }),

  mine: protectedProcedure.input(pageInput.optional()).query(({ ctx, input }) =>
    listPlaylistsByOwner(ctx.db, ctx.userId, {
      viewerId: ctx.userId,
      cursor: input?.cursor,
      limit: input?.limit,
    }),
  ),

  update: protectedProcedure
    .input(idInput.extend(updatePlaylistSchema.shape).strict())
    .mutation(({ ctx, input }) => {
      const { id, ...patch } = input;
      return updatePlaylist(ctx.db, { id, userId: ctx.userId }, patch);
    }),

  delete: protectedProcedure.input(idInput).mutation(async ({ ctx, input }) => {
    await deletePlaylist(ctx.db, { id: input.id, userId: ctx.userId });
    return { id: input.id };
  }),

  addSong: protectedProcedure
    .input(entryInput)
    .mutation(({ ctx, input }) => addSongToPlaylist(ctx.db, { ...input, userId: ctx.userId })),

  removeSong: protectedProcedure
    .input(entryInput)
    .mutation(({ ctx, input }) => removeSongFromPlaylist(ctx.db, { ...input, userId: ctx.userId })),

  /** Moves a song to `toIndex` and returns the playlist's songs in their new order. */
  moveSong: protectedProcedure
    .input(entryInput.extend({ toIndex: z.number().int().min(0).max(10_000) }).strict())
    .mutation(async ({ ctx, input }) => {
      const playlist = await moveSongInPlaylist(ctx.db, { ...input, userId: ctx.userId });
      return playlist.songs;
    }),
});
