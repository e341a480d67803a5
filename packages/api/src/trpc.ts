import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { StorageError } from "@harmoniq/db";
import type { Context } from "./context";
import { toTrpcError } from "./errors";
import type { LimitName } from "./rate-limits";

const INTERNAL_MESSAGE = "Something went wrong on our side. Please try again.";

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // Never send stack traces, whatever NODE_ENV says.
  isDev: false,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const issues =
      cause instanceof ZodError
        ? cause.issues
        : cause instanceof StorageError && cause.issues
          ? cause.issues
          : null;
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      // Internal errors may carry SQL or paths in their message: the client gets a fixed text.
      message: internal ? INTERNAL_MESSAGE : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        zodError: issues ? z.flattenError(new ZodError(issues)) : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Storage and music errors become the tRPC codes of the same meaning. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTrpcError(result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

/** Signed in (by cookie or API key); narrows `session` for the handlers. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to do this" });
  return next({ ctx: { ...ctx, session: ctx.session, userId: ctx.session.user.id } });
});

/** A protected procedure counted against one of the abuse limits, per user. */
export function limitedProcedure(name: LimitName) {
  return protectedProcedure.use(async ({ ctx, next }) => {
    await ctx.services.limits.consume(name, ctx.userId);
    return next();
  });
}
