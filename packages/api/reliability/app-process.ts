// The API as its own process, for the reliability tests and the soak: the real server
// (createApiServer + node:http) on PORT, configured from the environment like production.
// Prints "ready <url>" once it accepts requests; SIGTERM closes it gracefully.
import { routeApiRequest, serveFetch } from "../src/http/node-adapter";
import { createApiServer } from "../src/server";

const port = Number(process.env.PORT ?? 0);
const api = await createApiServer(process.env);
const served = await serveFetch((req) => routeApiRequest(api, req), port);
console.log(`ready ${served.url}`);

process.once("SIGTERM", () => {
  void (async () => {
    await served.close();
    await api.close();
    process.exit(0);
  })();
});
