import { createHash, timingSafeEqual } from "node:crypto";
import { getSessionFromHeaders, type Auth, type SessionUser } from "@harmoniq/auth";
import { findAppPasswordSecrets, touchAppPassword, type Database } from "@harmoniq/db";
import { openAppPassword } from "../../services/app-passwords";
import { RateLimitedError, type RateLimits } from "../../services/rate-limits";
import { SubsonicCode, SubsonicError } from "./response";

// Who a player is: `u` (the handle) with `t = md5(app password + s)`, or `p` (the app password,
// plain or `enc:` + hex), or `apiKey` (a HarmoniQ API key). Never the account password.
// Failed attempts count against the sign-in limits, per client and per account, and an
// exhausted limit refuses even a right password until it resets.

export interface SubsonicAuthOptions {
  db: Database;
  auth: Auth;
  limits: RateLimits;
}

/** How often "last used" is written for an app password (not on every request). */
const TOUCH_AFTER_MS = 5 * 60_000;

const md5 = (text: string) => createHash("md5").update(text, "utf8").digest("hex");
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest();
/** Equal strings, compared in constant time whatever their lengths. */
const sameText = (a: string, b: string) => timingSafeEqual(sha256(a), sha256(b));

function legacyPassword(p: string): string | null {
  if (!p.startsWith("enc:")) return p;
  const hex = p.slice(4);
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) return null;
  return Buffer.from(hex, "hex").toString("utf8");
}

const accountKey = (handle: string) => `subsonic:${handle.toLowerCase()}`;

export async function authenticate(
  options: SubsonicAuthOptions,
  params: URLSearchParams,
  clientKey: string,
): Promise<SessionUser> {
  const apiKey = params.get("apiKey");
  const u = params.get("u");
  const t = params.get("t");
  const s = params.get("s");
  const p = params.get("p");
  if (apiKey !== null && (u !== null || t !== null || p !== null)) {
    throw new SubsonicError(
      SubsonicCode.conflictingAuth,
      "Use either apiKey or u with t and s (or p), not both",
    );
  }

  const refuse = async (
    keys: ["signInPerIp" | "signInPerAccount", string][],
    error: SubsonicError,
  ) => {
    try {
      for (const [name, key] of keys) await options.limits.consume(name, key);
    } catch (limited) {
      if (limited instanceof RateLimitedError) {
        throw new SubsonicError(SubsonicCode.generic, limited.message);
      }
      throw limited;
    }
    throw error;
  };
  const assertNotLimited = async (keys: ["signInPerIp" | "signInPerAccount", string][]) => {
    for (const [name, key] of keys) {
      if (await options.limits.isLimited(name, key)) {
        throw new SubsonicError(SubsonicCode.generic, "Too many failed sign-ins; try again later");
      }
    }
  };

  if (apiKey !== null) {
    const keys: ["signInPerIp", string][] = [["signInPerIp", clientKey]];
    await assertNotLimited(keys);
    const session = /^\S{1,200}$/.test(apiKey)
      ? await getSessionFromHeaders(
          options.auth,
          new Headers({ authorization: `Bearer ${apiKey}` }),
        )
      : null;
    if (!session) {
      return refuse(keys, new SubsonicError(SubsonicCode.invalidApiKey, "Invalid API key"));
    }
    return session.user;
  }

  if (u === null || u === "") {
    throw new SubsonicError(SubsonicCode.missingParameter, "Required parameter is missing: u");
  }
  const tokenAuth = t !== null && s !== null;
  if (!tokenAuth && p === null) {
    throw new SubsonicError(
      SubsonicCode.missingParameter,
      "Required parameters are missing: t and s (or p)",
    );
  }
  const keys: ["signInPerIp" | "signInPerAccount", string][] = [
    ["signInPerIp", clientKey],
    ["signInPerAccount", accountKey(u)],
  ];
  await assertNotLimited(keys);
  const plain = !tokenAuth && p !== null ? legacyPassword(p) : null;
  const token = t?.toLowerCase() ?? "";
  const candidates = u.length <= 60 ? await findAppPasswordSecrets(options.db, u) : [];
  const secret = options.auth.options.secret;
  for (const candidate of candidates) {
    const password = openAppPassword(secret, candidate.user.id, candidate.sealed);
    if (password === null) continue;
    const ok = tokenAuth
      ? sameText(md5(password + s), token)
      : plain !== null && sameText(password, plain);
    if (!ok) continue;
    const stale =
      !candidate.lastUsedAt || Date.now() - candidate.lastUsedAt.getTime() > TOUCH_AFTER_MS;
    if (stale) await touchAppPassword(options.db, candidate.id);
    return candidate.user;
  }
  return refuse(
    keys,
    new SubsonicError(SubsonicCode.wrongCredentials, "Wrong username or password"),
  );
}
