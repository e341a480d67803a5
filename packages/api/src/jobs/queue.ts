// The job queue the API runs background work on. Two implementations share this contract:
// pg-boss on PostgreSQL (durable, shared by every instance) and an in-process queue on PGlite.

/** Job names and the data each job carries (plain JSON: pg-boss stores it in a jsonb column). */
export type JobMap = Record<string, object>;

/** Which attempt of a job is running: the first has retryCount 0, the last retryCount = retryLimit. */
export interface JobAttempt {
  retryCount: number;
  retryLimit: number;
  /** No retry follows when this attempt fails. */
  isLast: boolean;
}

export interface JobDefinition<Data extends object> {
  /** Retries after the first attempt fails (pg-boss: retryLimit). */
  retryLimit: number;
  /** Seconds before a retry, a whole number (pg-boss: retryDelay). */
  retryDelaySec: number;
  /** Double the delay on each retry, with jitter (pg-boss: retryBackoff). */
  retryBackoff: boolean;
  /** An attempt running longer than this counts as failed and is retried (a hung or lost worker). */
  expireInSeconds: number;
  /** A job's own expiry, fixed when it is sent (e.g. by a song's length); absent: expireInSeconds. */
  expireInSecondsOf?: (data: Data) => number | undefined;
  /**
   * Jobs with the same key are not queued twice: at most one waits and one runs at a time
   * (pg-boss "stately" policy). Without `key`, the whole queue is one key.
   */
  key?: (data: Data) => string;
  /** How many of these jobs one process runs at a time (default 1). */
  concurrency?: number;
  /** One attempt; throwing fails it (and retries while attempts are left). */
  run(data: Data, attempt: JobAttempt): Promise<void>;
  /**
   * After the last attempt failed, including by timeout or a process that died mid-job
   * (pg-boss: through a dead-letter queue). Must be idempotent.
   */
  onFailed?(data: Data, reason: string): Promise<void>;
}

export interface JobSchedule {
  /** Cron expression for pg-boss (UTC), e.g. every minute: "* * * * *". */
  cron: string;
  /** The same period for the in-process queue. */
  everyMs: number;
}

export interface JobQueue<Jobs extends JobMap> {
  readonly kind: "pg-boss" | "in-process";
  /** Says how to run a job; every job is defined before `start`. */
  define<Name extends keyof Jobs & string>(name: Name, definition: JobDefinition<Jobs[Name]>): void;
  /** Starts working the queues (and creates pg-boss's schema and queues if needed). */
  start(): Promise<void>;
  /** Queues a job; a duplicate of a job already waiting (same key) is dropped. */
  send<Name extends keyof Jobs & string>(name: Name, data: Jobs[Name]): Promise<void>;
  /** Runs a job periodically (pg-boss: once per period across every instance). */
  schedule<Name extends keyof Jobs & string>(
    name: Name,
    when: JobSchedule,
    data: Jobs[Name],
  ): Promise<void>;
  /**
   * Resolves when no job is waiting, retrying or running (tests). With pg-boss this looks at
   * the shared queue, so it also waits for jobs other instances run.
   */
  idle(): Promise<void>;
  /** Stops taking jobs; running ones get `graceMs` to finish (default 10 s). */
  stop(options?: { graceMs?: number }): Promise<void>;
}

/** The delay before retry number `retryCount + 1` (seconds), as pg-boss computes it. */
export function retryDelaySeconds(
  definition: Pick<JobDefinition<object>, "retryDelaySec" | "retryBackoff">,
  retryCount: number,
  random: () => number = Math.random,
): number {
  if (!definition.retryBackoff) return definition.retryDelaySec;
  const span = (definition.retryDelaySec * 2 ** Math.min(16, retryCount + 1)) / 2;
  return span + span * random();
}

/** A failure's message, for logs and for `onFailed`. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
