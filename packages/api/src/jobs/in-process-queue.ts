import {
  errorMessage,
  retryDelaySeconds,
  type JobDefinition,
  type JobMap,
  type JobQueue,
  type JobSchedule,
} from "./queue";

// The queue on the embedded database: jobs live in this process's memory, so a restart loses
// them; the work they stand for is found again from the database (songs still queued or
// rendering are resumed at start-up).

interface Waiting {
  data: object;
  key: string;
  retryCount: number;
}

interface Lane {
  definition: JobDefinition<object>;
  waiting: Waiting[];
  /** Keys of jobs running now. */
  running: Map<string, number>;
}

export interface InProcessQueueOptions {
  logger?: { warn(message: string): void };
}

export function createInProcessQueue<Jobs extends JobMap>(
  options: InProcessQueueOptions = {},
): JobQueue<Jobs> {
  const logger = options.logger ?? { warn: (message: string) => console.warn(message) };
  const lanes = new Map<string, Lane>();
  /** Retries waiting for their delay. */
  const retryTimers = new Set<NodeJS.Timeout>();
  const scheduleTimers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let started = false;
  let stopped = false;
  /** Jobs waiting, running or waiting to retry; idle() resolves when it drops to 0. */
  let pending = 0;
  let idleWaiters: Array<() => void> = [];

  const settle = (count = 1) => {
    pending -= count;
    if (pending === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  const laneOf = (name: string): Lane => {
    const lane = lanes.get(name);
    if (!lane) throw new Error(`Unknown job "${name}": define it before sending it`);
    return lane;
  };

  function pump(name: string) {
    const lane = laneOf(name);
    const limit = lane.definition.concurrency ?? 1;
    while (started && !stopped) {
      const busy = [...lane.running.values()].reduce((sum, n) => sum + n, 0);
      if (busy >= limit) return;
      // Like pg-boss "stately": one job per key runs at a time.
      const index = lane.waiting.findIndex((job) => !lane.running.has(job.key));
      if (index < 0) return;
      const [job] = lane.waiting.splice(index, 1);
      attempt(name, lane, job!);
    }
  }

  function attempt(name: string, lane: Lane, job: Waiting) {
    const { definition } = lane;
    lane.running.set(job.key, (lane.running.get(job.key) ?? 0) + 1);
    const isLast = job.retryCount >= definition.retryLimit;
    const attemptInfo = { retryCount: job.retryCount, retryLimit: definition.retryLimit, isLast };
    const run = withTimeout(
      Promise.resolve().then(() => definition.run(job.data, attemptInfo)),
      definition.expireInSecondsOf?.(job.data) ?? definition.expireInSeconds,
    )
      .then(
        () => settle(),
        async (error: unknown) => {
          const reason = errorMessage(error);
          if (!isLast && !stopped) {
            logger.warn(`Job ${name} failed (attempt ${job.retryCount + 1}), retrying: ${reason}`);
            retryLater(name, lane, job);
            return;
          }
          if (isLast) {
            logger.warn(`Job ${name} failed after ${job.retryCount + 1} attempts: ${reason}`);
            await definition.onFailed?.(job.data, reason).catch((failure: unknown) => {
              logger.warn(`Job ${name}: onFailed failed: ${errorMessage(failure)}`);
            });
          }
          settle();
        },
      )
      .finally(() => {
        const left = (lane.running.get(job.key) ?? 1) - 1;
        if (left > 0) lane.running.set(job.key, left);
        else lane.running.delete(job.key);
        running.delete(run);
        pump(name);
      });
    running.add(run);
  }

  function retryLater(name: string, lane: Lane, job: Waiting) {
    const delayMs = retryDelaySeconds(lane.definition, job.retryCount) * 1000;
    const timer = setTimeout(() => {
      retryTimers.delete(timer);
      lane.waiting.push({ ...job, retryCount: job.retryCount + 1 });
      pump(name);
    }, delayMs);
    retryTimers.add(timer);
  }

  const queue: JobQueue<Jobs> = {
    kind: "in-process",

    define(name, definition) {
      lanes.set(name, {
        definition: definition as JobDefinition<object>,
        waiting: [],
        running: new Map(),
      });
    },

    async start() {
      started = true;
      for (const name of lanes.keys()) pump(name);
    },

    async send(name, data) {
      if (stopped) throw new Error(`Cannot send job "${name}": the queue is stopped`);
      const lane = laneOf(name);
      const key = lane.definition.key?.(data) ?? "";
      if (lane.waiting.some((job) => job.key === key)) return;
      pending++;
      lane.waiting.push({ data, key, retryCount: 0 });
      pump(name);
    },

    async schedule(name, when: JobSchedule, data) {
      laneOf(name);
      const timer = setInterval(() => {
        if (!stopped) void queue.send(name, data);
      }, when.everyMs);
      timer.unref();
      scheduleTimers.add(timer);
    },

    idle() {
      if (pending === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },

    async stop({ graceMs = 10_000 } = {}) {
      stopped = true;
      for (const timer of scheduleTimers) clearInterval(timer);
      scheduleTimers.clear();
      // Jobs not started (or waiting to retry) are dropped; the database still says what is left.
      let dropped = retryTimers.size;
      for (const timer of retryTimers) clearTimeout(timer);
      retryTimers.clear();
      for (const lane of lanes.values()) dropped += lane.waiting.splice(0).length;
      if (dropped > 0) settle(dropped);
      if (running.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.allSettled([...running]),
          new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
        ]);
        clearTimeout(timer);
      }
    },
  };
  return queue;
}

/** Rejects when `promise` takes longer than `seconds` (the work itself is not cancelled). */
function withTimeout(promise: Promise<void>, seconds: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`job timed out after ${seconds} s`)), seconds * 1000);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
