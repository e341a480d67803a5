// Read replicas against a real streaming replica (PostgreSQL only: a private primary on 5441
// and a replica of it on 5442). Replay is paused on the replica to make its lag visible.
import { startBackgroundJobs, type HarmoniqJobs } from "../jobs/background-jobs";
import { createInProcessQueue } from "../jobs/in-process-queue";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createAuth } from "@harmoniq/auth";
import { createDb, sql, type Database, type DatabaseHandle } from "@harmoniq/db";
import { makeUser } from "@harmoniq/db/testing";
import { createDiskAudioStore, getRenderPool } from "@harmoniq/music/render";
import { createEmbeddedAssistant } from "@harmoniq/music/assistant";
import postgres from "postgres";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiServices } from "../services";
import { createAuthHandler } from "./auth-handler";
import { createTrpcHandler } from "./trpc-handler";
import { createRateLimits } from "../services/rate-limits";
import { LSN_COOKIE, type ReadRouting } from "./read-routing";
import { createSongFileHandlers } from "./song-files";
import { createCoverService } from "../services/songs/cover-service";
import { createSongService } from "../services/songs/song-service";
import { TEST_ORIGIN } from "../testing/api";
import {
  replicaClusterAvailable,
  startReplicaCluster,
  type ReplicaCluster,
} from "../testing/replicas";

const enabled = !!process.env.TEST_DATABASE_URL && replicaClusterAvailable();

/** Whether a read through `db` is served by a standby. */
async function readsFromStandby(db: Database): Promise<boolean> {
  const [row] = await db
    .select({ standby: sql<boolean>`pg_is_in_recovery()` })
    .from(sql`(select 1) as one`);
  return row!.standby;
}

describe.skipIf(!enabled)("read replicas (a real streaming replica)", () => {
  let cluster: ReplicaCluster | undefined;
  let handle: DatabaseHandle | undefined;
  let songs: ReturnType<typeof createSongService> | undefined;
  let dataDir: string | undefined;
  let bystander: { id: string; name: string; handle: string } | undefined;
  let trpc: (req: Request) => Promise<Response>;
  let authHandler: (req: Request) => Promise<Response>;
  let secureTrpc: (req: Request) => Promise<Response>;
  let files: ReturnType<typeof createSongFileHandlers>;
  let jobs: ReturnType<typeof createInProcessQueue<HarmoniqJobs>> | undefined;

  beforeAll(async () => {
    cluster = await startReplicaCluster();
    handle = await createDb({
      url: cluster.primaryUrl,
      replicaUrls: [cluster.replicaUrl],
      max: 4,
      migrate: true,
    });
    dataDir = mkdtempSync(path.join(tmpdir(), "hq-replicas-api-"));
    const auth = createAuth({
      db: handle.db,
      secret: "replica-test-secret-replica-test-secret-0123",
      baseURL: TEST_ORIGIN,
      trustedOrigins: [TEST_ORIGIN],
    });
    jobs = createInProcessQueue<HarmoniqJobs>({ logger: { warn: () => {} } });
    songs = createSongService({
      pool: getRenderPool(),
      queue: jobs,
      store: createDiskAudioStore(path.join(dataDir, "audio")),
      streams: createDiskAudioStore(path.join(dataDir, "audio"), { extension: "mp3" }),
      defaultDurationSec: 10,
      logger: { warn: () => {} },
    });
    await startBackgroundJobs(jobs, { db: handle.db, songs, trending: false });
    const services: ApiServices = {
      auth,
      limits: createRateLimits(handle.db),
      songs,
      covers: createCoverService(),
      assistant: createEmbeddedAssistant(),
    };
    const reads: ReadRouting = { router: handle };
    trpc = createTrpcHandler({
      db: handle.db,
      reads,
      auth,
      services,
      allowedOrigins: [TEST_ORIGIN],
      log: () => {},
    });
    authHandler = createAuthHandler({ auth, services, reads });
    files = createSongFileHandlers({ db: handle.db, reads, auth, services });
    secureTrpc = createTrpcHandler({
      db: handle.db,
      reads: { router: handle, secureCookies: true },
      auth,
      services,
      allowedOrigins: [TEST_ORIGIN],
      log: () => {},
    });
  }, 180_000);

  afterAll(async () => {
    await songs?.idle();
    await jobs?.stop({ graceMs: 5_000 });
    await handle?.close();
    await cluster?.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const url = (p: string) => `${TEST_ORIGIN}${p}`;
  const cookieOf = (response: Response, name: string) =>
    response.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${name}=`))
      ?.split(";")[0];

  async function query(p: string, input: unknown, headers: Record<string, string> = {}) {
    const encoded = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
    const response = await trpc(new Request(url(`/api/trpc/${p}?input=${encoded}`), { headers }));
    return { response, body: (await response.json()) as { result?: { data: { json: unknown } } } };
  }

  function mutate(
    p: string,
    input: unknown,
    headers: Record<string, string>,
    handler: (req: Request) => Promise<Response> = trpc,
  ) {
    return handler(
      new Request(url(`/api/trpc/${p}`), {
        method: "POST",
        headers: { "content-type": "application/json", origin: TEST_ORIGIN, ...headers },
        body: JSON.stringify(superjson.serialize(input)),
      }),
    );
  }

  const nameOf = async (handleName: string, headers: Record<string, string> = {}) => {
    const { response, body } = await query("user.byHandle", { handle: handleName }, headers);
    expect(response.status).toBe(200);
    return (body.result!.data.json as { name: string }).name;
  };

  it("the replica streams the primary: migrations applied there are on the replica", async () => {
    await cluster!.waitForReplay();
    const count = async (databaseUrl: string) => {
      const client = postgres(databaseUrl, { max: 1, onnotice: () => {} });
      try {
        const [row] = await client<{ n: number }[]>`
          select count(*)::int as n from drizzle.__drizzle_migrations`;
        return row!.n;
      } finally {
        await client.end({ timeout: 1 });
      }
    };
    const applied = await count(cluster!.primaryUrl);
    expect(applied).toBeGreaterThan(0);
    expect(await count(cluster!.replicaUrl)).toBe(applied);
  });

  it("sends reads without a position to the replica and writes to the primary", async () => {
    const db = await handle!.forRead();
    expect(await readsFromStandby(db)).toBe(true);
    expect(await readsFromStandby(handle!.db)).toBe(false);
    // A write through the read database reaches the primary (a standby would refuse it).
    bystander = await makeUser(db, { name: "Bystander" });
    expect(bystander.name).toBe("Bystander");
  });

  it("a writer reads its own writes while the replica lags; others read the replica", async () => {
    const signUp = await authHandler(
      new Request(url("/api/auth/sign-up/email"), {
        method: "POST",
        headers: { "content-type": "application/json", origin: TEST_ORIGIN },
        body: JSON.stringify({
          name: "Before",
          email: "writer@example.test",
          password: "a good long password",
        }),
      }),
    );
    expect(signUp.status).toBe(200);
    expect(cookieOf(signUp, LSN_COOKIE)).toMatch(/^hq_lsn=[0-9A-F]+%2F[0-9A-F]+$/);
    const session = signUp.headers
      .getSetCookie()
      .find((c) => c.includes("session_token"))!
      .split(";")[0]!;
    const me = await query("user.me", undefined, { cookie: session });
    const writerHandle = (me.body.result!.data.json as { handle: string }).handle;

    const created = await mutate("apiKey.create", { name: "script" }, { cookie: session });
    const { key } = ((await created.json()) as { result: { data: { json: { key: string } } } })
      .result.data.json;

    await cluster!.waitForReplay();
    await cluster!.pauseReplay();
    try {
      const renamed = await mutate("user.updateProfile", { name: "After" }, { cookie: session });
      expect(renamed.status).toBe(200);
      const lsnCookie = cookieOf(renamed, LSN_COOKIE)!;
      const setCookie = renamed.headers.getSetCookie().find((c) => c.startsWith(LSN_COOKIE))!;
      expect(setCookie).toMatch(/Max-Age=60; Path=\/; HttpOnly; SameSite=Lax$/);

      // The replica has not replayed the rename: anonymous and cookie-less reads see the old name.
      expect(await nameOf(writerHandle)).toBe("Before");
      expect(await nameOf(writerHandle, { cookie: session })).toBe("Before");
      // The writer, with the position of their write, reads it (from the primary).
      expect(await nameOf(writerHandle, { cookie: `${session}; ${lsnCookie}` })).toBe("After");
      // A script with an API key keeps no cookies and still reads what it wrote.
      expect(await nameOf(writerHandle, { authorization: `Bearer ${key}` })).toBe("After");

      // The song files read where the request's other reads go.
      const created = await mutate(
        "song.create",
        { creationMode: "description", description: "rain on the window", isPublic: false },
        { cookie: session },
      );
      expect(created.status).toBe(200);
      const songLsn = cookieOf(created, LSN_COOKIE)!;
      const songId = ((await created.json()) as { result: { data: { json: { id: string } } } })
        .result.data.json.id;
      const midi = (cookie: string) =>
        files.midi(new Request(url(`/api/songs/${songId}/midi`), { headers: { cookie } }), songId);
      expect((await midi(session)).status).toBe(404);
      const own = await midi(`${session}; ${songLsn}`);
      expect(own.status).toBe(200);
      expect(own.headers.get("content-type")).toBe("audio/midi");

      // Over https the cookie is Secure, like the session cookie.
      const secure = await mutate(
        "user.updateProfile",
        { bio: "hi" },
        { cookie: session },
        secureTrpc,
      );
      expect(secure.headers.getSetCookie().find((c) => c.startsWith(LSN_COOKIE))).toMatch(
        /; Secure$/,
      );

      // A streamed mutation sends headers before it runs: `pending` reads the primary once,
      // and that read hands back the position.
      const streamed = await trpc(
        new Request(url("/api/trpc/user.updateProfile?batch=1"), {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "trpc-accept": "application/jsonl",
            origin: TEST_ORIGIN,
            cookie: session,
          },
          body: JSON.stringify({ 0: superjson.serialize({ name: "Streamed" }) }),
        }),
      );
      expect(cookieOf(streamed, LSN_COOKIE)).toBe("hq_lsn=pending");
      expect(await streamed.text()).toContain("Streamed");
      const pendingRead = await query(
        "user.byHandle",
        { handle: writerHandle },
        { cookie: `${session}; hq_lsn=pending` },
      );
      expect((pendingRead.body.result!.data.json as { name: string }).name).toBe("Streamed");
      const upgraded = cookieOf(pendingRead.response, LSN_COOKIE)!;
      expect(upgraded).toMatch(/^hq_lsn=[0-9A-F]+%2F[0-9A-F]+$/);
      expect(await nameOf(writerHandle, { cookie: `${session}; ${upgraded}` })).toBe("Streamed");
      expect(await nameOf(writerHandle)).toBe("Before");

      // The chooser itself: the writer's position is past the paused replica.
      const position = decodeURIComponent(upgraded.split("=")[1]!);
      expect(await readsFromStandby(await handle!.forRead(position))).toBe(false);
      expect(await readsFromStandby(await handle!.forRead())).toBe(true);
    } finally {
      await cluster!.resumeReplay();
    }

    // Once the replica has replayed the writes, everyone reads them there.
    await cluster!.waitForReplay();
    await new Promise((resolve) => setTimeout(resolve, 50)); // past the probe cache
    const position = await handle!.primaryLsn();
    expect(await readsFromStandby(await handle!.forRead(position))).toBe(true);
    expect(await nameOf(writerHandle)).toBe("Streamed");
    // A position that is not one proves nothing: the primary answers.
    expect(await readsFromStandby(await handle!.forRead("not-a-position"))).toBe(false);
  });

  it("falls back to the primary when the replica is down", async () => {
    await handle!.db.execute(sql`update "user" set name = 'Fallback' where id = ${bystander!.id}`);
    await cluster!.stopReplica();
    await new Promise((resolve) => setTimeout(resolve, 50)); // past the probe cache
    expect(await nameOf(bystander!.handle)).toBe("Fallback");
    expect(await readsFromStandby(await handle!.forRead())).toBe(false);
  });
});
