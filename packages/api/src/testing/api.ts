// Test harness: a migrated test database (PGlite, or PostgreSQL with TEST_DATABASE_URL), real
// accounts, real limits in the database, the real music engine, and callers per user.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createAuth, type AuthSession } from "@harmoniq/auth";
import { createTestDb, makeUser, type TestDatabase } from "@harmoniq/db/testing";
import { createDiskAudioStore, getRenderPool, type RenderPool } from "@harmoniq/music/render";
import { createEmbeddedAssistant } from "@harmoniq/music/assistant";
import { TRPCError } from "@trpc/server";
import { createInnerContext, type ApiServices } from "../trpc/context";
import {
  createJobQueue,
  startBackgroundJobs,
  type HarmoniqJobs,
  type RenderJobSettings,
} from "../jobs/background-jobs";
import { createInProcessQueue } from "../jobs/in-process-queue";
import type { JobSchedule } from "../jobs/queue";
import { createRateLimits, LIMIT_RULES, type LimitRules } from "../services/rate-limits";
import { createCaller } from "../trpc/root";
import { createCoverService } from "../services/songs/cover-service";
import { createSongService } from "../services/songs/song-service";

export const TEST_ORIGIN = "http://localhost:3000";

export interface TestApiOptions {
  /** Hears the services' warnings (default: dropped). */
  logger?: { warn(message: string): void };
  limits?: Partial<LimitRules>;
  /**
   * The job queue: in-process by default (fast, whatever the database); "pg-boss" needs
   * TEST_DATABASE_URL and runs pg-boss in the test database.
   */
  queue?: "in-process" | "pg-boss";
  /** Render job retries; tests default to no delay between attempts. */
  render?: Partial<RenderJobSettings>;
  /** The render pool (default: the process-wide one). */
  pool?: Pick<RenderPool, "render" | "renderStems" | "encodeMp3">;
  /** Encode each song's stream right after its render (default: on first play only). */
  prepareStreams?: boolean;
  /** Refresh trending scores at start and on this schedule (default: never). */
  trending?: JobSchedule;
  onTrendingRefreshed?: (songs: number) => void;
}

export async function createTestApi(options: TestApiOptions = {}) {
  const t: TestDatabase = await createTestDb();
  const dataDir = mkdtempSync(path.join(tmpdir(), "hq-api-test-"));
  const auth = createAuth({
    db: t.db,
    secret: "api-test-secret-api-test-secret-0123456789",
    baseURL: TEST_ORIGIN,
    trustedOrigins: [TEST_ORIGIN],
  });
  const logger = options.logger ?? { warn: () => {} };
  const jobs =
    options.queue === "pg-boss"
      ? createJobQueue(t, { logger, pgBoss: { pollingIntervalSeconds: 0.5 } })
      : createInProcessQueue<HarmoniqJobs>({ logger });
  const songs = createSongService({
    pool: options.pool ?? getRenderPool(),
    queue: jobs,
    store: createDiskAudioStore(path.join(dataDir, "audio")),
    streams: createDiskAudioStore(path.join(dataDir, "audio"), { extension: "mp3" }),
    ...(options.prepareStreams ? { prepareStreams: true } : {}),
    defaultDurationSec: 10,
    logger,
  });
  await startBackgroundJobs(jobs, {
    db: t.db,
    songs,
    render: { retryDelaySec: 0, ...options.render },
    trending: options.trending ?? false,
    ...(options.onTrendingRefreshed ? { onTrendingRefreshed: options.onTrendingRefreshed } : {}),
  });
  const services: ApiServices = {
    auth,
    limits: createRateLimits(t.db, { ...LIMIT_RULES, ...options.limits }),
    songs,
    covers: createCoverService(),
    assistant: createEmbeddedAssistant(),
    notificationPollMs: 50,
  };

  const sessionOf = (user: {
    id: string;
    name: string;
    handle: string;
    email?: string;
  }): AuthSession => ({
    user: {
      id: user.id,
      name: user.name,
      handle: user.handle,
      email: user.email ?? `${user.handle}@example.test`,
    },
    via: "cookie",
  });

  return {
    db: t.db,
    test: t,
    auth,
    services,
    dataDir,
    jobs,
    /** A caller with no session. */
    anonymous: () =>
      createCaller(
        createInnerContext({ db: t.db, session: null, services, clientKey: "anon-client" }),
      ),
    /** A new user and a caller acting as them. */
    async user(overrides: { name?: string; handle?: string } = {}) {
      const user = await makeUser(t, overrides);
      const caller = createCaller(
        createInnerContext({
          db: t.db,
          session: sessionOf(user),
          services,
          clientKey: `client-${user.id}`,
        }),
      );
      return { ...user, caller };
    },
    async close() {
      await songs.idle();
      await jobs.stop({ graceMs: 5_000 });
      await t.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
export type TestApi = Awaited<ReturnType<typeof createTestApi>>;

/** "OK", or the tRPC error code a call failed with. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    return error instanceof TRPCError ? error.code : `not a TRPCError: ${String(error)}`;
  }
}
