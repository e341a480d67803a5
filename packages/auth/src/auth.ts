import { apiKey } from "@better-auth/api-key";
import {
  account,
  apikey,
  findAvailableHandle,
  handleSchema,
  session,
  user,
  verification,
  type Database,
} from "@harmoniq/db";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError } from "better-auth/api";
import { createSessionCache, registerSessionCache } from "./session-cache";

export interface CreateAuthOptions {
  db: Database;
  secret: string;
  baseURL: string;
  trustedOrigins: string[];
  /** Secure cookies (HTTPS only); on in production. */
  secureCookies?: boolean;
  /**
   * Reuse a cookie session resolved in the last N ms (max 1000; 0 or absent = off); see
   * session-cache.ts for what it does to revocation.
   */
  sessionCacheMs?: number;
}

/** API keys look like `hq_…`; the prefix tells a leaked key apart at a glance. */
export const API_KEY_PREFIX = "hq_";

/**
 * The better-auth instance: email + password accounts with a unique handle, sessions in the
 * database, and API keys (hashed) that act as the user on every procedure.
 */
export function createAuth(options: CreateAuthOptions) {
  const { db } = options;
  const sessionCache = options.sessionCacheMs
    ? createSessionCache({ ttlMs: options.sessionCacheMs })
    : null;
  // A deleted session or user is never served from the cache again (sign-out, revocation).
  const forgetSessions = async () => sessionCache?.clear();
  const auth = betterAuth({
    appName: "HarmoniQ",
    secret: options.secret,
    baseURL: options.baseURL,
    trustedOrigins: options.trustedOrigins,
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user, session, account, verification, apikey },
    }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      autoSignIn: true,
    },
    user: {
      additionalFields: {
        handle: { type: "string", required: false, input: true },
        bio: { type: "string", required: false, input: false },
      },
    },
    session: {
      expiresIn: 60 * 60 * 24 * 30,
      updateAge: 60 * 60 * 24,
    },
    // Abuse limits are HarmoniQ's own, shared by every instance through the database.
    rateLimit: { enabled: false },
    advanced: {
      useSecureCookies: options.secureCookies ?? false,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    },
    databaseHooks: {
      session: { delete: { after: forgetSessions } },
      user: {
        delete: { after: forgetSessions },
        create: {
          // A chosen handle must be valid and free; otherwise one is derived from the name.
          before: async (data) => {
            const wanted = (data as { handle?: unknown }).handle;
            if (typeof wanted === "string" && wanted.trim() !== "") {
              const parsed = handleSchema.safeParse(wanted.trim().toLowerCase());
              if (!parsed.success) {
                throw new APIError("BAD_REQUEST", {
                  message: parsed.error.issues[0]!.message,
                  code: "INVALID_HANDLE",
                });
              }
              if ((await findAvailableHandle(db, parsed.data)) !== parsed.data) {
                throw new APIError("BAD_REQUEST", {
                  message: "That handle is already taken",
                  code: "HANDLE_TAKEN",
                });
              }
              return { data: { ...data, handle: parsed.data } };
            }
            return {
              data: {
                ...data,
                handle: await findAvailableHandle(db, data.name || data.email.split("@")[0]!),
              },
            };
          },
        },
      },
    },
    plugins: [
      apiKey({
        defaultPrefix: API_KEY_PREFIX,
        enableSessionForAPIKeys: true,
        // `Authorization: Bearer <key>`; the plugin would otherwise hash the whole header.
        customAPIKeyGetter: (ctx) => {
          const header = ctx.headers?.get("authorization");
          const match = header?.match(/^Bearer\s+(\S+)$/i);
          return match?.[1] ?? null;
        },
        requireName: true,
        maximumNameLength: 60,
        // Per-key limits are HarmoniQ's own (shared limiter); the plugin's default is 10 a day.
        rateLimit: { enabled: false },
      }),
    ],
  });
  if (sessionCache) registerSessionCache(auth, sessionCache);
  return auth;
}

export type Auth = ReturnType<typeof createAuth>;
