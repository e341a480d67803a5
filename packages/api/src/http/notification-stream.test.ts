// The live unread count over HTTP: a tRPC subscription answered as server-sent events.
import { makeSong } from "@harmoniq/db/testing";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, TEST_ORIGIN, type TestApi } from "../testing/api";
import { createAuthHandler } from "./auth-handler";
import { createTrpcHandler } from "./trpc-handler";

let api: TestApi;
let trpc: (req: Request) => Promise<Response>;
let authHandler: (req: Request) => Promise<Response>;

beforeAll(async () => {
  api = await createTestApi();
  trpc = createTrpcHandler({
    db: api.db,
    auth: api.auth,
    services: api.services,
    allowedOrigins: [TEST_ORIGIN],
    log: () => {},
  });
  authHandler = createAuthHandler({ auth: api.auth, services: api.services });
});
afterAll(async () => {
  await api?.close();
});

const url = (path: string) => `${TEST_ORIGIN}${path}`;

async function signUp(email: string) {
  const response = await authHandler(
    new Request(url("/api/auth/sign-up/email"), {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_ORIGIN },
      body: JSON.stringify({ name: "Stream User", email, password: "a good long password" }),
    }),
  );
  expect(response.status).toBe(200);
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

/** Reads the event stream until `text` arrives (or fails after 10 s). */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, text: string) {
  const decoder = new TextDecoder();
  let seen = "";
  const deadline = Date.now() + 10_000;
  while (!seen.includes(text)) {
    if (Date.now() > deadline) throw new Error(`no ${text} in ${seen}`);
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended without ${text}: ${seen}`);
    seen += decoder.decode(value, { stream: true });
  }
  return seen;
}

describe("notification.onUnreadCount over HTTP", () => {
  it("streams the count as server-sent events, and refuses anonymous callers", async () => {
    const cookie = await signUp("stream@example.test");
    const me = await trpc(
      new Request(
        url(
          `/api/trpc/user.me?input=${encodeURIComponent(JSON.stringify(superjson.serialize(undefined)))}`,
        ),
        {
          headers: { cookie },
        },
      ),
    );
    const { id } = superjson.deserialize<{ id: string }>(
      ((await me.json()) as { result: { data: Parameters<typeof superjson.deserialize>[0] } })
        .result.data,
    );
    const song = await makeSong(api.db, id, { title: "Streamed" });
    const fan = await api.user();

    const controller = new AbortController();
    const response = await trpc(
      new Request(url("/api/trpc/notification.onUnreadCount"), {
        headers: { cookie, accept: "text/event-stream" },
        signal: controller.signal,
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    await readUntil(reader, '"unreadCount":0');
    await fan.caller.song.like({ id: song.id });
    await readUntil(reader, '"unreadCount":1');
    controller.abort();
    await reader.cancel().catch(() => undefined);

    const anonymous = await trpc(
      new Request(url("/api/trpc/notification.onUnreadCount"), {
        headers: { accept: "text/event-stream" },
      }),
    );
    const text = await anonymous.text();
    expect(text).toContain("UNAUTHORIZED");
  });
});
