import type { AuthSession } from "./session";

/**
 * Cookie sessions this process resolved in the last `ttlMs` (at most a second), so a visitor's
 * page render and the tRPC calls it triggers do not each cost better-auth's session and user
 * queries. Concurrent lookups of one cookie share one query.
 *
 * Revocation: `clear()` runs whenever better-auth deletes a session or a user on this process
 * (sign-out, revoke, account deletion through the API), and `forgetUser()` after a signed-in
 * tRPC/REST/Subsonic write forgets the writer's sessions (a write changes only its own account:
 * deletion, a new handle), so they take effect at once here; on another instance they take effect
 * within `ttlMs`. Other visitors' sessions stay cached through someone else's like or comment. A
 * lookup that was running while either ran is never stored. Only signed-in answers are kept.
 */
export interface SessionCache {
  get(token: string, load: () => Promise<AuthSession | null>): Promise<AuthSession | null>;
  clear(): void;
  forgetUser(userId: string): void;
}

export const SESSION_CACHE_MAX_TTL_MS = 1000;

export function createSessionCache(options: {
  ttlMs: number;
  maxEntries?: number;
  now?: () => number;
}): SessionCache {
  const ttlMs = Math.min(options.ttlMs, SESSION_CACHE_MAX_TTL_MS);
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? (() => performance.now());
  const entries = new Map<string, { session: AuthSession; at: number }>();
  const pending = new Map<string, Promise<AuthSession | null>>();
  let generation = 0;

  return {
    get(token, load) {
      const hit = entries.get(token);
      if (hit && now() - hit.at < ttlMs) return Promise.resolve(hit.session);
      if (hit) entries.delete(token);
      const running = pending.get(token);
      if (running) return running;
      const startedIn = generation;
      const at = now();
      const lookup = load().then(
        (session) => {
          if (pending.get(token) === lookup) pending.delete(token);
          if (session && startedIn === generation) {
            // Oldest first out: Map keeps insertion order.
            if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
            entries.set(token, { session, at });
          }
          return session;
        },
        (error: unknown) => {
          if (pending.get(token) === lookup) pending.delete(token);
          throw error;
        },
      );
      pending.set(token, lookup);
      return lookup;
    },
    clear() {
      generation++;
      entries.clear();
      pending.clear();
    },
    forgetUser(userId) {
      // A lookup in flight may be this user's (its token says nothing until it answers).
      generation++;
      pending.clear();
      for (const [token, { session }] of entries)
        if (session.user.id === userId) entries.delete(token);
    },
  };
}

// The cache of each auth instance that has one (createAuth's `sessionCacheMs`).
const caches = new WeakMap<object, SessionCache>();

export function registerSessionCache(auth: object, cache: SessionCache) {
  caches.set(auth, cache);
}

export function sessionCacheOf(auth: object): SessionCache | undefined {
  return caches.get(auth);
}

/** Forget every cached session of this auth instance. */
export function clearSessionCache(auth: object) {
  caches.get(auth)?.clear();
}

/** Forget one user's cached sessions (after their own write, which may revoke or rename them). */
export function forgetCachedSessionsOf(auth: object, userId: string) {
  caches.get(auth)?.forgetUser(userId);
}
