import {
  createConversation,
  deleteConversation,
  getConversation,
  insertConversationSchema,
  insertUserMessageSchema,
  listConversations,
  listMessages,
  renameConversation,
} from "@harmoniq/db";
import { z } from "zod";
import { makeSongFromDraft, recentTurns, replyStream } from "../../services/chat-replies";
import { createTRPCRouter, limitedProcedure, protectedProcedure } from "../init";
import { idInput, pageInput } from "./inputs";

export type { ChatEvent } from "../../services/chat-replies";

export const chatRouter = createTRPCRouter({
  list: protectedProcedure
    .input(pageInput.optional())
    .query(({ ctx, input }) =>
      listConversations(ctx.db, ctx.userId, { cursor: input?.cursor, limit: input?.limit }),
    ),

  create: protectedProcedure
    .input(insertConversationSchema.optional())
    .mutation(({ ctx, input }) => createConversation(ctx.db, ctx.userId, input ?? {})),

  /** A conversation with its latest messages; `cursor` pages back to earlier ones. */
  byId: protectedProcedure
    .input(idInput.extend(pageInput.shape).strict())
    .query(async ({ ctx, input }) => {
      const conversation = await getConversation(ctx.db, { id: input.id, ownerId: ctx.userId });
      const messages = await listMessages(
        ctx.db,
        { conversationId: input.id, ownerId: ctx.userId },
        { cursor: input.cursor, limit: input.limit ?? 50 },
      );
      return { ...conversation, messages };
    }),

  rename: protectedProcedure
    .input(idInput.extend({ title: z.string() }).strict())
    .mutation(({ ctx, input }) =>
      renameConversation(ctx.db, { id: input.id, ownerId: ctx.userId }, input.title),
    ),

  delete: protectedProcedure.input(idInput).mutation(async ({ ctx, input }) => {
    await deleteConversation(ctx.db, { id: input.id, ownerId: ctx.userId });
    return { id: input.id };
  }),

  /**
   * Sends a message and streams the assistant's reply word by word. The user's message is
   * stored first; the reply is stored `complete` only when it has fully arrived, and `failed`
   * (with what was written) when the stream breaks or the client goes away.
   */
  send: limitedProcedure("chatSend")
    .input(insertUserMessageSchema)
    .mutation(async ({ ctx, input, signal }) => {
      // Checked before the stream starts, so refusals are ordinary errors with their codes.
      const conversation = await getConversation(ctx.db, {
        id: input.conversationId,
        ownerId: ctx.userId,
      });
      const history = await recentTurns(ctx.db, {
        conversationId: input.conversationId,
        userId: ctx.userId,
      });
      return replyStream(ctx, ctx.userId, { conversation, history, input, signal });
    }),

  /** Turns the conversation's current draft into a song (lyrics mode) and links it. */
  makeSong: protectedProcedure.input(idInput).mutation(async ({ ctx, input }) => {
    const conversation = await getConversation(ctx.db, { id: input.id, ownerId: ctx.userId });
    const song = await makeSongFromDraft(ctx, {
      userId: ctx.userId,
      conversationId: input.id,
      draft: conversation.draft,
    });
    return { songId: song.id };
  }),
});
