import {
  addUserMessage,
  badRequest,
  finishAssistantMessage,
  listMessages,
  startAssistantMessage,
  updateConversationDraft,
  type ConversationView,
  type Database,
  type InsertUserMessage,
  type MessageView,
} from "@harmoniq/db";
import { streamReply } from "@harmoniq/music/assistant";
import type { ConversationDraft } from "@harmoniq/vocabulary";
import type { ApiServices } from ".";

// The songwriting chat behind `chat.send` and `chat.makeSong`: the reply stream and turning a
// draft into a song. The router validates and checks ownership; this does the work.

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

/** What the chat service uses: the database of the request and the process's services. */
export interface ChatDeps {
  db: Database;
  services: Pick<ApiServices, "assistant" | "limits" | "songs">;
}

/** Turns a conversation's draft into a song (lyrics mode) and links the song to it. */
export async function makeSongFromDraft(
  ctx: ChatDeps,
  {
    userId,
    conversationId,
    draft,
  }: { userId: string; conversationId: string; draft: ConversationDraft },
) {
  if (!draft.lyrics?.trim()) {
    throw badRequest("The draft has no lyrics yet: ask for a verse or a chorus first");
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

/** The conversation's latest complete turns, oldest first: the assistant's memory. */
export async function recentTurns(
  db: Database,
  { conversationId, userId }: { conversationId: string; userId: string },
) {
  const page = await listMessages(
    db,
    { conversationId, ownerId: userId },
    { limit: HISTORY_TURNS },
  );
  return page.items
    .filter((m) => m.status === "complete")
    .map((m) => ({ role: m.role, content: m.content }));
}

/**
 * Stores the user's message, then streams the assistant's reply word by word. The reply is
 * stored `complete` only when it has fully arrived, and `failed` (with what was written) when
 * the stream breaks or the client goes away.
 */
export async function* replyStream(
  ctx: ChatDeps,
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
        songId = (await makeSongFromDraft(ctx, { userId, conversationId, draft: reply.draft })).id;
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
