// The real HTTP handlers over a test API, with helpers to sign up and call procedures as a
// browser (cookie + Origin) or a script (bearer key) would.
import superjson from "superjson";
import { createAuthHandler } from "../http/auth-handler";
import { createTrpcHandler } from "../http/trpc-handler";
import { createSongFileHandlers } from "../http/song-files";
import { TEST_ORIGIN, type TestApi } from "./api";

export const EVIL_ORIGIN = "https://evil.example";
export const url = (path: string) => `${TEST_ORIGIN}${path}`;

export interface CallInit {
  headers?: Record<string, string>;
  method?: "GET" | "POST";
}

export function createHttpHarness(api: TestApi) {
  const trpc = createTrpcHandler({
    db: api.db,
    auth: api.auth,
    services: api.services,
    allowedOrigins: [TEST_ORIGIN],
    maxBodyBytes: 64 * 1024,
    log: () => {},
  });
  const auth = createAuthHandler({ auth: api.auth, services: api.services });
  const files = createSongFileHandlers({ db: api.db, auth: api.auth, services: api.services });

  /** A tRPC call the way @trpc/client sends it (superjson, GET for queries, POST otherwise). */
  function call(path: string, input: unknown, init: CallInit = {}) {
    const encoded = JSON.stringify(superjson.serialize(input));
    if (init.method === "GET") {
      return trpc(
        new Request(url(`/api/trpc/${path}?input=${encodeURIComponent(encoded)}`), {
          headers: init.headers,
        }),
      );
    }
    return trpc(
      new Request(url(`/api/trpc/${path}`), {
        method: "POST",
        headers: { "content-type": "application/json", ...init.headers },
        body: encoded,
      }),
    );
  }

  /** The result's data of a successful call. */
  async function dataOf<T>(response: Response | Promise<Response>): Promise<T> {
    const res = await response;
    const body = (await res.json()) as { result?: { data: { json: T } }; error?: unknown };
    if (!res.ok || !body.result)
      throw new Error(`call failed ${res.status}: ${JSON.stringify(body)}`);
    return body.result.data.json;
  }

  /** Signs up through the auth handler; returns the session cookie (`name=value`) and the response. */
  async function signUp(email: string, name = "Web User") {
    const response = await auth(
      new Request(url("/api/auth/sign-up/email"), {
        method: "POST",
        headers: { "content-type": "application/json", origin: TEST_ORIGIN },
        body: JSON.stringify({ name, email, password: "a good long password" }),
      }),
    );
    if (response.status !== 200) throw new Error(`sign-up failed: ${response.status}`);
    const session = response.headers.getSetCookie().find((c) => c.includes("session_token="));
    if (!session) throw new Error("sign-up set no session cookie");
    return { cookie: session.split(";")[0]!, response };
  }

  /** A signed-up browser user: cookie headers for reads and for same-origin writes. */
  async function browserUser(email: string, name?: string) {
    const { cookie } = await signUp(email, name);
    const read = { cookie };
    const write = { cookie, origin: TEST_ORIGIN };
    const me = await dataOf<{ id: string; handle: string }>(
      call("user.me", undefined, { method: "GET", headers: read }),
    );
    return { cookie, read, write, ...me };
  }

  return { trpc, auth, files, call, dataOf, signUp, browserUser };
}
export type HttpHarness = ReturnType<typeof createHttpHarness>;
