import type { Auth } from "@harmoniq/auth";
import { isDatabaseUnavailable, StorageError, type Database } from "@harmoniq/db";
import type { ApiServices } from "../../services";
import { readBodyWithin } from "../body-limit";
import { clientKeyOf } from "../client-key";
import { databaseUnavailableResponse } from "../json-error";
import type { MutationWriter } from "../trpc-handler";
import { authenticate } from "./auth";
import { ENDPOINTS } from "./endpoints";
import {
  formatOf,
  SubsonicCode,
  SubsonicError,
  subsonicError,
  subsonicResponse,
  type Format,
} from "./response";

export interface SubsonicOptions {
  /** The primary: a player stars and then lists its stars, so it reads its own writes. */
  db: Database;
  auth: Auth;
  services: Pick<ApiServices, "songs" | "covers" | "limits">;
  trustedProxyHops?: number;
  log?: (message: string, error?: unknown) => void;
  /** Called after an endpoint that writes succeeded (see HttpOptions.onMutation). */
  onMutation?: (writer: MutationWriter) => void;
}

/** Form posts (OpenSubsonic formPost) carry only parameters: a few KB at most. */
const MAX_FORM_BYTES = 64 * 1024;

/** The request's parameters: the query string, plus a form body for POST. */
async function paramsOf(req: Request, url: URL): Promise<URLSearchParams | null> {
  const params = new URLSearchParams(url.search);
  if (req.method !== "POST") return params;
  const body = await readBodyWithin(req, MAX_FORM_BYTES);
  if (body === null) return null;
  const type = req.headers.get("content-type") ?? "";
  if (body.byteLength > 0 && /^application\/x-www-form-urlencoded\b/i.test(type)) {
    for (const [key, value] of new URLSearchParams(new TextDecoder().decode(body))) {
      params.append(key, value);
    }
  }
  return params;
}

/**
 * `/rest/<endpoint>` and `/rest/<endpoint>.view`, GET or POST (form): OpenSubsonic for music
 * players. See docs/SUBSONIC.md for what maps to what.
 */
export function createSubsonicHandler(options: SubsonicOptions) {
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error));

  return async function handleSubsonic(req: Request): Promise<Response> {
    const url = new URL(req.url);
    let format: Format = formatOf(url.searchParams);
    if (req.method !== "GET" && req.method !== "POST" && req.method !== "HEAD") {
      return new Response("Use GET or POST", { status: 405, headers: { allow: "GET, POST" } });
    }
    const params = await paramsOf(req, url);
    if (!params) return subsonicError(format, SubsonicCode.generic, "The request is too large");
    format = formatOf(params);
    const name = /^\/rest\/([A-Za-z0-9]{1,60})(?:\.view)?$/.exec(url.pathname)?.[1];
    const endpoint =
      name !== undefined && Object.hasOwn(ENDPOINTS, name) ? ENDPOINTS[name] : undefined;
    if (!endpoint) {
      return subsonicError(
        format,
        SubsonicCode.generic,
        `HarmoniQ does not offer ${name ? `"${name}"` : "this endpoint"} yet`,
      );
    }
    try {
      const user = endpoint.public
        ? null
        : await authenticate(
            { db: options.db, auth: options.auth, limits: options.services.limits },
            params,
            clientKeyOf(req.headers, options.trustedProxyHops),
          );
      const result = await endpoint.run({
        req,
        params,
        user: user ?? { id: "", name: "", email: "", handle: "" },
        db: options.db,
        services: options.services,
      });
      if (endpoint.writes) options.onMutation?.({ userId: user?.id || null });
      return result instanceof Response ? result : subsonicResponse(format, result);
    } catch (error) {
      if (error instanceof SubsonicError) return subsonicError(format, error.code, error.message);
      if (error instanceof StorageError) {
        const code =
          error.code === "NOT_FOUND"
            ? SubsonicCode.notFound
            : error.code === "FORBIDDEN"
              ? SubsonicCode.notAuthorized
              : SubsonicCode.generic;
        return subsonicError(format, code, error.message);
      }
      if (isDatabaseUnavailable(error)) return databaseUnavailableResponse();
      log(`Subsonic ${name} failed`, error);
      return subsonicError(format, SubsonicCode.generic, "Something went wrong");
    }
  };
}
