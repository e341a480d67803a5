import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { apiKeyRouter } from "./routers/api-key";
import { chatRouter } from "./routers/chat";
import { commentRouter } from "./routers/comment";
import { notificationRouter } from "./routers/notification";
import { playlistRouter } from "./routers/playlist";
import { songRouter } from "./routers/song";
import { statsRouter } from "./routers/stats";
import { userRouter } from "./routers/user";
import { createCallerFactory, createTRPCRouter } from "./init";

export const appRouter = createTRPCRouter({
  user: userRouter,
  song: songRouter,
  comment: commentRouter,
  playlist: playlistRouter,
  chat: chatRouter,
  notification: notificationRouter,
  apiKey: apiKeyRouter,
  stats: statsRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** Calls procedures in process (tests, server components) with a context from `createInnerContext`. */
export const createCaller = createCallerFactory(appRouter);
