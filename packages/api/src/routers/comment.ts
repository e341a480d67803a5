import { addComment, deleteComment, insertSongCommentSchema, listComments } from "@harmoniq/db";
import { z } from "zod";
import { createTRPCRouter, limitedProcedure, protectedProcedure, publicProcedure } from "../trpc";
import { idInput, pageInput } from "./inputs";

export const commentRouter = createTRPCRouter({
  list: publicProcedure
    .input(pageInput.extend({ songId: z.uuid("Not a valid id") }).strict())
    .query(({ ctx, input }) =>
      listComments(ctx.db, input.songId, {
        viewerId: ctx.session?.user.id,
        cursor: input.cursor,
        limit: input.limit,
      }),
    ),

  /** `atSec` pins the comment to a moment in the song. */
  create: limitedProcedure("comment")
    .input(insertSongCommentSchema)
    .mutation(({ ctx, input }) => addComment(ctx.db, ctx.userId, input)),

  /** The comment's author and the song's owner may delete it. */
  delete: protectedProcedure.input(idInput).mutation(async ({ ctx, input }) => {
    await deleteComment(ctx.db, input.id, ctx.userId);
    return { id: input.id };
  }),
});
