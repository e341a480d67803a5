import { refreshTrendingScores, type Database, type DatabaseKind } from "@harmoniq/db";
import { renderTimeoutMs } from "@harmoniq/music";
import type { SongService, SongRenderJobs } from "../services/songs/song-service";
import { createInProcessQueue } from "./in-process-queue";
import { createPgBossQueue, type PgBossQueueOptions } from "./pg-boss-queue";
import type { JobDefinition, JobQueue, JobSchedule } from "./queue";

// The API's background work: rendering songs and refreshing the trending scores.

export type HarmoniqJobs = SongRenderJobs & {
  "trending.refresh": Record<string, never>;
};

export type RenderJobSettings = Pick<
  JobDefinition<SongRenderJobs["song.render"]>,
  "retryLimit" | "retryDelaySec" | "retryBackoff" | "expireInSeconds" | "concurrency"
>;

/**
 * Two retries, after 2–4 s then 4–8 s (backoff with jitter). An attempt is given longer than
 * the render pool's own timeout for its song (renderJobExpirySec), so only a lost process (an
 * instance killed mid-render) hits the expiry — and a short song is retried elsewhere within
 * about a minute, not after the longest song's allowance. A job without its song's length (queued
 * by an older version, or resumed at start-up) gets the longest song's: 180 s.
 */
export const RENDER_JOB: RenderJobSettings = {
  retryLimit: 2,
  retryDelaySec: 2,
  retryBackoff: true,
  expireInSeconds: 180,
  concurrency: 2,
};

/**
 * A render job's expiry: the pool's timeout for its song (renderTimeoutMs, the same figure the
 * server's pool is built with) plus ~15 s of waiting for the database.
 */
export function renderJobExpirySec(durationSec: number): number {
  return Math.ceil(renderTimeoutMs(durationSec) / 1000) + 15;
}

/** Every minute, on one instance at a time; and once at start-up. */
export const TRENDING_SCHEDULE: JobSchedule = { cron: "* * * * *", everyMs: 60_000 };

export interface JobQueueOptions {
  logger?: { warn(message: string): void };
  /** pg-boss tuning (tests shorten the intervals). */
  pgBoss?: Omit<PgBossQueueOptions, "url" | "logger">;
}

/** pg-boss on PostgreSQL, shared by every instance; an in-process queue on PGlite. */
export function createJobQueue(
  database: { kind: DatabaseKind; url?: string },
  options: JobQueueOptions = {},
): JobQueue<HarmoniqJobs> {
  if (database.kind === "postgres") {
    if (!database.url) throw new Error("createJobQueue: a PostgreSQL database without a URL");
    return createPgBossQueue<HarmoniqJobs>({
      ...options.pgBoss,
      url: database.url,
      ...(options.logger ? { logger: options.logger } : {}),
    });
  }
  return createInProcessQueue<HarmoniqJobs>(options.logger ? { logger: options.logger } : {});
}

export interface BackgroundJobsOptions {
  /** The primary database (jobs write). */
  db: Database;
  songs: SongService;
  render?: Partial<RenderJobSettings>;
  /** When to refresh trending scores; false: never (tests that do not need it). */
  trending?: JobSchedule | false;
  onTrendingRefreshed?: (songs: number) => void;
}

/** Defines the jobs and starts the queue; then refreshes trending once and resumes pending songs. */
export async function startBackgroundJobs(
  queue: JobQueue<HarmoniqJobs>,
  options: BackgroundJobsOptions,
): Promise<void> {
  const { db, songs } = options;
  queue.define("song.render", {
    ...RENDER_JOB,
    ...options.render,
    // A test's own expiry applies to every job as given.
    ...(options.render?.expireInSeconds === undefined
      ? {
          expireInSecondsOf: ({ durationSec }: { durationSec?: number }) =>
            durationSec === undefined ? undefined : renderJobExpirySec(durationSec),
        }
      : {}),
    key: ({ songId }) => songId,
    run: ({ songId }, attempt) => songs.renderAttempt(db, songId, attempt),
    onFailed: ({ songId }) =>
      songs.markRenderFailed(db, songId, "it did not finish in time on any attempt"),
  });
  queue.define("trending.refresh", {
    retryLimit: 0,
    retryDelaySec: 0,
    retryBackoff: false,
    expireInSeconds: 180,
    run: async () => {
      const refreshed = await refreshTrendingScores(db);
      options.onTrendingRefreshed?.(refreshed);
    },
  });
  await queue.start();
  const trending = options.trending ?? TRENDING_SCHEDULE;
  if (trending) {
    await queue.schedule("trending.refresh", trending, {});
    await queue.send("trending.refresh", {});
  }
  // Songs seeded without audio, or left by a run whose in-process queue was lost. On pg-boss
  // their jobs usually still exist, and a song's job is never queued twice.
  await songs.resumePending(db);
}
