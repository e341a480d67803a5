import { addComment, deleteComment, insertSongCommentSchema, listComments } from "@harmoniq/db";
import { z } from "zod";
import { notifyWatchers } from "../../services/notification-signals";
import { createTRPCRouter, limitedProcedure, protectedProcedure, publicProcedure } from "../init";
import { idInput, pageInput } from "./inputs";
import { commentOutput, commentPageOutput, deletedOutput } from "../../rest/schemas";

/**
 * `atSec` kept to the millisecond: PostgreSQL's `real` refuses tiny non-zero values such as
 * 1e-77 ("value out of range: underflow", a 500), and no one pins a comment more precisely.
 */
const createCommentInput = insertSongCommentSchema
  .extend({
    atSec: insertSongCommentSchema.shape.atSec.transform((sec) =>
      sec == null ? sec : Math.round(sec * 1000) / 1000,
    ),
  })
  .strict();

export const commentRouter = createTRPCRouter({
  list: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/songs/{songId}/comments",
        tags: ["comments"],
        summary: "List a song's comments",
        protect: false,
      },
    })
    .output(commentPageOutput)
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
    .meta({
      openapi: {
        method: "POST",
        path: "/songs/{songId}/comments",
        tags: ["comments"],
        summary: "Comment on a song",
      },
    })
    .input(createCommentInput)
    .output(commentOutput)
    .mutation(async ({ ctx, input }) => {
      const comment = await addComment(ctx.db, ctx.userId, input);
      notifyWatchers();
      return comment;
    }),

  /** The comment's author and the song's owner may delete it. */
  delete: protectedProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/comments/{id}",
        tags: ["comments"],
        summary: "Delete a comment (yours, or on your song)",
      },
    })
    .input(idInput)
    .output(deletedOutput)
    .mutation(async ({ ctx, input }) => {
      await deleteComment(ctx.db, { id: input.id, userId: ctx.userId });
      return { id: input.id };
    }),
});
