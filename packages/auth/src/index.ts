export { createAuth, API_KEY_PREFIX, type Auth, type CreateAuthOptions } from "./auth";
export {
  parseAuthEnv,
  resolveAuthSecret,
  trustedOrigins,
  AuthConfigError,
  type AuthEnv,
} from "./env";
export { getSessionFromHeaders, type SessionUser, type AuthSession } from "./session";
export {
  clearSessionCache,
  forgetCachedSessionsOf,
  SESSION_CACHE_MAX_TTL_MS,
} from "./session-cache";
