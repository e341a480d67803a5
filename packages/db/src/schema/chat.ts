import { relations, sql } from "drizzle-orm";
import { bigint, check, index, jsonb, pgTable, text, uuid, varchar } from "drizzle-orm/pg-core";
import { createInsertSchema, createSelectSchema, createUpdateSchema } from "drizzle-zod";
import { z } from "zod";
import type { ConversationDraft } from "@harmoniq/vocabulary";
import { LIMITS } from "../constants";
import { user } from "./auth";
import { createdAt, updatedAt } from "./columns";
import { messageRoleEnum, messageStatusEnum } from "./enums";
import { songs } from "./songs";

export const conversations = pgTable(
  "conversations",
  {
    id: uuid().primaryKey().defaultRandom(),
    ownerId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    title: varchar({ length: LIMITS.conversationTitleMax }).notNull(),
    draft: jsonb().$type<ConversationDraft>().notNull().default({}),
    /** The song made from this conversation, if any. */
    songId: uuid().references(() => songs.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("conversations_title_not_blank", sql`length(btrim(${t.title})) > 0`),
    index("conversations_owner_id_updated_idx").on(t.ownerId, t.updatedAt, t.id),
    index("conversations_song_id_idx").on(t.songId),
  ],
);

export const messages = pgTable(
  "messages",
  {
    // A sequence, so messages sort in the order they were written even within a millisecond.
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    role: messageRoleEnum().notNull(),
    content: text().notNull(),
    status: messageStatusEnum().notNull().default("complete"),
    createdAt: createdAt(),
  },
  (t) => [index("messages_conversation_id_id_idx").on(t.conversationId, t.id)],
);

export const conversationsRelations = relations(conversations, ({ one, many }) => ({
  owner: one(user, { fields: [conversations.ownerId], references: [user.id] }),
  song: one(songs, { fields: [conversations.songId], references: [songs.id] }),
  messages: many(messages),
}));
export const messagesRelations = relations(messages, ({ one }) => ({
  conversation: one(conversations, {
    fields: [messages.conversationId],
    references: [conversations.id],
  }),
}));

const titleRefinement = () =>
  z
    .string()
    .trim()
    .min(1, "Title must not be empty")
    .max(LIMITS.conversationTitleMax, `Title is at most ${LIMITS.conversationTitleMax} characters`);

export const insertConversationSchema = createInsertSchema(conversations, {
  title: titleRefinement,
})
  .pick({ title: true })
  .partial()
  .strict();
export const updateConversationSchema = createUpdateSchema(conversations, {
  title: titleRefinement,
})
  .pick({ title: true })
  .strict();

/** A message a user sends; the assistant's replies are written by the server only. */
export const insertUserMessageSchema = createInsertSchema(messages, {
  content: () =>
    z
      .string()
      .trim()
      .min(1, "Message must not be empty")
      .max(LIMITS.messageMax, `Message is at most ${LIMITS.messageMax} characters`),
})
  .pick({ conversationId: true, content: true })
  .strict();

export const selectConversationSchema = createSelectSchema(conversations);
export const selectMessageSchema = createSelectSchema(messages);

export type Conversation = typeof conversations.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type InsertUserMessage = z.infer<typeof insertUserMessageSchema>;
