import type { IncomingMessage, ServerResponse } from "node:http";
import { pageCacheKey, serveCachedPage, serveNodeRequest } from "@harmoniq/api/http";
import { getApi } from "./api";

// What the production entry (server.mjs) calls before Next.js routes a request:
// - /api/trpc goes straight to the API's handler: the same one as src/app/api/trpc (same
//   ApiServer, guards, session, read routing and rate limits), without the framework's
//   routing and Request/Response layers in between;
// - anonymous visitors' Discover pages are shared for up to a second (the ApiServer's
//   `anonymousPages`, cleared by every mutation); everyone else's, and every other page,
//   is rendered by Next.js as before.
// The API server itself is still created lazily, on the first request that needs it.

/** Where server.mjs finds the bridge; a symbol so nothing else collides with it. */
export const API_BRIDGE = Symbol.for("harmoniq.apiBridge");

type Render = (req: IncomingMessage, res: ServerResponse) => unknown;

/** Public pages whose anonymous copies are shared: Discover (any filters, any search). */
export const CACHED_PAGES: ReadonlySet<string> = new Set(["/"]);

export const apiBridge = {
  serveTrpc(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return serveNodeRequest(async (request) => (await getApi()).handleTrpc(request), req, res);
  },
  async servePage(req: IncomingMessage, res: ServerResponse, render: Render): Promise<void> {
    const key = pageCacheKey(req, CACHED_PAGES);
    const cache = key
      ? await getApi().then(
          (api) => api.anonymousPages,
          () => null,
        )
      : null;
    if (!key || !cache) {
      await render(req, res);
      return;
    }
    await serveCachedPage(cache, key, req, res, render);
  },
};
export type ApiBridge = typeof apiBridge;

export function installApiBridge() {
  (globalThis as Record<symbol, unknown>)[API_BRIDGE] = apiBridge;
}
