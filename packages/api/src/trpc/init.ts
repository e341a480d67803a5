import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z, ZodError } from "zod";
import { StorageError } from "@harmoniq/db";
import type { Context } from "./context";
import { toTrpcError } from "./errors";
import type { LimitName } from "../services/rate-limits";

const INTERNAL_MESSAGE = "Something went wrong on our side. Please try again.";

// `meta.openapi` puts a procedure on the REST surface too (see src/rest).
const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
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

/**
 * Refuses text PostgreSQL cannot store (NUL) or that is not Unicode (a lone surrogate, which
 * the drivers would silently turn into U+FFFD), anywhere in the input, before any handler runs:
 * the schemas check lengths and shapes, not code points. Inputs here are flat objects, so an
 * input nested deeper than MAX_INPUT_DEPTH or with more than MAX_INPUT_NODES values is refused
 * too (the walk is iterative and bounded, whatever the client sends).
 */
const MAX_INPUT_DEPTH = 16;
const MAX_INPUT_NODES = 10_000;
/** PostgreSQL text cannot hold NUL, and an unpaired surrogate would be stored as U+FFFD. */
const isStorableText = (text: string) => !text.includes("\0") && text.isWellFormed();

const TOO_BIG = "The input is too large or too deeply nested";

/** Why the input cannot be stored, or null. Iterative and bounded, whatever its shape. */
function findUnstorableInput(input: unknown): string | null {
  const stack: { value: unknown; path: string; depth: number }[] = [
    { value: input, path: "input", depth: 0 },
  ];
  let nodes = 0;
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (depth > MAX_INPUT_DEPTH) return TOO_BIG;
    if (typeof value === "string") {
      if (!isStorableText(value)) {
        return `${path.slice(0, 100)} contains a NUL character or an unpaired surrogate`;
      }
    } else if (value !== null && typeof value === "object") {
      const entries = Object.entries(value);
      nodes += entries.length;
      if (nodes > MAX_INPUT_NODES) return TOO_BIG;
      for (const [key, item] of entries) {
        if (!isStorableText(key)) return `${path.slice(0, 100)} has a key that is not text`;
        stack.push({ value: item, path: `${path}.${key}`, depth: depth + 1 });
      }
    }
  }
  return null;
}

const storableInput = t.middleware(async ({ getRawInput, next }) => {
  const problem = findUnstorableInput(await getRawInput());
  if (problem) throw new TRPCError({ code: "BAD_REQUEST", message: problem });
  return next();
});

export const publicProcedure = t.procedure.use(domainErrors).use(storableInput);

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
