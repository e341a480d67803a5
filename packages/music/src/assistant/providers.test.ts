import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createEmbeddedAssistant,
  createOpenAICompatibleAssistant,
  mergeRemoteDraft,
  parseAssistantAnswer,
} from "./providers";
import { respond } from "./respond";
import type { AssistantInput } from "./types";

type Handler = (body: Record<string, unknown>, res: ServerResponse) => void;
const received: Array<{ url: string; auth: string | undefined; body: Record<string, unknown> }> =
  [];
let handler: Handler = (_b, res) => res.end();
let server: Server;
let baseUrl = "";

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}
const completion = (content: string) => ({
  choices: [{ message: { role: "assistant", content } }],
});

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      const body = JSON.parse(raw || "{}") as Record<string, unknown>;
      received.push({ url: req.url ?? "", auth: req.headers.authorization, body });
      handler(body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const input: AssistantInput = {
  message: "make it a song",
  history: [
    { role: "user", content: "write a chorus about leaving home" },
    { role: "assistant", content: "Here's a chorus…" },
  ],
  draft: {
    lyrics: "[Chorus]\nLeaving home, leaving home\nAll the roads I used to know",
    theme: "leaving home",
  },
};

function logger() {
  const warnings: string[] = [];
  return { warnings, warn: (msg: string) => void warnings.push(msg) };
}

describe("embedded assistant", () => {
  it("answers like respond()", async () => {
    const a = createEmbeddedAssistant();
    expect(a.name).toBe("embedded");
    expect(await a.reply(input)).toEqual(respond(input));
    await expect(a.reply(input, { signal: AbortSignal.abort() })).rejects.toBeTruthy();
  });
});

describe("OpenAI-compatible assistant", () => {
  it("posts the system prompt, draft and history, and uses the model's JSON", async () => {
    handler = (_b, res) =>
      json(
        res,
        200,
        completion(
          '```json\n{"text": "Making it now: Leaving Home, Melancholic Country.", "draft": {"title": "Leaving Home", "mood": "Melancholic", "genre": "Country", "lyrics": 42}}\n```',
        ),
      );
    const log = logger();
    const a = createOpenAICompatibleAssistant({
      baseUrl: `${baseUrl}/`,
      apiKey: "k-123",
      model: "tiny",
      logger: log,
    });
    const r = await a.reply(input);
    expect(r.note).toBeUndefined();
    expect(r.text).toBe("Making it now: Leaving Home, Melancholic Country.");
    expect(r.intent).toBe("make_song");
    expect(r.makeSong).toBe(true);
    expect(r.draft).toMatchObject({
      title: "Leaving Home",
      mood: "Melancholic",
      genre: "Country",
      lyrics: input.draft.lyrics,
      theme: "leaving home",
    });
    expect(log.warnings).toEqual([]);
    const req = received.at(-1);
    expect(req?.url).toBe("/v1/chat/completions");
    expect(req?.auth).toBe("Bearer k-123");
    const messages = req?.body.messages as Array<{ role: string; content: string }>;
    expect(req?.body.model).toBe("tiny");
    expect(messages[0]?.role).toBe("system");
    expect(messages[0]?.content).toContain(JSON.stringify(input.draft));
    expect(messages.slice(1)).toEqual([
      ...input.history,
      { role: "user", content: "make it a song" },
    ]);
  });

  it("falls back on HTTP 500 with a note and a warning", async () => {
    handler = (_b, res) => json(res, 500, { error: "boom" });
    const log = logger();
    const a = createOpenAICompatibleAssistant({ baseUrl, model: "tiny", logger: log });
    const r = await a.reply(input);
    expect(r.note).toMatch(/built-in assistant/);
    const { note: _n, ...rest } = r;
    expect(rest).toEqual(respond(input));
    expect(log.warnings[0]).toMatch(/HTTP 500/);
  });

  it("falls back on bad JSON", async () => {
    handler = (_b, res) => json(res, 200, completion("Sure! Here is your song, but not as JSON."));
    const log = logger();
    const r = await createOpenAICompatibleAssistant({ baseUrl, model: "tiny", logger: log }).reply(
      input,
    );
    expect(r.note).toMatch(/could not be read; this reply is from the built-in assistant/);
    expect(r.text).toBe(respond(input).text);
    expect(log.warnings[0]).toMatch(/bad JSON/);
  });

  it("falls back when the model does not answer in time", async () => {
    handler = () => undefined; // never answers
    const log = logger();
    const t0 = performance.now();
    const r = await createOpenAICompatibleAssistant({
      baseUrl,
      model: "tiny",
      timeoutMs: 150,
      logger: log,
    }).reply(input);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.note).toBe(
      "The remote assistant did not answer in time; this reply is from the built-in assistant.",
    );
    expect(r.makeSong).toBe(true);
    expect(log.warnings[0]).toMatch(/timed out after 150 ms/);
  });

  it("falls back when nothing listens, and rethrows the caller's abort", async () => {
    const log = logger();
    const r = await createOpenAICompatibleAssistant({
      baseUrl: "http://127.0.0.1:9/v1",
      model: "tiny",
      logger: log,
    }).reply(input);
    expect(r.note).toMatch(/unavailable/);
    expect(log.warnings).toHaveLength(1);
    handler = () => undefined;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(
      createOpenAICompatibleAssistant({ baseUrl, model: "tiny" }).reply(input, {
        signal: controller.signal,
      }),
    ).rejects.toBeTruthy();
  });

  it("validates the model's draft fields", () => {
    expect(parseAssistantAnswer("nope")).toBeNull();
    expect(parseAssistantAnswer('{"text": ""}')).toBeNull();
    expect(parseAssistantAnswer('{"text": "hi"}')).toEqual({ text: "hi", draft: null });
    expect(
      mergeRemoteDraft(
        { mood: "Happy" },
        { mood: "Angry", genre: "Jazz", title: "  ", theme: "sea" },
      ),
    ).toEqual({ mood: "Happy", genre: "Jazz", theme: "sea" });
  });
});
