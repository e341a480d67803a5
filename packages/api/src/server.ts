import path from "node:path";
import {
  clearSessionCache,
  forgetCachedSessionsOf,
  createAuth,
  parseAuthEnv,
  resolveAuthSecret,
  trustedOrigins,
} from "@harmoniq/auth";
import { createDbFromEnv, defaultDataDir, type DatabaseHandle } from "@harmoniq/db";
import {
  createOpenAICompatibleProvider,
  RENDER_TIMEOUT_MS,
  RENDER_TIMEOUT_MS_PER_AUDIO_SEC,
} from "@harmoniq/music";
import { createDiskAudioStore, getRenderPool } from "@harmoniq/music/render";
import {
  createEmbeddedAssistant,
  createOpenAICompatibleAssistant,
} from "@harmoniq/music/assistant";
import type { ApiServices } from "./services";
import { parseServerEnv } from "./env";
import { createShareHandlers } from "./http/share";
import { createExportHandler } from "./http/export-handler";
import { createAuthHandler } from "./http/auth-handler";
import { createRestHandler } from "./http/rest-handler";
import { createAnonymousCache } from "./http/anonymous-cache";
import {
  createTrpcHandler,
  DEFAULT_ANONYMOUS_CACHED_PROCEDURES,
  type MutationWriter,
} from "./http/trpc-handler";
import { createJobQueue, startBackgroundJobs } from "./jobs/background-jobs";
import { createRateLimits } from "./services/rate-limits";
import { createSongFileHandlers } from "./http/song-files";
import { createSubsonicHandler } from "./http/subsonic";
import { createCoverService } from "./services/songs/cover-service";
import { createSongService } from "./services/songs/song-service";

/**
 * Everything the web app serves, built once from validated environment variables: the
 * database (migrated), accounts, services and the HTTP handlers.
 */
export async function createApiServer(env: Record<string, string | undefined> = process.env) {
  const serverEnv = parseServerEnv(env);
  const authEnv = parseAuthEnv(env);
  const dataDir = path.resolve(serverEnv.HARMONIQ_DATA_DIR ?? defaultDataDir());
  const handle: DatabaseHandle = await createDbFromEnv(
    { ...env, HARMONIQ_DATA_DIR: dataDir },
    { migrate: true },
  );
  const { db } = handle;

  const allowedOrigins = trustedOrigins(authEnv);
  const secureCookies =
    authEnv.NODE_ENV === "production" && authEnv.HARMONIQ_BASE_URL.startsWith("https:");
  const auth = createAuth({
    db,
    secret: resolveAuthSecret(authEnv, { dataDir }),
    baseURL: authEnv.HARMONIQ_BASE_URL,
    trustedOrigins: allowedOrigins,
    secureCookies,
    sessionCacheMs: serverEnv.HARMONIQ_SESSION_CACHE_MS,
  });
  // Reads go to DATABASE_REPLICA_URLS when set (read-routing.ts); `db` stays the primary.
  const reads = { router: handle, secureCookies };
  const logger = { warn: (message: string) => console.warn(`[harmoniq] ${message}`) };
  const llm =
    serverEnv.HARMONIQ_LLM_BASE_URL && serverEnv.HARMONIQ_LLM_MODEL
      ? {
          baseUrl: serverEnv.HARMONIQ_LLM_BASE_URL,
          model: serverEnv.HARMONIQ_LLM_MODEL,
          timeoutMs: serverEnv.HARMONIQ_LLM_TIMEOUT_MS,
          logger,
          ...(serverEnv.HARMONIQ_LLM_API_KEY ? { apiKey: serverEnv.HARMONIQ_LLM_API_KEY } : {}),
        }
      : null;

  // Background work: pg-boss in the database's `pgboss` schema on PostgreSQL (shared by every
  // instance), an in-process queue on PGlite.
  const jobs = createJobQueue(handle, { logger });
  const pool = getRenderPool({
    jobTimeoutMs: RENDER_TIMEOUT_MS,
    jobTimeoutMsPerAudioSec: RENDER_TIMEOUT_MS_PER_AUDIO_SEC,
    ...(serverEnv.HARMONIQ_RENDER_WORKERS ? { size: serverEnv.HARMONIQ_RENDER_WORKERS } : {}),
  });
  const songs = createSongService({
    pool,
    queue: jobs,
    store: createDiskAudioStore(path.join(dataDir, "audio")),
    streams: createDiskAudioStore(path.join(dataDir, "audio"), { extension: "mp3" }),
    prepareStreams: true,
    ...(llm ? { writer: createOpenAICompatibleProvider(llm) } : {}),
    logger,
  });
  const services: ApiServices = {
    auth,
    limits: createRateLimits(db),
    songs,
    covers: createCoverService(),
    assistant: llm ? createOpenAICompatibleAssistant(llm) : createEmbeddedAssistant(),
  };
  // Renders songs (retrying, then marking them failed), refreshes trending every minute and now,
  // and queues songs left queued or rendering by a previous run (or seeded without audio).
  await startBackgroundJobs(jobs, { db, songs, render: { concurrency: pool.size + 1 } });

  const files = createSongFileHandlers({ db, reads, auth, services });
  const share = createShareHandlers({ db, baseUrl: authEnv.HARMONIQ_BASE_URL });
  // Anonymous answers shared for at most a second (http/anonymous-cache.ts): the feed's, and
  // the pages' that the web server puts in front of its renderer. Any mutation clears both.
  const cacheMs = serverEnv.HARMONIQ_ANONYMOUS_CACHE_MS;
  // Pages are ~100 kB of HTML each: fewer distinct URLs (searches) are kept than for the feed.
  const anonymousPages =
    cacheMs > 0 ? createAnonymousCache({ ttlMs: cacheMs, maxEntries: 100 }) : null;
  const anonymousFeed = cacheMs > 0 ? createAnonymousCache({ ttlMs: cacheMs }) : null;
  const clearAnonymousAnswers = () => {
    anonymousFeed?.clear();
    anonymousPages?.clear();
  };
  // A write may have revoked or renamed its writer's sessions (account deletion, a changed
  // handle): reread those. A write changes no one else's account, so other sessions stay.
  const forgetWriterSessions = ({ userId }: MutationWriter) => {
    if (userId) forgetCachedSessionsOf(auth, userId);
    else clearSessionCache(auth);
  };
  const afterMutation = (writer: MutationWriter) => {
    anonymousPages?.clear();
    forgetWriterSessions(writer);
  };
  return {
    db,
    kind: handle.kind,
    auth,
    services,
    handleTrpc: createTrpcHandler({
      db,
      reads,
      auth,
      services,
      allowedOrigins,
      trustedProxyHops: serverEnv.HARMONIQ_TRUSTED_PROXY_HOPS,
      anonymousCache: anonymousFeed
        ? { procedures: DEFAULT_ANONYMOUS_CACHED_PROCEDURES, cache: anonymousFeed }
        : false,
      onMutation: afterMutation,
    }),
    handleRest: createRestHandler({
      db,
      reads,
      auth,
      services,
      allowedOrigins,
      baseUrl: authEnv.HARMONIQ_BASE_URL,
      trustedProxyHops: serverEnv.HARMONIQ_TRUSTED_PROXY_HOPS,
      onMutation: (writer) => {
        clearAnonymousAnswers();
        forgetWriterSessions(writer);
      },
    }),
    handleAuth: createAuthHandler({
      auth,
      services,
      reads,
      trustedProxyHops: serverEnv.HARMONIQ_TRUSTED_PROXY_HOPS,
    }),
    handleAudio: files.audio,
    handleStream: files.stream,
    handleMidi: files.midi,
    handleStems: files.stems,
    handleCover: files.cover,
    handleExport: createExportHandler({ db, auth, services }),
    handleRss: share.rss,
    handleOembed: share.oembed,
    handleEmbed: share.embed,
    /** Anonymous visitors' public pages, shared for ≤ 1 s (null when the cache is off). */
    anonymousPages,
    /** OpenSubsonic for music players, under /rest (docs/SUBSONIC.md). */
    handleSubsonic: createSubsonicHandler({
      db,
      auth,
      services,
      trustedProxyHops: serverEnv.HARMONIQ_TRUSTED_PROXY_HOPS,
      onMutation: (writer) => {
        clearAnonymousAnswers();
        forgetWriterSessions(writer);
      },
    }),
    /** The site's public origin (HARMONIQ_BASE_URL): absolute links in share previews. */
    baseUrl: authEnv.HARMONIQ_BASE_URL,
    /** Where server-rendered pages read (they only read): see read-routing.ts. */
    reads,
    trustedProxyHops: serverEnv.HARMONIQ_TRUSTED_PROXY_HOPS,
    jobs,
    /** Stops taking jobs, gives running ones up to 10 s, then closes the database. */
    async close() {
      await jobs.stop({ graceMs: 10_000 });
      await handle.close();
    },
  };
}
export type ApiServer = Awaited<ReturnType<typeof createApiServer>>;
