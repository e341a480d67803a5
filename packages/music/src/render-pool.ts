/**
 * A small worker-thread pool that renders audio off the calling thread.
 * - size: cores − 1 (min 1); workers are reused; jobs queue.
 * - a crashed worker rejects its job with RenderWorkerError and is replaced on demand.
 * - `getRenderPool()` keeps one pool on globalThis (dev reloads do not multiply workers).
 *
 * Worker entry resolution: under Next/Turbopack the literal `new Worker(new URL("./render-worker.ts",
 * import.meta.url))` is compiled into a worker chunk. When this file runs as TypeScript source
 * (tsx, vitest) the worker is started with the tsx loader. `workerUrl` can point at a pre-bundled
 * `dist/render-worker.mjs` (see `pnpm build`).
 */
import { existsSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { WavFile } from "./mp3";
import type { RenderProgress } from "./render-progress";
import { renderTimeoutMs } from "./render-timeout";
import type { RenderWorkerRequest, RenderWorkerResponse } from "./render-worker";
import type { Composition, Engine2Composition, StemName } from "./types";

export interface RenderResult {
  wav: Uint8Array;
  peaks: number[];
  durationSec: number;
}

export interface StemsRenderResult extends RenderResult {
  stems: { name: StemName; wav: Uint8Array }[];
  /** The stems' sum: the mix before the master bus (32-bit float WAV). */
  premaster: Uint8Array;
}

export interface RenderPoolOptions {
  /** Number of workers; default cores − 1 (min 1). */
  size?: number;
  /** Worker script to run instead of the built-in one (e.g. a pre-bundled dist/render-worker.mjs). */
  workerUrl?: URL;
  /**
   * A job running longer than this kills its worker and rejects (default 120 s; the product's
   * server uses RENDER_TIMEOUT_MS, see render-timeout.ts).
   */
  jobTimeoutMs?: number;
  /**
   * Added to `jobTimeoutMs` per second of the job's audio (the song's length; an encode's WAV
   * length), so a long song is given time in proportion to its work (default 0).
   */
  jobTimeoutMsPerAudioSec?: number;
  /** Waveform resolution returned with each render (default 200). */
  peaks?: number;
}

export interface RenderOptions {
  onProgress?: (progress: RenderProgress) => void;
  /**
   * For a score made by a studio pass: the original song's stored WAV, spliced in as it is (only
   * the new stretch is rendered). Without it the worker renders the original again first.
   */
  originalWav?: Uint8Array;
}

export interface RenderPoolStats {
  size: number;
  live: number;
  busy: number;
  queued: number;
  completed: number;
  crashed: number;
}

export interface RenderPool {
  readonly size: number;
  /**
   * The song's WAV, peaks and duration (engine 1 or 2). `onProgress` hears how far the render
   * has got: once as it starts, then after each section, the last report being fraction 1.
   */
  render(composition: Composition, options?: RenderOptions): Promise<RenderResult>;
  /**
   * The song's WAV progressively: `onChunk` gets the header and first section as soon as it is
   * rendered, then each section (concatenated, the chunks are the WAV the promise resolves with).
   */
  renderProgressive(
    composition: Composition,
    onChunk: (bytes: Uint8Array, section: number) => void,
  ): Promise<RenderResult>;
  /** Stems (drums, bass, harmony, lead, vocals when sung) with the song, one render. */
  renderStems(composition: Engine2Composition): Promise<StemsRenderResult>;
  /**
   * A song's WAV as the listening stream's MP3 (see mp3.ts), encoded in a worker; `onChunk` gets
   * the MP3 as it is made (the chunks, concatenated, are the MP3 the promise resolves with).
   * A stored WAV is best given as its file: the worker reads it as it encodes, so the first bytes
   * wait neither for the whole file to be read nor for its copy to the worker.
   */
  encodeMp3(wav: Uint8Array | WavFile, onChunk?: (bytes: Uint8Array) => void): Promise<Uint8Array>;
  stats(): RenderPoolStats;
  close(): Promise<void>;
}

/** Each pool's crash hook, kept off the pool's interface (tests reach it through ./testing). */
const crashHooks = new WeakMap<RenderPool, () => Promise<never>>();

/**
 * Test hook: makes one of the pool's workers exit as if it crashed. Never resolves; rejects with
 * RenderWorkerError, as a render on a crashing worker does.
 */
export function crashOneWorkerForTesting(pool: RenderPool): Promise<never> {
  const crash = crashHooks.get(pool);
  if (!crash) throw new Error("not a pool made by createRenderPool");
  return crash();
}

export class RenderWorkerError extends Error {
  override readonly name = "RenderWorkerError";
}

export function defaultPoolSize(): number {
  const cores = typeof availableParallelism === "function" ? availableParallelism() : cpus().length;
  return Math.max(1, cores - 1);
}

interface Job {
  msg: RenderWorkerRequest;
  resolve: (r: RenderResult | Uint8Array) => void;
  reject: (e: Error) => void;
  onChunk?: (bytes: Uint8Array, section: number) => void;
  onProgress?: (progress: RenderProgress) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  dead: boolean;
}

function tsxApiUrl(): string {
  const local = new URL(
    ["..", "node_modules", "tsx", "dist", "esm", "api", "index.mjs"].join("/"),
    import.meta.url,
  );
  return existsSync(fileURLToPath(local)) ? local.href : "tsx/esm/api";
}

/** Start a TypeScript worker file through tsx's loader (Node 20 workers do not inherit --import hooks). */
function spawnTsWorker(file: URL): Worker {
  const boot = `import { register } from ${JSON.stringify(tsxApiUrl())}; register(); await import(${JSON.stringify(file.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`));
}

function spawnWorker(workerUrl: URL | undefined): Worker {
  if (workerUrl)
    return workerUrl.pathname.endsWith(".ts") ? spawnTsWorker(workerUrl) : new Worker(workerUrl);
  if (import.meta.url.startsWith("file:") && import.meta.url.endsWith(".ts")) {
    // Running as TypeScript source (tsx / vitest): load the worker through tsx.
    return spawnTsWorker(new URL([".", "render-worker.ts"].join("/"), import.meta.url));
  }
  // Bundlers (Next/Turbopack) recognise this literal form and compile the worker and its imports.
  return new Worker(new URL("./render-worker.ts", import.meta.url));
}

export function createRenderPool(options: RenderPoolOptions = {}): RenderPool {
  const size = Math.max(1, Math.floor(options.size ?? defaultPoolSize()));
  const baseTimeoutMs = options.jobTimeoutMs ?? 120_000;
  const perAudioSecMs = options.jobTimeoutMsPerAudioSec ?? 0;
  const timeoutOf = (msg: RenderWorkerRequest): number => {
    const audioSec =
      msg.type === "mp3"
        ? Math.max(0, (msg.wav instanceof Uint8Array ? msg.wav.length : msg.wav.size) - 44) /
          (4 * 44_100)
        : msg.type === "crash"
          ? 0
          : msg.composition.durationSec;
    return renderTimeoutMs(audioSec, baseTimeoutMs, perAudioSecMs);
  };
  const peaks = options.peaks ?? 200;
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let completed = 0;
  let crashed = 0;
  let closed = false;

  const finish = (slot: Slot): void => {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    if (!slot.dead) slot.worker.unref();
  };

  const kill = (slot: Slot, reason: string): void => {
    if (slot.dead) return;
    slot.dead = true;
    crashed++;
    const job = slot.job;
    finish(slot);
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
    void slot.worker.terminate().catch(() => undefined);
    if (job) job.reject(new RenderWorkerError(reason));
    pump();
  };

  const addSlot = (): Slot => {
    const worker = spawnWorker(options.workerUrl);
    const slot: Slot = { worker, job: null, timer: null, dead: false };
    worker.on("message", (res: RenderWorkerResponse) => {
      const job = slot.job;
      if (!job || res.id !== job.msg.id) return;
      if (res.ok === "chunk") {
        job.onChunk?.(
          new Uint8Array(res.bytes.buffer, res.bytes.byteOffset, res.bytes.byteLength),
          res.section,
        );
        return;
      }
      if (res.ok === "progress") {
        job.onProgress?.(res.progress);
        return;
      }
      finish(slot);
      completed++;
      if (res.ok && "mp3" in res) {
        job.resolve(new Uint8Array(res.mp3.buffer, res.mp3.byteOffset, res.mp3.byteLength));
      } else if (res.ok) {
        const bytes = (b: Uint8Array): Uint8Array =>
          new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
        const base = { wav: bytes(res.wav), peaks: res.peaks, durationSec: res.durationSec };
        job.resolve(
          "stems" in res
            ? ({
                ...base,
                stems: res.stems.map((x) => ({ name: x.name, wav: bytes(x.wav) })),
                premaster: bytes(res.premaster),
              } as StemsRenderResult)
            : base,
        );
      } else job.reject(new RenderWorkerError(`render failed: ${res.error}`));
      pump();
    });
    worker.on("error", (err) => kill(slot, `render worker crashed: ${err.message}`));
    worker.on("exit", (code) => {
      if (!slot.dead) kill(slot, `render worker exited unexpectedly (code ${code})`);
    });
    worker.unref();
    slots.push(slot);
    return slot;
  };

  const pump = (): void => {
    while (!closed && queue.length > 0) {
      let slot = slots.find((s) => !s.job && !s.dead);
      if (!slot && slots.length < size) slot = addSlot();
      if (!slot) return;
      // Renders before MP3 encodes: a queued song has no audio at all yet, while a song waiting
      // for its stream already plays (or is re-encoded on first play); in a burst of songs the
      // encodes then trail the renders instead of doubling every render's wait.
      const next = queue.findIndex((queued) => queued.msg.type !== "mp3");
      const job = queue.splice(next >= 0 ? next : 0, 1)[0] as Job;
      slot.job = job;
      slot.worker.ref();
      const s = slot;
      const timeoutMs = timeoutOf(job.msg);
      slot.timer = setTimeout(() => kill(s, `render timed out after ${timeoutMs} ms`), timeoutMs);
      slot.timer.unref();
      slot.worker.postMessage(job.msg);
    }
  };

  const submit = <T>(
    msg: RenderWorkerRequest,
    onChunk?: Job["onChunk"],
    onProgress?: Job["onProgress"],
  ): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (closed) {
        reject(new RenderWorkerError("render pool is closed"));
        return;
      }
      queue.push({
        msg,
        resolve: resolve as Job["resolve"],
        reject,
        ...(onChunk ? { onChunk } : {}),
        ...(onProgress ? { onProgress } : {}),
      });
      pump();
    });

  const pool: RenderPool = {
    size,
    render: (composition, renderOptions) =>
      submit<RenderResult>(
        {
          type: "render",
          id: nextId++,
          composition,
          peaks,
          ...(renderOptions?.originalWav ? { originalWav: renderOptions.originalWav } : {}),
        },
        undefined,
        renderOptions?.onProgress,
      ),
    renderProgressive: (composition, onChunk) =>
      submit<RenderResult>({ type: "progressive", id: nextId++, composition, peaks }, onChunk),
    renderStems: (composition) =>
      submit<StemsRenderResult>({ type: "stems", id: nextId++, composition, peaks }),
    // WAV bytes are copied to the worker (not transferred): the caller keeps serving them.
    encodeMp3: (wav, onChunk) =>
      submit<Uint8Array>(
        { type: "mp3", id: nextId++, wav },
        onChunk ? (bytes) => onChunk(bytes) : undefined,
      ),
    stats: () => ({
      size,
      live: slots.length,
      busy: slots.filter((s) => s.job).length,
      queued: queue.length,
      completed,
      crashed,
    }),
    close: async () => {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new RenderWorkerError("render pool closed"));
      const all = slots.splice(0);
      for (const s of all) {
        s.dead = true;
        if (s.job) s.job.reject(new RenderWorkerError("render pool closed"));
        finish(s);
      }
      await Promise.all(all.map((s) => s.worker.terminate().catch(() => 0)));
    },
  };
  crashHooks.set(pool, () => submit<never>({ type: "crash", id: nextId++ }));
  return pool;
}

const GLOBAL_KEY = Symbol.for("harmoniq.music.renderPool");
type GlobalWithPool = typeof globalThis & { [GLOBAL_KEY]?: RenderPool };

/** The process-wide render pool (created on first use, kept on globalThis). */
export function getRenderPool(options?: RenderPoolOptions): RenderPool {
  const g = globalThis as GlobalWithPool;
  let pool = g[GLOBAL_KEY];
  if (!pool) {
    pool = createRenderPool(options);
    g[GLOBAL_KEY] = pool;
  }
  return pool;
}

/** Close and forget the global pool (tests, graceful shutdown). */
export async function closeRenderPool(): Promise<void> {
  const g = globalThis as GlobalWithPool;
  const pool = g[GLOBAL_KEY];
  delete g[GLOBAL_KEY];
  if (pool) await pool.close();
}
