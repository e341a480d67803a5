import { messages, eq } from "@harmoniq/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf, createTestApi, type TestApi } from "../../testing/api";
import type { ChatEvent } from "./chat";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api?.close();
});

async function collect(stream: AsyncIterable<ChatEvent>) {
  const events: ChatEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe("chat", () => {
  it("stores the message, streams a reply word by word, and keeps the draft", async () => {
    const me = await api.user();
    const conversation = await me.caller.chat.create();
    const events = await collect(
      await me.caller.chat.send({
        conversationId: conversation.id,
        content: "write a chorus about leaving home",
      }),
    );
    expect(events[0]).toMatchObject({
      type: "user",
      message: { role: "user", content: "write a chorus about leaving home" },
    });
    const deltas = events.filter((e) => e.type === "delta");
    expect(deltas.length).toBeGreaterThan(5);
    const done = events.at(-1)!;
    expect(done.type).toBe("done");
    if (done.type !== "done") throw new Error("unreachable");
    expect(done.message.content).toBe(
      deltas.map((d) => (d.type === "delta" ? d.text : "")).join(""),
    );
    expect(done.draft.lyrics).toMatch(/\[Chorus\]/);
    const view = await me.caller.chat.byId({ id: conversation.id });
    expect(view.title).toBe("write a chorus about leaving home");
    expect(view.messages.items.map((m) => [m.role, m.status])).toEqual([
      ["user", "complete"],
      ["assistant", "complete"],
    ]);
    expect(view.draft.lyrics).toBe(done.draft.lyrics);
  });

  it("marks a reply failed, not complete, when the client goes away mid-stream", async () => {
    const me = await api.user();
    const conversation = await me.caller.chat.create();
    const stream = await me.caller.chat.send({
      conversationId: conversation.id,
      content: "write a verse about the ocean at night",
    });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next(); // the stored user message
    await iterator.next(); // the first word
    await iterator.return?.(undefined);
    const rows = await api.db
      .select({ role: messages.role, status: messages.status })
      .from(messages)
      .where(eq(messages.conversationId, conversation.id));
    expect(rows).toEqual([
      { role: "user", status: "complete" },
      { role: "assistant", status: "failed" },
    ]);
  });

  it("makes a song from the conversation's draft and links it", async () => {
    const me = await api.user();
    const conversation = await me.caller.chat.create({ title: "Home" });
    expect(await codeOf(me.caller.chat.makeSong({ id: conversation.id }))).toBe("BAD_REQUEST");
    await collect(
      await me.caller.chat.send({
        conversationId: conversation.id,
        content: "write a chorus about leaving home",
      }),
    );
    const { songId } = await me.caller.chat.makeSong({ id: conversation.id });
    const song = await me.caller.song.byId({ id: songId });
    const view = await me.caller.chat.byId({ id: conversation.id });
    expect(view.songId).toBe(songId);
    expect(song.creationMode).toBe("lyrics");
    expect(song.lyrics).toBe(view.draft.lyrics);
  });

  it("keeps conversations private and refuses bad messages", async () => {
    const me = await api.user();
    const other = await api.user();
    const conversation = await me.caller.chat.create();
    expect(await codeOf(other.caller.chat.byId({ id: conversation.id }))).toBe("NOT_FOUND");
    expect(await codeOf(other.caller.chat.delete({ id: conversation.id }))).toBe("NOT_FOUND");
    expect(await codeOf(other.caller.chat.rename({ id: conversation.id, title: "mine" }))).toBe(
      "NOT_FOUND",
    );
    expect(
      await codeOf(
        other.caller.chat.send({ conversationId: conversation.id, content: "hi" }).then(collect),
      ),
    ).toBe("NOT_FOUND");
    expect((await other.caller.chat.list()).items).toEqual([]);
    expect(await codeOf(api.anonymous().chat.list())).toBe("UNAUTHORIZED");
    expect(
      await codeOf(me.caller.chat.send({ conversationId: conversation.id, content: "" })),
    ).toBe("BAD_REQUEST");
    expect(
      await codeOf(
        me.caller.chat.send({ conversationId: conversation.id, content: "x".repeat(10_000) }),
      ),
    ).toBe("BAD_REQUEST");
    expect(await codeOf(me.caller.chat.byId({ id: "00000000-0000-4000-8000-000000000000" }))).toBe(
      "NOT_FOUND",
    );
    expect((await me.caller.chat.byId({ id: conversation.id })).messages.items).toEqual([]);
    expect(await me.caller.chat.rename({ id: conversation.id, title: "Road songs" })).toMatchObject(
      { title: "Road songs" },
    );
    expect(await me.caller.chat.delete({ id: conversation.id })).toEqual({ id: conversation.id });
  });
});
