import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, makeSong, makeUser, type TestDatabase } from "../testing";
import {
  addUserMessage,
  createConversation,
  DEFAULT_CONVERSATION_TITLE,
  deleteConversation,
  finishAssistantMessage,
  getConversation,
  listConversations,
  listMessages,
  renameConversation,
  startAssistantMessage,
  titleFromMessage,
  updateConversationDraft,
} from "./chat";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

describe("conversations and messages", () => {
  it("names a conversation from its first message and keeps it private", async () => {
    const owner = await makeUser(t);
    const other = await makeUser(t);
    const conversation = await createConversation(t.db, owner.id);
    expect(conversation.title).toBe(DEFAULT_CONVERSATION_TITLE);
    await addUserMessage(t.db, owner.id, {
      conversationId: conversation.id,
      content: "Write a chorus about leaving home",
    });
    await addUserMessage(t.db, owner.id, {
      conversationId: conversation.id,
      content: "Now make it sadder",
    });
    expect((await getConversation(t.db, { id: conversation.id, ownerId: owner.id })).title).toBe(
      "Write a chorus about leaving home",
    );
    await expect(
      getConversation(t.db, { id: conversation.id, ownerId: other.id }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      listMessages(t.db, { conversationId: conversation.id, ownerId: other.id }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      addUserMessage(t.db, other.id, { conversationId: conversation.id, content: "hi" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      deleteConversation(t.db, { id: conversation.id, ownerId: other.id }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await listConversations(t.db, other.id)).items).toEqual([]);
    expect(titleFromMessage("word ".repeat(40))).toMatch(/…$/);
  });

  it("streams an assistant reply as a message that is complete only when finished", async () => {
    const owner = await makeUser(t);
    const conversation = await createConversation(t.db, owner.id, { title: "Ideas" });
    await addUserMessage(t.db, owner.id, {
      conversationId: conversation.id,
      content: "rhymes for fire",
    });
    const reply = await startAssistantMessage(t.db, {
      conversationId: conversation.id,
      ownerId: owner.id,
    });
    expect(reply).toMatchObject({ role: "assistant", status: "streaming", content: "" });
    const failed = await finishAssistantMessage(t.db, reply.id, {
      content: "desire, high",
      status: "failed",
    });
    expect(failed.status).toBe("failed");
    const second = await startAssistantMessage(t.db, {
      conversationId: conversation.id,
      ownerId: owner.id,
    });
    await finishAssistantMessage(t.db, second.id, {
      content: "desire, higher, wire",
      status: "complete",
    });
    const { items } = await listMessages(t.db, {
      conversationId: conversation.id,
      ownerId: owner.id,
    });
    expect(items.map((m) => [m.role, m.status])).toEqual([
      ["user", "complete"],
      ["assistant", "failed"],
      ["assistant", "complete"],
    ]);
    expect((await getConversation(t.db, { id: conversation.id, ownerId: owner.id })).title).toBe(
      "Ideas",
    );
  });

  it("pages messages backwards in reading order", async () => {
    const owner = await makeUser(t);
    const conversation = await createConversation(t.db, owner.id);
    for (let i = 0; i < 7; i++) {
      await addUserMessage(t.db, owner.id, { conversationId: conversation.id, content: `m${i}` });
    }
    const latest = await listMessages(
      t.db,
      { conversationId: conversation.id, ownerId: owner.id },
      { limit: 3 },
    );
    expect(latest.items.map((m) => m.content)).toEqual(["m4", "m5", "m6"]);
    const earlier = await listMessages(
      t.db,
      { conversationId: conversation.id, ownerId: owner.id },
      {
        limit: 3,
        cursor: latest.nextCursor,
      },
    );
    expect(earlier.items.map((m) => m.content)).toEqual(["m1", "m2", "m3"]);
    const first = await listMessages(
      t.db,
      { conversationId: conversation.id, ownerId: owner.id },
      {
        limit: 3,
        cursor: earlier.nextCursor,
      },
    );
    expect(first.items.map((m) => m.content)).toEqual(["m0"]);
    expect(first.nextCursor).toBeNull();
  });

  it("lists by recent activity, renames, keeps a draft and deletes with messages", async () => {
    const owner = await makeUser(t);
    const a = await createConversation(t.db, owner.id, { title: "A" });
    const b = await createConversation(t.db, owner.id, { title: "B" });
    await addUserMessage(t.db, owner.id, { conversationId: a.id, content: "bump" });
    expect((await listConversations(t.db, owner.id)).items.map((c) => c.title)).toEqual(["A", "B"]);
    expect(
      (await renameConversation(t.db, { id: b.id, ownerId: owner.id }, "  Better  ")).title,
    ).toBe("Better");
    const song = await makeSong(t.db, owner.id);
    const drafted = await updateConversationDraft(
      t.db,
      { id: a.id, ownerId: owner.id },
      {
        draft: {
          title: "Home",
          lyrics: "[Chorus]\nGoing home",
          mood: "Melancholic",
          genre: "Country",
        },
        songId: song.id,
      },
    );
    expect(drafted).toMatchObject({
      draft: { title: "Home", mood: "Melancholic" },
      songId: song.id,
    });
    await deleteConversation(t.db, { id: a.id, ownerId: owner.id });
    await expect(getConversation(t.db, { id: a.id, ownerId: owner.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("refuses empty and 10 000-character messages, blank titles and unknown ids", async () => {
    const owner = await makeUser(t);
    const conversation = await createConversation(t.db, owner.id);
    await expect(
      addUserMessage(t.db, owner.id, { conversationId: conversation.id, content: "  " }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      addUserMessage(t.db, owner.id, {
        conversationId: conversation.id,
        content: "x".repeat(10_000),
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      renameConversation(t.db, { id: conversation.id, ownerId: owner.id }, " "),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      addUserMessage(t.db, owner.id, {
        conversationId: "00000000-0000-4000-8000-000000000000",
        content: "hi",
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(
      (await listMessages(t.db, { conversationId: conversation.id, ownerId: owner.id })).items,
    ).toEqual([]);
    expect((await getConversation(t.db, { id: conversation.id, ownerId: owner.id })).title).toBe(
      DEFAULT_CONVERSATION_TITLE,
    );
  });
});
