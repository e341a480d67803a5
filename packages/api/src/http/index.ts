// @harmoniq/api/http: the HTTP layer, fetch handlers (Request → Response) that any server can
// mount. createApiServer (@harmoniq/api/server) builds them all; the web app's route handlers
// call those, and server components read the session's database with readDatabaseFor.
export {
  createTrpcHandler,
  DEFAULT_MAX_BATCH_SIZE,
  DEFAULT_ANONYMOUS_CACHED_PROCEDURES,
  DEFAULT_MAX_BODY_BYTES,
  type HttpOptions,
} from "./trpc-handler";
export { createAuthHandler } from "./auth-handler";
export { createRestHandler, restError, type RestOptions } from "./rest-handler";
export { createSongFileHandlers } from "./song-files";
export { parseRange } from "./byte-range";
export { createExportHandler } from "./export-handler";
export { createSubsonicHandler, type SubsonicOptions } from "./subsonic";
export { clientKeyOf } from "./client-key";
export { isCrossSiteWrite } from "./csrf";
export { databaseUnavailableResponse, jsonError } from "./json-error";
export {
  LSN_COOKIE,
  lsnFromCookie,
  readDatabaseFor,
  withLsnCookie,
  type ReadRouting,
} from "./read-routing";
export { routeApiRequest, serveFetch, serveNodeRequest } from "./node-adapter";
export {
  ANONYMOUS_CACHE_MAX_TTL_MS,
  createAnonymousCache,
  isAnonymousNodeRequest,
  isAnonymousRequest,
  type AnonymousCache,
} from "./anonymous-cache";
export { pageCacheKey, serveCachedPage } from "./node-page-cache";
