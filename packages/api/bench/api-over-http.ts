/**
 * The API server as benches reach it: createApiServer behind the node:http adapter on a free
 * port, in its own data directory, and a signed-up listener's request headers.
 */
import { routeApiRequest, serveFetch } from "../src/http/node-adapter";
import { createApiServer } from "../src/server";

export async function startApiOverHttp(dataDir: string, secret: string) {
  // The server's base URL is the port it got, so requests wait for the API behind a stand-in.
  let handler: (req: Request) => Promise<Response> = async () =>
    new Response(null, { status: 503 });
  const served = await serveFetch((req) => handler(req));
  const api = await createApiServer({
    NODE_ENV: "production",
    BETTER_AUTH_SECRET: secret,
    HARMONIQ_DATA_DIR: dataDir,
    HARMONIQ_BASE_URL: served.url,
  });
  handler = (req) => routeApiRequest(api, req);
  return {
    api,
    url: served.url,
    async close() {
      await api.close();
      await served.close();
    },
  };
}

/** Signs a listener up; the headers a signed-in browser sends with a JSON request. */
export async function signUpOverHttp(url: string, email: string) {
  const origin = { origin: url };
  const signUp = await fetch(`${url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", ...origin },
    body: JSON.stringify({ name: "Bench", email, password: "bench password 1" }),
  });
  const cookie = signUp.headers.getSetCookie().find((c) => c.includes("session_token="));
  if (!cookie) throw new Error(`sign-up: ${signUp.status} ${await signUp.text()}`);
  return { cookie: cookie.split(";")[0]!, ...origin, "content-type": "application/json" };
}
