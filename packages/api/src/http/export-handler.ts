import { getSessionFromHeaders, type Auth } from "@harmoniq/auth";
import type { Database } from "@harmoniq/db";
import type { ApiServices } from "../services";
import { createLibraryExport } from "../services/export/library-export";
import { jsonError as apiJsonError } from "./json-error";

interface ExportHandlerOptions {
  db: Database;
  auth: Auth;
  services: Pick<ApiServices, "songs">;
  now?: () => Date;
}

const jsonError = (status: number, code: string, message: string) =>
  apiJsonError(status, code, message, { "cache-control": "no-store" });

/**
 * `GET /api/export`: the signed-in user's whole library as one zip (cookie or API key),
 * streamed while it is built.
 */
export function createExportHandler(options: ExportHandlerOptions) {
  return async function handleExport(req: Request): Promise<Response> {
    if (req.method !== "GET" && req.method !== "HEAD")
      return jsonError(405, "METHOD_NOT_SUPPORTED", "Use GET to download your library");
    const session = await getSessionFromHeaders(options.auth, req.headers);
    if (!session) return jsonError(401, "UNAUTHORIZED", "Sign in to download your library");
    const exported = await createLibraryExport({
      db: options.db,
      songs: options.services.songs,
      userId: session.user.id,
      now: options.now?.() ?? new Date(),
    });
    if (!exported) return jsonError(401, "UNAUTHORIZED", "Sign in to download your library");
    const headers = {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${exported.filename}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    };
    if (req.method === "HEAD") {
      await exported.stream.cancel();
      return new Response(null, { status: 200, headers });
    }
    return new Response(exported.stream, { status: 200, headers });
  };
}
