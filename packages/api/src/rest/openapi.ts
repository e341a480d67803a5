import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";
import { appRouter } from "../trpc/root";

/** Where the REST API is mounted. */
export const REST_BASE_PATH = "/api/v1";

/** The security scheme every protected operation names. */
export const API_KEY_SCHEME = "apiKey";

const DESCRIPTION = `HarmoniQ's public procedures as REST: the same validation, limits and errors as the
web app's own API.

**Authentication.** Create an API key in Settings → API keys and send it as
\`Authorization: Bearer <key>\`. Reads of public songs, playlists and profiles need no key.

**Errors** are JSON: \`{ "code": "NOT_FOUND", "message": "Song not found" }\` with the HTTP status of
the code — 400 bad input (with \`issues\`), 401 no or bad key, 403 not yours, 404 not found (someone
else's private song does not exist for you), 409 conflict, 413 body too large, 415 not JSON,
429 rate limited, 503 the database is briefly unavailable (retry after \`Retry-After\` seconds).

**Paging.** Lists return \`{ items, nextCursor }\`; pass \`cursor=<nextCursor>\` for the next page.`;

let cached: OpenAPIObject | undefined;

/** The OpenAPI 3.1 document of the REST API, for the origin `baseUrl` (built once per process). */
export function openApiDocument(baseUrl: string): OpenAPIObject {
  cached ??= generateOpenApiDocument(appRouter, {
    title: "HarmoniQ API",
    description: DESCRIPTION,
    version: "1.0.0",
    license: { name: "AGPL-3.0-or-later", identifier: "AGPL-3.0-or-later" },
    baseUrl: REST_BASE_PATH,
    docsUrl: "/docs/api",
    tags: ["songs", "comments", "playlists", "users"],
    securitySchemes: {
      [API_KEY_SCHEME]: {
        type: "http",
        scheme: "bearer",
        description: "An API key from Settings → API keys, as `Authorization: Bearer <key>`.",
      },
    },
  });
  return { ...cached, servers: [{ url: `${baseUrl.replace(/\/$/, "")}${REST_BASE_PATH}` }] };
}
