import type { Auth } from "@harmoniq/auth";
import { isDatabaseUnavailable } from "@harmoniq/db";
import { RateLimitedError } from "../services/rate-limits";
import { clientKeyOf } from "./client-key";
import { isCrossSiteWrite } from "./csrf";
import { databaseUnavailableResponse, jsonError } from "./json-error";
import { withLsnCookie } from "./read-routing";
import type { HttpOptions } from "./trpc-handler";

/** The origins better-auth trusts: its base URL's and the configured trusted origins. */
function originsTrustedBy(auth: Auth): string[] {
  const { baseURL, trustedOrigins } = auth.options;
  return [
    ...(typeof baseURL === "string" ? [new URL(baseURL).origin] : []),
    ...(Array.isArray(trustedOrigins) ? trustedOrigins : []),
  ];
}

/**
 * `/api/auth/*`: better-auth, behind HarmoniQ's shared limits on sign-in (per IP and per
 * account) and sign-up (per IP). Unknown and known accounts get the same answers.
 * Cross-site writes (sign-out, key creation, password change…) are refused here as on
 * `/api/trpc`, whatever better-auth's own origin check does (it is off when NODE_ENV=test).
 */
export function createAuthHandler(
  options: Pick<HttpOptions, "auth" | "services" | "reads" | "trustedProxyHops"> & {
    allowedOrigins?: string[];
  },
) {
  const allowedOrigins = options.allowedOrigins ?? originsTrustedBy(options.auth);
  return async function handleAuth(req: Request): Promise<Response> {
    if (isCrossSiteWrite(req, allowedOrigins)) {
      return jsonError(403, "FORBIDDEN", "Cross-site requests are refused");
    }
    const path = new URL(req.url).pathname;
    if (
      req.method === "POST" &&
      (path.endsWith("/sign-in/email") || path.endsWith("/sign-up/email"))
    ) {
      const clientKey = clientKeyOf(req.headers, options.trustedProxyHops);
      try {
        if (path.endsWith("/sign-in/email")) {
          const body = (await req
            .clone()
            .json()
            .catch(() => null)) as { email?: unknown } | null;
          await options.services.limits.consume("signInPerIp", clientKey);
          if (typeof body?.email === "string") {
            await options.services.limits.consume(
              "signInPerAccount",
              body.email.trim().toLowerCase(),
            );
          }
        } else {
          await options.services.limits.consume("signUpPerIp", clientKey);
        }
      } catch (error) {
        if (error instanceof RateLimitedError) {
          return jsonError(429, "TOO_MANY_REQUESTS", error.message, {
            "retry-after": String(error.retryAfterSec),
          });
        }
        if (isDatabaseUnavailable(error)) return databaseUnavailableResponse();
        throw error;
      }
    }
    let response: Response;
    try {
      response = await options.auth.handler(req);
    } catch (error) {
      if (isDatabaseUnavailable(error)) return databaseUnavailableResponse();
      throw error;
    }
    // Sign-up, sign-in and profile changes write: the caller then reads them back.
    return withLsnCookie(options.reads, req, response, req.method === "POST");
  };
}
