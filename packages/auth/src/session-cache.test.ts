import { describe, expect, it } from "vitest";
import type { AuthSession } from "./session";
import { createSessionCache } from "./session-cache";

const mira: AuthSession = {
  user: { id: "u1", name: "Mira", email: "mira@example.test", handle: "mira" },
  via: "cookie",
};

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("session cache", () => {
  it("reads a cookie's session once for concurrent requests and reuses it until ttl", async () => {
    let t = 0;
    let loads = 0;
    const cache = createSessionCache({ ttlMs: 1000, now: () => t });
    const load = async () => {
      loads++;
      return mira;
    };
    const answers = await Promise.all([cache.get("tok", load), cache.get("tok", load)]);
    expect(answers).toEqual([mira, mira]);
    expect(loads).toBe(1);
    t = 999;
    await cache.get("tok", load);
    expect(loads).toBe(1);
    t = 1000;
    await cache.get("tok", load);
    expect(loads).toBe(2);
  });

  it("never keeps a signed-out answer, a failure, or a lookup that a clear() overtook", async () => {
    let loads = 0;
    const cache = createSessionCache({ ttlMs: 1000, now: () => 0 });
    const anonymous = async () => {
      loads++;
      return null;
    };
    await cache.get("bad", anonymous);
    await cache.get("bad", anonymous);
    expect(loads).toBe(2);

    await expect(cache.get("down", () => Promise.reject(new Error("db down")))).rejects.toThrow();
    expect(await cache.get("down", async () => mira)).toEqual(mira);

    // A revocation lands while the lookup (which still saw the session) is in flight.
    const slow = deferred<AuthSession | null>();
    const first = cache.get("tok", () => slow.promise);
    cache.clear();
    const afterClear = cache.get("tok", async () => null);
    slow.resolve(mira);
    expect(await first).toEqual(mira);
    expect(await afterClear).toBeNull();
    expect(await cache.get("tok", async () => null)).toBeNull();
  });

  it("forgetUser() drops that user's sessions only, and any lookup in flight", async () => {
    const ada: AuthSession = {
      user: { id: "u2", name: "Ada", email: "ada@example.test", handle: "ada" },
      via: "cookie",
    };
    let loads = 0;
    const cache = createSessionCache({ ttlMs: 1000, now: () => 0 });
    const counted = (session: AuthSession | null) => async () => {
      loads++;
      return session;
    };
    await cache.get("mira-phone", counted(mira));
    await cache.get("mira-laptop", counted(mira));
    await cache.get("ada", counted(ada));
    expect(loads).toBe(3);

    const slow = deferred<AuthSession | null>();
    const inFlight = cache.get("late", () => slow.promise);
    cache.forgetUser("u1");
    slow.resolve(ada);
    expect(await inFlight).toEqual(ada);

    // Mira's two devices ask again (her account changed); Ada's session is still kept.
    expect(await cache.get("mira-phone", counted(null))).toBeNull();
    expect(await cache.get("mira-laptop", counted(null))).toBeNull();
    expect(await cache.get("ada", counted(null))).toEqual(ada);
    // The lookup overtaken by forgetUser() was not stored.
    expect(await cache.get("late", counted(null))).toBeNull();
    expect(loads).toBe(6);
  });

  it("caps the ttl at one second", async () => {
    let t = 0;
    let loads = 0;
    const cache = createSessionCache({ ttlMs: 60_000, now: () => t });
    const load = async () => {
      loads++;
      return mira;
    };
    await cache.get("tok", load);
    t = 1000;
    await cache.get("tok", load);
    expect(loads).toBe(2);
  });
});
