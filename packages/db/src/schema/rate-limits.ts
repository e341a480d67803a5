import { index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { timestampMs } from "./columns";

/**
 * Counters for abuse limits (sign-in attempts, song creation, comments), in the shape
 * rate-limiter-flexible's RateLimiterDrizzle expects. Kept in the database so that every app
 * instance sees the same counts.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text().primaryKey(),
    points: integer().notNull().default(0),
    expire: timestampMs(),
  },
  (t) => [index("rate_limits_expire_idx").on(t.expire)],
);
