import type { AuthSession } from "@harmoniq/auth";
import type { Database } from "@harmoniq/db";
import type { ApiServices } from "../services";

export type { ApiServices };

export interface InnerContextOptions {
  db: Database;
  session: AuthSession | null;
  services: ApiServices;
  /** Identifies the client for anonymous limits and play de-duplication (hashed IP). */
  clientKey?: string;
}

/**
 * The context every procedure sees. Tests build it directly (through `createCaller`); the HTTP
 * layer builds it from the request's cookie or bearer key.
 */
export function createInnerContext(options: InnerContextOptions) {
  return {
    db: options.db,
    session: options.session,
    services: options.services,
    clientKey: options.clientKey ?? "local",
  };
}
export type Context = ReturnType<typeof createInnerContext>;
