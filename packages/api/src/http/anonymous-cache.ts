// A very short-lived cache of public answers for anonymous callers: the first pages of the
// feed that everyone who is not signed in sees alike. Only requests that carry no
// credentials at all (no Authorization header, no session cookie, no read-your-writes
// cookie) are served from it or stored in it, so a signed-in answer (likedByMe, private
// songs, the Following feed) can never be cached or leak. Entries live at most `ttlMs`
// (1 s by default, counted from when the answer started being computed) and every mutation
// on this instance clears them all; other instances' writes show up within the TTL.
// Concurrent misses for one key share one computation, and one caller refreshes an entry
// past half its TTL while the others are still served it.

/** The cookies that make a request personal: better-auth's session and the replica LSN. */
const PERSONAL_COOKIES = /(?:^|;\s*)(?:[^=;]*session_token|hq_lsn)=/;

/** Anonymous in the strictest sense: nothing that could identify or route the caller. */
export function isAnonymousRequest(headers: Headers): boolean {
  return isAnonymous(headers.has("authorization"), headers.get("cookie"));
}

/** The same rule on node:http's header object. */
export function isAnonymousNodeRequest(headers: Record<string, string | string[] | undefined>) {
  const cookie = headers.cookie;
  return isAnonymous(
    headers.authorization !== undefined,
    Array.isArray(cookie) ? cookie.join("; ") : (cookie ?? null),
  );
}

function isAnonymous(hasAuthorization: boolean, cookie: string | null): boolean {
  if (hasAuthorization) return false;
  return cookie === null || !PERSONAL_COOKIES.test(cookie);
}

export interface CachedAnswer {
  status: number;
  headers: [string, string][];
  body: Uint8Array;
}

export interface AnonymousCacheOptions {
  /** How long an answer may be served; at most 1 000 ms. */
  ttlMs?: number;
  /** Most distinct URLs kept (searches make many); the oldest are dropped first. */
  maxEntries?: number;
  now?: () => number;
}

export const ANONYMOUS_CACHE_MAX_TTL_MS = 1000;

export function createAnonymousCache(options: AnonymousCacheOptions = {}) {
  const ttlMs = Math.min(options.ttlMs ?? ANONYMOUS_CACHE_MAX_TTL_MS, ANONYMOUS_CACHE_MAX_TTL_MS);
  const maxEntries = options.maxEntries ?? 500;
  const now = options.now ?? Date.now;
  const refreshAfterMs = ttlMs / 2;
  const entries = new Map<string, { at: number; answer: CachedAnswer }>();
  const pending = new Map<string, Promise<CachedAnswer | null>>();
  let generation = 0;

  return {
    ttlMs,
    /** A fresh answer for `key`, or undefined. */
    get(key: string): CachedAnswer | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (now() - entry.at >= ttlMs) {
        entries.delete(key);
        return undefined;
      }
      return entry.answer;
    },
    /**
     * The answer for `key`: cached, or computed once for every concurrent caller. `compute`
     * returns null for an answer that must not be stored (an error, a stream); every caller
     * then computes its own. Past half its TTL an entry is refreshed by the next caller alone
     * while everyone else is still served the entry, so under steady traffic nobody waits for
     * an expired one.
     */
    async load(key: string, compute: () => Promise<CachedAnswer | null>) {
      const entry = entries.get(key);
      const age = entry ? now() - entry.at : Infinity;
      if (entry && age < ttlMs) {
        if (age < refreshAfterMs || pending.has(key))
          return { answer: entry.answer, hit: true as const };
      } else {
        if (entry) entries.delete(key);
        const running = pending.get(key);
        if (running) {
          const shared = await running;
          if (shared) return { answer: shared, hit: true as const };
        }
      }
      const started = generation;
      const startedAt = now();
      const computing = compute();
      pending.set(key, computing);
      try {
        const answer = await computing;
        // A mutation while it ran may have changed what it read: serve it once, keep nothing.
        if (answer && generation === started) {
          entries.delete(key);
          if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
          entries.set(key, { at: startedAt, answer });
        }
        return { answer, hit: false as const };
      } finally {
        if (pending.get(key) === computing) pending.delete(key);
      }
    },
    /** Forget everything (after a write). */
    clear() {
      generation++;
      entries.clear();
      pending.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
export type AnonymousCache = ReturnType<typeof createAnonymousCache>;
