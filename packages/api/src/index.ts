// @harmoniq/api: the typed procedures of HarmoniQ, their context, and the server that serves them.
export {
  appRouter,
  createCaller,
  type AppRouter,
  type RouterInputs,
  type RouterOutputs,
} from "./root";
export {
  createInnerContext,
  type ApiServices,
  type Context,
  type InnerContextOptions,
} from "./context";
export {
  createRateLimits,
  LIMIT_RULES,
  type RateLimits,
  type LimitName,
  type LimitRules,
} from "./rate-limits";
export { createSongEngine, type SongEngine, type CreateSongRequest } from "./songs/engine";
export type { ChatEvent } from "./routers/chat";
