import {
  addUserMessage,
  createConversation,
  deleteConversation,
  finishAssistantMessage,
  getConversation,
  insertConversationSchema,
  insertUserMessageSchema,
  listConversations,
  listMessages,
  renameConversation,
  startAssistantMessage,
  updateConversationDraft,
  type ConversationDraft,
  type ConversationView,
  type Database,
  type InsertUserMessage,
  type MessageView,
} from "@harmoniq/db";
import { streamReply } from "@harmoniq/music";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { Context } from "../context";
import { createTRPCRouter, limitedProcedure, protectedProcedure } from "../init";
import { idInput, pageInput } from "./inputs";

/** How long the assistant waits between streamed words, so a reply visibly arrives. */
const STREAM_DELAY_MS = 12;
const HISTORY_TURNS = 20;

export type ChatEvent =
  | { type: "user"; message: MessageView }
  | { type: "delta"; text: string }
  | {
      type: "done";
      message: MessageView;
      draft: ConversationDraft;
      songId: string | null;
      note?: string;
    };

async function makeSongFromDraft(
  ctx: Context,
  userId: string,
  conversationId: string,
  draft: ConversationDraft,
) {
  if (!draft.lyrics?.trim()) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: "The draft has no lyrics yet: ask for a verse or a chorus first",
    });
  }
  await ctx.services.limits.consume("songCreate", userId);
  const song = await ctx.services.songs.create(ctx.db, userId, {
    creationMode: "lyrics",
    lyrics: draft.lyrics,
    ...(draft.title ? { title: draft.title } : {}),
    ...(draft.mood ? { mood: draft.mood } : {}),
    ...(draft.genre ? { genre: draft.genre } : {}),
    ...(draft.theme ? { description: draft.theme } : {}),
  });
  await updateConversationDraft(
    ctx.db,
    { id: conversationId, ownerId: userId },
    { songId: song.id },
  );
  return song;
}

async function recentTurns(db: Database, conversationId: string, userId: string) {
  const page = await listMessages(
    db,
    { conversationId, ownerId: userId },
    { limit: HISTORY_TURNS },
  );
  return page.items
    .filter((m) => m.status === "complete")
    .map((m) => ({ role: m.role, content: m.content }));
}

async function* replyStream(
  ctx: Context,
  userId: string,
  turn: {
    conversation: ConversationView;
    history: { role: "user" | "assistant"; content: string }[];
    input: InsertUserMessage;
    signal: AbortSignal | undefined;
  },
): AsyncGenerator<ChatEvent, void, unknown> {
  const { conversation, history, input, signal } = turn;
  const conversationId = conversation.id;
  // Stored when the stream is read, not when the call returns: a request that cannot carry a
  // stream (plain JSON, no jsonl) is refused by tRPC after the call and must leave nothing.
  const userMessage = await addUserMessage(ctx.db, userId, input);
  yield { type: "user", message: userMessage };
  const pending = await startAssistantMessage(ctx.db, { conversationId, ownerId: userId });
  let written = "";
  let finished = false;
  try {
    const reply = await ctx.services.assistant.reply(
      { message: userMessage.content, history, draft: conversation.draft },
      signal ? { signal } : {},
    );
    for await (const chunk of streamReply(reply.text, {
      ...(signal ? { signal } : {}),
      delayMs: STREAM_DELAY_MS,
    })) {
      written += chunk;
      yield { type: "delta", text: chunk };
    }
    if (signal?.aborted) return;
    await updateConversationDraft(
      ctx.db,
      { id: conversationId, ownerId: userId },
      { draft: reply.draft },
    );
    let songId: string | null = conversation.songId;
    let note = reply.note;
    if (reply.makeSong) {
      try {
        songId = (await makeSongFromDraft(ctx, userId, conversationId, reply.draft)).id;
      } catch (error) {
        note = `The song could not be made: ${error instanceof Error ? error.message : "unknown error"}`;
      }
    }
    const message = await finishAssistantMessage(ctx.db, pending.id, {
      content: written,
      status: "complete",
    });
    finished = true;
    yield { type: "done", message, draft: reply.draft, songId, ...(note ? { note } : {}) };
  } finally {
    // Interrupted (client gone, error): keep what was written, marked failed, never complete.
    if (!finished) {
      await finishAssistantMessage(ctx.db, pending.id, {
        content: written,
        status: "failed",
      }).catch(() => {});
    }
  }
}

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
      const history = await recentTurns(ctx.db, input.conversationId, ctx.userId);
      return replyStream(ctx, ctx.userId, { conversation, history, input, signal });
    }),

  /** Turns the conversation's current draft into a song (lyrics mode) and links it. */
  makeSong: protectedProcedure.input(idInput).mutation(async ({ ctx, input }) => {
    const conversation = await getConversation(ctx.db, { id: input.id, ownerId: ctx.userId });
    const song = await makeSongFromDraft(ctx, ctx.userId, input.id, conversation.draft);
    return { songId: song.id };
  }),
});
