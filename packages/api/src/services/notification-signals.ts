// Wakes the live unread-count subscriptions of this process when something that may notify
// someone happened (a like, comment, follow, repost, remix, or notifications marked read).
// Woken subscriptions re-read their own count (an index-only count of unread rows) and send it
// only when it changed. Another instance's events reach them at the next poll, so the count
// is live within one process and at most one poll interval late across instances.

interface Signals {
  waiters: Set<() => void>;
}

// On globalThis, so that dev reloads of this module share one set of waiters.
const key = Symbol.for("harmoniq.notificationSignals");
const holder = globalThis as unknown as Record<symbol, Signals | undefined>;
const signals: Signals = (holder[key] ??= { waiters: new Set() });

/** Wakes every waiting subscription of this process. */
export function notifyWatchers(): void {
  const waiting = [...signals.waiters];
  signals.waiters.clear();
  for (const wake of waiting) wake();
}

/**
 * Resolves at the next notifyWatchers ("woken"), after `timeoutMs` ("timeout"), or when
 * `signal` aborts ("aborted").
 */
export function nextNotificationSignal(
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<"woken" | "timeout" | "aborted"> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve("aborted");
    const finish = (why: "woken" | "timeout" | "aborted") => {
      clearTimeout(timer);
      signals.waiters.delete(wake);
      signal?.removeEventListener("abort", abort);
      resolve(why);
    };
    const wake = () => finish("woken");
    const abort = () => finish("aborted");
    const timer = setTimeout(() => finish("timeout"), timeoutMs);
    signals.waiters.add(wake);
    signal?.addEventListener("abort", abort, { once: true });
  });
}

/** How many subscriptions wait now (for tests and diagnostics). */
export const waitingWatchers = () => signals.waiters.size;
