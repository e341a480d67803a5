// @harmoniq/api: HarmoniQ's typed procedures. This face is what clients and server components
// need: the router and its types, and an in-process caller with its context.
// Beside it: @harmoniq/api/server (createApiServer, the composition root the web app mounts),
// @harmoniq/api/http (the fetch handlers), @harmoniq/api/examples/typed-client.
export {
  appRouter,
  createCaller,
  type AppRouter,
  type RouterInputs,
  type RouterOutputs,
} from "./trpc/root";
export {
  createInnerContext,
  type ApiServices,
  type Context,
  type InnerContextOptions,
} from "./trpc/context";
export type { ChatEvent } from "./trpc/routers/chat";
