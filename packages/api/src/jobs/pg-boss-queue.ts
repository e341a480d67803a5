import type PgBoss from "pg-boss";
import { errorMessage, type JobDefinition, type JobMap, type JobQueue } from "./queue";

// The queue on PostgreSQL: pg-boss in its own `pgboss` schema of the app's database. Jobs are
// rows, so they survive restarts, and any number of processes on any machines share them
// (each fetches with FOR UPDATE SKIP LOCKED). Retries, expiry of hung or orphaned jobs and the
// dead-letter queue are pg-boss's; schedules fire once per period across all instances.

export interface PgBossQueueOptions {
  /** The PostgreSQL URL (the DatabaseHandle's url). */
  url: string;
  /** Schema for pg-boss's tables, created at start (default "pgboss"). */
  schema?: string;
  /** Connections pg-boss opens beside the app's pool (default 4). */
  max?: number;
  /** How often an idle worker looks for jobs (default 1 s; a send from this process wakes it). */
  pollingIntervalSeconds?: number;
  /** How often expired jobs are failed and retried (default 60 s). */
  maintenanceIntervalSeconds?: number;
  /** How often schedules are checked (default 30 s). */
  cronMonitorIntervalSeconds?: number;
  /** Run jobs in this process (default true); false makes a send-only instance. */
  work?: boolean;
  logger?: { warn(message: string): void };
}

/** Errors of instances racing to create the same schema or queue: trying again succeeds. */
const RACE_CODES = new Set(["40P01", "23505", "42P07", "42710"]);

async function retryRace<T>(what: string, action: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= 5 || typeof code !== "string" || !RACE_CODES.has(code))
        throw new Error(`Cannot start the job queue: ${what}: ${errorMessage(error)}`, {
          cause: error,
        });
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.random() * 200));
    }
  }
}

/** Dead-letter queue of a job: receives it after its last attempt failed or expired. */
const deadLetterOf = (name: string) => `${name}.dead`;

export function createPgBossQueue<Jobs extends JobMap>(
  options: PgBossQueueOptions,
): JobQueue<Jobs> {
  const logger = options.logger ?? { warn: (message: string) => console.warn(message) };
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 1;
  // Created at start: pg-boss (and its `pg` driver) is loaded only by PostgreSQL deployments.
  let instance: PgBoss | undefined;
  const started = (): PgBoss => {
    if (!instance) throw new Error("The job queue is not started");
    return instance;
  };
  const definitions = new Map<string, JobDefinition<object>>();
  /** This process's worker ids per job, to wake them right after a send. */
  const workers = new Map<string, string[]>();

  async function startBoss(): Promise<PgBoss> {
    const { default: PgBossClass } = await import("pg-boss");
    const schema = options.schema ?? "pgboss";
    // Instances starting together on a new database race to create the schema (pg-boss checks
    // before it locks, and the losers deadlock); a failed start leaves the instance unusable
    // and its pool open, so each try closes it and starts a new one.
    return retryRace(`pg-boss schema "${schema}"`, async () => {
      const boss = new PgBossClass({
        connectionString: options.url,
        schema,
        max: options.max ?? 4,
        application_name: "harmoniq-jobs",
        // Expired jobs (an instance killed mid-job) are found by maintenance: look every 10 s.
        maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 10,
        cronMonitorIntervalSeconds: options.cronMonitorIntervalSeconds ?? 30,
        cronWorkerIntervalSeconds: Math.min(5, options.cronMonitorIntervalSeconds ?? 5),
      });
      boss.on("error", (error) => logger.warn(`Job queue: ${errorMessage(error)}`));
      try {
        await boss.start();
        return boss;
      } catch (error) {
        await (boss.getDb() as PgBoss.Db & { close?(): Promise<void> }).close?.().catch(() => {});
        throw error;
      }
    });
  }

  async function ensureQueue(name: string, queue: Omit<PgBoss.Queue, "name">) {
    const settings: PgBoss.Queue = { name, ...queue };
    const boss = started();
    // createQueue does nothing when the queue exists; updateQueue applies changed settings.
    await retryRace(`queue ${name}`, async () => {
      await boss.createQueue(name, settings);
      await boss.updateQueue(name, settings);
    });
  }

  async function ensureQueues(name: string, definition: JobDefinition<object>) {
    await ensureQueue(deadLetterOf(name), { policy: "standard", retryLimit: 0 });
    await ensureQueue(name, {
      policy: "stately",
      retryLimit: definition.retryLimit,
      retryDelay: definition.retryDelaySec,
      retryBackoff: definition.retryBackoff,
      expireInSeconds: definition.expireInSeconds,
      deadLetter: deadLetterOf(name),
    });
  }

  async function startJob(name: string, definition: JobDefinition<object>) {
    const boss = started();
    await ensureQueues(name, definition);
    const ids: string[] = [];
    for (let i = 0; i < (definition.concurrency ?? 1); i++) {
      ids.push(
        await boss.work<object>(
          name,
          { includeMetadata: true, batchSize: 1, pollingIntervalSeconds },
          async ([job]) => {
            if (!job) return;
            await definition.run(job.data, {
              retryCount: job.retryCount,
              retryLimit: job.retryLimit,
              isLast: job.retryCount >= job.retryLimit,
            });
          },
        ),
      );
    }
    workers.set(name, ids);
    // The job's last attempt failed (or expired: a hung handler, or a process that died).
    await boss.work<object>(deadLetterOf(name), { pollingIntervalSeconds }, async ([job]) => {
      if (!job) return;
      logger.warn(`Job ${name} ${job.id} failed after its last attempt`);
      await definition.onFailed?.(job.data, "it failed or timed out on every attempt");
    });
  }

  return {
    kind: "pg-boss",

    define(name, definition) {
      definitions.set(name, definition as JobDefinition<object>);
    },

    async start() {
      const boss = await startBoss();
      instance = boss;
      if (options.work === false) {
        for (const [name, definition] of definitions) await ensureQueues(name, definition);
        return;
      }
      for (const [name, definition] of definitions) await startJob(name, definition);
    },

    async send(name, data) {
      const definition = definitions.get(name);
      if (!definition) throw new Error(`Unknown job "${name}": define it before sending it`);
      const key = definition.key?.(data);
      const boss = started();
      const expireInSeconds = definition.expireInSecondsOf?.(data);
      await boss.send(name, data, {
        ...(key === undefined ? {} : { singletonKey: key }),
        ...(expireInSeconds === undefined ? {} : { expireInSeconds }),
      });
      // Wake this process's workers now instead of at their next poll.
      for (const id of workers.get(name) ?? []) boss.notifyWorker(id);
    },

    async schedule(name, when, data) {
      const boss = started();
      await retryRace(`schedule ${name}`, () =>
        boss.schedule(name, when.cron, data, { tz: "UTC" }),
      );
    },

    async idle() {
      const names = [...definitions.keys()].flatMap((name) => [name, deadLetterOf(name)]);
      for (;;) {
        const sizes = await Promise.all(
          names.map((name) => started().getQueueSize(name, { before: "completed" })),
        );
        if (sizes.every((size) => size === 0)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },

    async stop({ graceMs = 10_000 } = {}) {
      // Running jobs get graceMs; pg-boss then fails what is left, to be retried elsewhere.
      await instance?.stop({ graceful: true, timeout: graceMs, wait: true, close: true });
    },
  };
}
