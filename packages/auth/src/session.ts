import { isDatabaseUnavailable } from "@harmoniq/db";
import type { Auth } from "./auth";
import { sessionCacheOf } from "./session-cache";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  handle: string;
}

export interface AuthSession {
  user: SessionUser;
  /** How the caller proved who they are. */
  via: "cookie" | "apiKey";
}

/**
 * The caller's session from request headers: a session cookie or `Authorization: Bearer <key>`.
 * A bad, revoked or expired key is no session (never an exception), so the caller is anonymous
 * and protected procedures answer UNAUTHORIZED. The database being unreachable is thrown, not
 * read as "signed out": the caller answers 503 instead of logging the user out.
 */
export async function getSessionFromHeaders(
  auth: Auth,
  headers: Headers,
): Promise<AuthSession | null> {
  const viaKey = /^Bearer\s+\S+$/i.test(headers.get("authorization") ?? "");
  // No credentials at all: anonymous, without a trip through better-auth (the common case
  // for public pages and feeds).
  const cookie = headers.get("cookie") ?? "";
  if (!viaKey && !cookie.includes("session_token")) return null;
  const cache = viaKey ? undefined : sessionCacheOf(auth);
  const token = cache ? sessionTokenOf(cookie) : null;
  if (cache && token) return cache.get(token, () => lookUp(auth, headers, false));
  return lookUp(auth, headers, viaKey);
}

/** The session token cookie's value (its name has a `__Secure-` prefix over https). */
function sessionTokenOf(cookie: string): string | null {
  for (const part of cookie.split(";")) {
    const eq = part.indexOf("=");
    const name = part.slice(0, eq).trim();
    if (name === "better-auth.session_token" || name === "__Secure-better-auth.session_token")
      return part.slice(eq + 1).trim();
  }
  return null;
}

async function lookUp(auth: Auth, headers: Headers, viaKey: boolean): Promise<AuthSession | null> {
  try {
    const result = await auth.api.getSession({ headers });
    if (!result) return null;
    const u = result.user as typeof result.user & { handle?: string };
    return {
      user: { id: u.id, name: u.name, email: u.email, handle: u.handle ?? "" },
      via: viaKey ? "apiKey" : "cookie",
    };
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw error;
    return null;
  }
}
