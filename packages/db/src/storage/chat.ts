import type { ConversationDraft } from "@harmoniq/vocabulary";
import { and, desc, eq, lt } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../database";
import { LIMITS, type MessageRole, type MessageStatus } from "../constants";
import { isForeignKeyViolation, notFound, parseInput } from "../errors";
import {
  conversations,
  insertConversationSchema,
  insertUserMessageSchema,
  messages,
  updateConversationSchema,
} from "../schema";
import { afterPosition, clampLimit, decodeCursor, isUuid, toPage } from "./pagination";

/** The title a conversation has until its first message names it. */
export const DEFAULT_CONVERSATION_TITLE = "New conversation";

const conversationColumns = {
  id: conversations.id,
  title: conversations.title,
  draft: conversations.draft,
  songId: conversations.songId,
  createdAt: conversations.createdAt,
  updatedAt: conversations.updatedAt,
};

const messageColumns = {
  id: messages.id,
  conversationId: messages.conversationId,
  role: messages.role,
  content: messages.content,
  status: messages.status,
  createdAt: messages.createdAt,
};

export async function createConversation(
  db: DbOrTx,
  ownerId: string,
  input: { title?: string } = {},
) {
  const values = parseInput(insertConversationSchema, input);
  const [row] = await db
    .insert(conversations)
    .values({ ownerId, title: values.title ?? DEFAULT_CONVERSATION_TITLE })
    .returning(conversationColumns);
  return row!;
}

/** Conversations are private: anyone but the owner gets NOT_FOUND. */
export async function getConversation(
  db: DbOrTx,
  { id, ownerId }: { id: string; ownerId: string },
) {
  if (!isUuid(id)) throw notFound("Conversation");
  const [row] = await db
    .select(conversationColumns)
    .from(conversations)
    .where(and(eq(conversations.id, id), eq(conversations.ownerId, ownerId)));
  if (!row) throw notFound("Conversation");
  return row;
}
export type ConversationView = Awaited<ReturnType<typeof getConversation>>;

const conversationCursor = z.tuple([z.iso.datetime(), z.uuid()]);

/** The owner's conversations, most recently active first. */
export async function listConversations(
  db: DbOrTx,
  ownerId: string,
  options: { cursor?: string | null; limit?: number } = {},
) {
  const limit = clampLimit(options.limit);
  const after = options.cursor ? decodeCursor(options.cursor, conversationCursor) : null;
  const rows = await db
    .select(conversationColumns)
    .from(conversations)
    .where(
      and(
        eq(conversations.ownerId, ownerId),
        afterPosition("desc", [conversations.updatedAt, conversations.id], after),
      ),
    )
    .orderBy(desc(conversations.updatedAt), desc(conversations.id))
    .limit(limit + 1);
  return toPage(
    rows,
    limit,
    (row) => row,
    (row) => [row.updatedAt.toISOString(), row.id],
  );
}

export async function renameConversation(
  db: DbOrTx,
  { id, ownerId }: { id: string; ownerId: string },
  title: string,
) {
  const values = parseInput(updateConversationSchema, { title });
  await getConversation(db, { id, ownerId });
  const [row] = await db
    .update(conversations)
    .set(values)
    .where(and(eq(conversations.id, id), eq(conversations.ownerId, ownerId)))
    .returning(conversationColumns);
  return row!;
}

export async function deleteConversation(
  db: DbOrTx,
  { id, ownerId }: { id: string; ownerId: string },
): Promise<void> {
  await getConversation(db, { id, ownerId });
  await db
    .delete(conversations)
    .where(and(eq(conversations.id, id), eq(conversations.ownerId, ownerId)));
}

/** Saves the assistant's view of the song being written (and the song made from it). */
export async function updateConversationDraft(
  db: DbOrTx,
  { id, ownerId }: { id: string; ownerId: string },
  changes: { draft?: ConversationDraft; songId?: string | null },
) {
  await getConversation(db, { id, ownerId });
  try {
    const [row] = await db
      .update(conversations)
      .set(changes)
      .where(and(eq(conversations.id, id), eq(conversations.ownerId, ownerId)))
      .returning(conversationColumns);
    return row!;
  } catch (error) {
    if (isForeignKeyViolation(error)) throw notFound("Song");
    throw error;
  }
}

/** A title from the first words of the first message. */
export function titleFromMessage(content: string): string {
  const oneLine = content.replace(/\s+/g, " ").trim();
  if (oneLine.length <= 60) return oneLine;
  const cut = oneLine.slice(0, 60);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > 30 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/**
 * Stores a user's message. The first message names a conversation that still has the default
 * title. The conversation moves to the top of the owner's list.
 */
export async function addUserMessage(
  db: DbOrTx,
  ownerId: string,
  input: { conversationId: string; content: string },
) {
  const values = parseInput(insertUserMessageSchema, input);
  return db.transaction(async (tx) => {
    const conversation = await getConversation(tx, { id: values.conversationId, ownerId });
    const [message] = await tx
      .insert(messages)
      .values({ conversationId: values.conversationId, role: "user", content: values.content })
      .returning(messageColumns);
    await tx
      .update(conversations)
      .set({
        updatedAt: new Date(),
        ...(conversation.title === DEFAULT_CONVERSATION_TITLE
          ? { title: titleFromMessage(values.content).slice(0, LIMITS.conversationTitleMax) }
          : {}),
      })
      .where(eq(conversations.id, values.conversationId));
    return message!;
  });
}

/**
 * Starts an assistant reply in `streaming` state; `finishAssistantMessage` completes it or
 * marks it failed, so a broken stream never leaves a half reply that looks complete.
 */
export async function startAssistantMessage(
  db: DbOrTx,
  { conversationId, ownerId }: { conversationId: string; ownerId: string },
) {
  await getConversation(db, { id: conversationId, ownerId });
  const [message] = await db
    .insert(messages)
    .values({ conversationId, role: "assistant", content: "", status: "streaming" })
    .returning(messageColumns);
  return message!;
}

export async function finishAssistantMessage(
  db: DbOrTx,
  messageId: number,
  result: { content: string; status: Extract<MessageStatus, "complete" | "failed"> },
) {
  const [message] = await db
    .update(messages)
    .set(result)
    .where(and(eq(messages.id, messageId), eq(messages.role, "assistant" satisfies MessageRole)))
    .returning(messageColumns);
  if (!message) throw notFound("Message");
  await db
    .update(conversations)
    .set({ updatedAt: new Date() })
    .where(eq(conversations.id, message.conversationId));
  return message;
}

const messageCursor = z.number().int().positive();

/**
 * A page of messages in reading order (oldest first), newest page first: the cursor walks
 * back in time, as a chat view loads earlier messages.
 */
export async function listMessages(
  db: DbOrTx,
  { conversationId, ownerId }: { conversationId: string; ownerId: string },
  options: { cursor?: string | null; limit?: number } = {},
) {
  const limit = clampLimit(options.limit);
  await getConversation(db, { id: conversationId, ownerId });
  const before = options.cursor ? decodeCursor(options.cursor, messageCursor) : null;
  const rows = await db
    .select(messageColumns)
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conversationId),
        before !== null ? lt(messages.id, before) : undefined,
      ),
    )
    .orderBy(desc(messages.id))
    .limit(limit + 1);
  const page = toPage(
    rows,
    limit,
    (row) => row,
    (row) => row.id,
  );
  return { items: page.items.reverse(), nextCursor: page.nextCursor };
}
export type MessageView = Awaited<ReturnType<typeof listMessages>>["items"][number];
