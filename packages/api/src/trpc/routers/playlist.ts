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
import {
  deletedOutput,
  playlistEntriesOutput,
  playlistOutput,
  playlistPageOutput,
} from "../../rest/schemas";

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
    .meta({
      openapi: {
        method: "POST",
        path: "/playlists",
        tags: ["playlists"],
        summary: "Create a playlist",
      },
    })
    .input(insertPlaylistSchema)
    .output(playlistOutput)
    .mutation(({ ctx, input }) => createPlaylist(ctx.db, ctx.userId, input)),

  /**
   * A playlist, `songCount` (the songs the viewer sees) and one page of its songs in order:
   * the first `limit` (LIMITS.playlistPageDefault by default), or those after `cursor` (the
   * previous page's `nextCursor`, null on the last page).
   */
  byId: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/playlists/{id}",
        tags: ["playlists"],
        summary: "Get a playlist and its songs",
        protect: false,
      },
    })
    .input(byIdInput)
    .output(playlistOutput)
    .query(async ({ ctx, input }) => {
      const { id, cursor, limit } = input;
      const viewerId = ctx.session?.user.id;
      const playlist = await getPlaylist(ctx.db, { id, viewerId }, { cursor, limit });
      if (!playlist) throw new TRPCError({ code: "NOT_FOUND", message: "Playlist not found" });
      return playlist;
    }),

  mine: protectedProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/me/playlists",
        tags: ["playlists"],
        summary: "List your playlists",
      },
    })
    .input(pageInput.optional())
    .output(playlistPageOutput)
    .query(({ ctx, input }) =>
      listPlaylistsByOwner(ctx.db, ctx.userId, {
        viewerId: ctx.userId,
        cursor: input?.cursor,
        limit: input?.limit,
      }),
    ),

  update: protectedProcedure
    .meta({
      openapi: {
        method: "PATCH",
        path: "/playlists/{id}",
        tags: ["playlists"],
        summary: "Rename or describe your playlist, or change its visibility",
      },
    })
    .input(idInput.extend(updatePlaylistSchema.shape).strict())
    .output(playlistOutput)
    .mutation(({ ctx, input }) => {
      const { id, ...patch } = input;
      return updatePlaylist(ctx.db, { id, userId: ctx.userId }, patch);
    }),

  delete: protectedProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/playlists/{id}",
        tags: ["playlists"],
        summary: "Delete your playlist",
      },
    })
    .input(idInput)
    .output(deletedOutput)
    .mutation(async ({ ctx, input }) => {
      await deletePlaylist(ctx.db, { id: input.id, userId: ctx.userId });
      return { id: input.id };
    }),

  addSong: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/playlists/{playlistId}/songs",
        tags: ["playlists"],
        summary: "Add a song to the end of your playlist",
      },
    })
    .input(entryInput)
    .output(playlistOutput)
    .mutation(({ ctx, input }) => addSongToPlaylist(ctx.db, { ...input, userId: ctx.userId })),

  removeSong: protectedProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/playlists/{playlistId}/songs/{songId}",
        tags: ["playlists"],
        summary: "Remove a song from your playlist",
      },
    })
    .input(entryInput)
    .output(playlistOutput)
    .mutation(({ ctx, input }) => removeSongFromPlaylist(ctx.db, { ...input, userId: ctx.userId })),

  /** Moves a song to `toIndex` and returns the playlist's songs in their new order. */
  moveSong: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/playlists/{playlistId}/songs/{songId}/move",
        tags: ["playlists"],
        summary: "Move a song to `toIndex` in your playlist",
      },
    })
    .output(playlistEntriesOutput)
    .input(entryInput.extend({ toIndex: z.number().int().min(0).max(10_000) }).strict())
    .mutation(async ({ ctx, input }) => {
      const playlist = await moveSongInPlaylist(ctx.db, { ...input, userId: ctx.userId });
      return playlist.songs;
    }),
});
