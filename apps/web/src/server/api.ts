import "server-only";
import { createApiServer, type ApiServer } from "@harmoniq/api/server";

// One API server per process, kept on globalThis so that dev reloads do not open another
// database, render pool or set of workers.
const globalForApi = globalThis as unknown as { harmoniqApi?: Promise<ApiServer> };

export function getApi(): Promise<ApiServer> {
  globalForApi.harmoniqApi ??= createApiServer(process.env).catch((error: unknown) => {
    globalForApi.harmoniqApi = undefined;
    throw error;
  });
  return globalForApi.harmoniqApi;
}
