import { AsyncLocalStorage } from "node:async_hooks";
import type { AnyRouter } from "@trpc/server";

// trpc-to-openapi turns query-string values into numbers and booleans by setting `coerce` on
// the procedures' own zod schemas (`_def.coerce = true`), for every REST request, for good.
// Those schemas also validate tRPC calls: after one REST request, `{ limit: true }` would pass
// tRPC's validation as 1 and `{ isPublic: "false" }` as true. Here each such flag becomes a
// property that is true only while a REST query string is being parsed, and ignores writes.

const restQuery = new AsyncLocalStorage<true>();

/** Runs `fn` with query-string coercion on (GET and DELETE requests: input from the URL). */
export const withQueryCoercion = <T>(fn: () => T): T => restQuery.run(true, fn);

interface ZodLike {
  _zod?: { def?: Record<string, unknown> & { type?: string } };
}

const COERCIBLE = new Set(["number", "boolean", "bigint", "date"]);
const WRAPPERS = new Set(["optional", "nullable", "default", "prefault"]);
const scoped = new WeakSet<object>();

/** The schema the library unwraps to (the same rules as its unwrapZodType). */
function unwrap(schema: ZodLike, throughPipes: boolean): ZodLike {
  let current = schema;
  for (let depth = 0; depth < 32; depth++) {
    const def = current._zod?.def;
    if (!def) return current;
    if (def.type === "array") current = def.element as ZodLike;
    else if (def.type && WRAPPERS.has(def.type)) current = def.innerType as ZodLike;
    else if (def.type === "lazy") current = (def.getter as () => ZodLike)();
    else if (def.type === "pipe" && throughPipes) {
      const out = def.out as ZodLike;
      current = out._zod?.def?.type === "transform" ? (def.in as ZodLike) : out;
    } else return current;
  }
  return current;
}

function scopeObject(object: ZodLike) {
  const shape = object._zod?.def?.shape as Record<string, ZodLike> | undefined;
  for (const field of Object.values(shape ?? {})) {
    const inner = unwrap(field, false);
    const def = inner._zod?.def;
    if (!def?.type) continue;
    if (def.type === "object") scopeObject(inner);
    else if (COERCIBLE.has(def.type) && !scoped.has(def)) {
      scoped.add(def);
      const always = def.coerce === true;
      Object.defineProperty(def, "coerce", {
        configurable: true,
        enumerable: true,
        get: () => always || restQuery.getStore() === true,
        set: () => {},
      });
    }
  }
}

/** Scopes the coercion of every REST procedure's input fields (see above); idempotent. */
export function scopeQueryCoercion(router: AnyRouter) {
  const procedures = router._def.procedures as Record<string, unknown>;
  for (const procedure of Object.values(procedures)) {
    const def = (procedure as { _def?: { meta?: { openapi?: unknown }; inputs?: ZodLike[] } })._def;
    if (!def?.meta?.openapi) continue;
    for (const input of def.inputs ?? []) {
      const object = unwrap(input, true);
      if (object._zod?.def?.type === "object") scopeObject(object);
    }
  }
}
