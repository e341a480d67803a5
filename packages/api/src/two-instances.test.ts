// Two API instances on one PostgreSQL database, each with its own data directory, served over
// real HTTP on two ports: a user's journey moves between them as it would behind a load
// balancer. Runs in `pnpm test:pg` (TEST_DATABASE_URL); skipped otherwise.
import { existsSync, mkdtempSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDb, testDatabaseUrl, type TestDatabase } from "@harmoniq/db/testing";
import { audioKey, createDiskAudioStore } from "@harmoniq/music/render";
import { createTRPCClient, httpBatchStreamLink } from "@trpc/client";
import postgres from "postgres";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeApiRequest, serveFetch } from "./http/node-adapter";
import type { AppRouter } from "./trpc/root";
import { createApiServer, type ApiServer } from "./server";

/** The public origin both instances sit behind. */
const PUBLIC_ORIGIN = "http://localhost:3000";

interface Instance {
  name: string;
  api: ApiServer;
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

async function startInstance(name: string, databaseUrl: string): Promise<Instance> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `hq-instance-${name}-`));
  const api = await createApiServer({
    NODE_ENV: "test",
    DATABASE_URL: databaseUrl,
    HARMONIQ_DATA_DIR: dataDir,
    BETTER_AUTH_SECRET: "two-instances-secret-two-instances-0123",
    HARMONIQ_BASE_URL: PUBLIC_ORIGIN,
    HARMONIQ_RENDER_WORKERS: "1",
  });
  const served = await serveFetch((req) => routeApiRequest(api, req));
  return {
    name,
    api,
    url: served.url,
    dataDir,
    async close() {
      await served.close();
      await api.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function clientOf(instance: Instance, headers: Record<string, string>) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchStreamLink({
        url: `${instance.url}/api/trpc`,
        transformer: superjson,
        headers,
      }),
    ],
  });
}

function auth(instance: Instance, action: "sign-up" | "sign-in", body: object) {
  return fetch(`${instance.url}/api/auth/${action}/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: PUBLIC_ORIGIN },
    body: JSON.stringify(body),
  });
}

describe.skipIf(!testDatabaseUrl)("two instances sharing one PostgreSQL", () => {
  let t: TestDatabase;
  let a: Instance;
  let b: Instance;
  let cookie: string;
  const account = {
    name: "Roaming User",
    email: "roam@example.test",
    password: "a long password 1",
  };

  beforeAll(async () => {
    t = await createTestDb({ max: 2 });
    // Started together, as a deployment would: both create pg-boss's schema on first start.
    [a, b] = await Promise.all([startInstance("a", t.url!), startInstance("b", t.url!)]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await t?.close();
  });

  it("a session made on A works on B, and an API key made on A works on B", async () => {
    const signedUp = await auth(a, "sign-up", account);
    expect(signedUp.status).toBe(200);
    cookie = signedUp.headers.get("set-cookie")!.split(";")[0]!;

    const onB = clientOf(b, { cookie, origin: PUBLIC_ORIGIN });
    expect((await onB.user.me.query())?.name).toBe("Roaming User");

    const { key } = await clientOf(a, { cookie, origin: PUBLIC_ORIGIN }).apiKey.create.mutate({
      name: "script",
    });
    const withKeyOnB = clientOf(b, { authorization: `Bearer ${key}` });
    const playlist = await withKeyOnB.playlist.create.mutate({ name: "Made on B" });
    const mineOnA = await clientOf(a, { cookie }).playlist.mine.query();
    expect(mineOnA.items.map((p) => p.id)).toContain(playlist.id);
  });

  it("counts sign-in attempts across both instances", async () => {
    const wrong = { email: account.email, password: "not the password" };
    // The default limit is 10 attempts per account: 5 on each instance use it up.
    for (let i = 0; i < 10; i++) {
      const response = await auth(i % 2 === 0 ? a : b, "sign-in", wrong);
      expect(response.status).toBe(401);
    }
    expect((await auth(a, "sign-in", wrong)).status).toBe(429);
    expect((await auth(b, "sign-in", account)).status).toBe(429);
  });

  it("continues on B a chat conversation started on A", async () => {
    const onA = clientOf(a, { cookie, origin: PUBLIC_ORIGIN });
    const onB = clientOf(b, { cookie, origin: PUBLIC_ORIGIN });
    const conversation = await onA.chat.create.mutate({ title: "Road song" });
    const replies: string[] = [];
    for (const [client, content] of [
      [onA, "write a verse about a long drive"],
      [onB, "now make it sadder"],
    ] as const) {
      const stream = await client.chat.send.mutate({ conversationId: conversation.id, content });
      for await (const event of stream)
        if (event.type === "done") replies.push(event.message.content);
    }
    expect(replies).toHaveLength(2);
    const view = await onA.chat.byId.query({ id: conversation.id });
    expect(view.messages.items.map((m) => [m.role, m.status])).toEqual([
      ["user", "complete"],
      ["assistant", "complete"],
      ["user", "complete"],
      ["assistant", "complete"],
    ]);
    expect(view.messages.items.map((m) => m.content)).toContain("now make it sadder");
  });

  it("renders a song created on A through the shared queue; B serves the same audio bytes; a like on B shows on A", async () => {
    const onA = clientOf(a, { cookie, origin: PUBLIC_ORIGIN });
    const onB = clientOf(b, { cookie, origin: PUBLIC_ORIGIN });
    const created = await onA.song.create.mutate({
      creationMode: "description",
      description: "headlights on a wet highway",
      durationSec: 10,
      isPublic: true,
    });
    expect(created.status).toBe("queued");

    let status = created.status;
    for (let i = 0; i < 240 && status !== "ready" && status !== "failed"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (await onB.song.byId.query({ id: created.id })).status;
    }
    expect(status).toBe("ready");

    // The job is a row in pg-boss's schema of the shared database, completed once.
    const sql = postgres(t.url!, { max: 1, onnotice: () => {} });
    try {
      const jobs = await sql<{ state: string }[]>`
        select state from pgboss.job where name = 'song.render' and data->>'songId' = ${created.id}`;
      expect(jobs.map((j) => j.state)).toEqual(["completed"]);
    } finally {
      await sql.end({ timeout: 5 });
    }

    // Whichever instance rendered it, B's data directory lacks the file: B renders it again.
    const key = audioKey(created.composition!);
    const fileOn = (instance: Instance) =>
      createDiskAudioStore(path.join(instance.dataDir, "audio")).pathFor(key);
    if (existsSync(fileOn(b))) unlinkSync(fileOn(b));
    const audio = async (instance: Instance) => {
      const response = await fetch(`${instance.url}/api/songs/${created.id}/audio`, {
        headers: { cookie },
      });
      expect(response.status).toBe(200);
      return Buffer.from(await response.arrayBuffer());
    };
    const fromA = await audio(a);
    const fromB = await audio(b);
    expect(fromA.subarray(0, 4).toString()).toBe("RIFF");
    expect(fromB.equals(fromA)).toBe(true);
    expect(existsSync(fileOn(b))).toBe(true);

    expect(await onB.song.like.mutate({ id: created.id })).toEqual({ liked: true, likeCount: 1 });
    const seenOnA = await onA.song.byId.query({ id: created.id });
    expect(seenOnA.likeCount).toBe(1);
    expect(seenOnA.likedByMe).toBe(true);
  });
});
