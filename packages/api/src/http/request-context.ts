import { getSessionFromHeaders, type AuthSession } from "@harmoniq/auth";
import { createInnerContext, type Context } from "../trpc/context";
import { toTrpcError } from "../trpc/errors";
import { clientKeyOf } from "./client-key";
import { readDatabaseFor } from "./read-routing";
import type { HttpOptions } from "./trpc-handler";

type ContextOptions = Pick<HttpOptions, "db" | "reads" | "auth" | "services" | "trustedProxyHops">;

/**
 * The context of one HTTP request to the procedures, shared by `/api/trpc` and `/api/v1`:
 * the session (cookie or API key), the database it reads from (the primary for mutations,
 * read routing otherwise), services and the client's key for rate limits. `wasMutation()`
 * tells the handler afterwards whether a write ran, for caches and the read-your-writes cookie,
 * and `writer()` who made it (null when anonymous).
 */
export function requestContextFor(options: ContextOptions, req: Request) {
  let mutation = false;
  let writer: string | null = null;
  return {
    async createContext({ info }: { info: { type: string } }): Promise<Context> {
      let session: AuthSession | null;
      try {
        session = await getSessionFromHeaders(options.auth, req.headers);
      } catch (error) {
        // Reading the session needs the database: while it is down, a 503 (not a 500).
        throw toTrpcError(error) ?? error;
      }
      mutation = info.type === "mutation";
      writer = session?.user.id ?? null;
      return createInnerContext({
        db: mutation ? options.db : await readDatabaseFor(options, req.headers, session),
        session,
        services: options.services,
        clientKey: clientKeyOf(req.headers, options.trustedProxyHops),
      });
    },
    wasMutation: () => mutation,
    writer: () => writer,
  };
}
