import { rateLimits, type Database } from "@harmoniq/db";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";

/** The abuse limits, per key (a user id or an IP), shared by every instance through the database. */
export const LIMIT_RULES = {
  signInPerIp: { points: 30, durationSec: 15 * 60, message: "Too many sign-in attempts" },
  signInPerAccount: { points: 10, durationSec: 15 * 60, message: "Too many sign-in attempts" },
  signUpPerIp: { points: 20, durationSec: 60 * 60, message: "Too many new accounts from here" },
  songCreate: { points: 30, durationSec: 60 * 60, message: "You are making songs very fast" },
  comment: { points: 20, durationSec: 60, message: "You are commenting very fast" },
  chatSend: { points: 60, durationSec: 60, message: "You are sending messages very fast" },
  // Each upload is decoded and re-encoded (up to 5 MB in): cheap once, not in a loop.
  coverUpload: { points: 30, durationSec: 60 * 60, message: "You are changing covers very fast" },
} as const;
export type LimitName = keyof typeof LIMIT_RULES;
export type LimitRules = Record<
  LimitName,
  { points: number; durationSec: number; message: string }
>;

export interface RateLimits {
  /** Counts one attempt; throws RateLimitedError once the key is over its limit. */
  consume(name: LimitName, key: string): Promise<void>;
  /** Whether the key has used up its limit (without counting an attempt). */
  isLimited(name: LimitName, key: string): Promise<boolean>;
  /** Forgets a key's attempts (e.g. after a successful sign-in). */
  reset(name: LimitName, key: string): Promise<void>;
}

export function createRateLimits(db: Database, rules: LimitRules = LIMIT_RULES): RateLimits {
  const limiters = Object.fromEntries(
    Object.entries(rules).map(([name, rule]) => [
      name,
      new RateLimiterDrizzle({
        storeClient: db,
        schema: rateLimits,
        keyPrefix: name,
        points: rule.points,
        duration: rule.durationSec,
        // Expired rows are removed by our own cleanup, not a timer in every instance.
        clearExpiredByTimeout: false,
      }),
    ]),
  ) as Record<LimitName, RateLimiterDrizzle>;

  return {
    async consume(name, key) {
      try {
        await limiters[name].consume(key);
      } catch (error) {
        if (error instanceof RateLimiterRes) {
          const retryAfterSec = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
          throw new RateLimitedError(
            `${rules[name].message}; try again in ${retryAfterSec} s`,
            retryAfterSec,
          );
        }
        throw error;
      }
    },
    async isLimited(name, key) {
      const state = await limiters[name].get(key);
      return state !== null && state.consumedPoints >= rules[name].points;
    },
    async reset(name, key) {
      await limiters[name].delete(key);
    },
  };
}

/** An abuse limit was hit; `retryAfterSec` tells the client when to try again. */
export class RateLimitedError extends Error {
  override name = "RateLimitedError";
  constructor(
    message: string,
    readonly retryAfterSec: number,
  ) {
    super(message);
  }
}
