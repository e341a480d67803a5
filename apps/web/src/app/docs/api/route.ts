export const dynamic = "force-static";

/**
 * Scalar's settings: the document from this server, no fonts from Scalar's CDN, no request
 * proxy, telemetry, AI agent or developer toolbar (the page talks to this origin only; the CSP
 * enforces it).
 */
const CONFIG = {
  url: "/api/v1/openapi.json",
  withDefaultFonts: false,
  proxyUrl: "",
  telemetry: false,
  agent: { disabled: true },
  mcp: { disabled: true },
  showDeveloperTools: "never",
  authentication: { preferredSecurityScheme: "apiKey" },
};

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>HarmoniQ API reference</title>
    <style>body { margin: 0; font-family: system-ui, sans-serif; }</style>
  </head>
  <body>
    <noscript>The reference needs JavaScript. The OpenAPI document is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</noscript>
    <div id="app"></div>
    <script src="/docs/api/scalar.js"></script>
    <script>Scalar.createApiReference("#app", ${JSON.stringify(CONFIG)});</script>
  </body>
</html>`;

/** `/docs/api`: the interactive REST reference (Scalar), served entirely from this origin. */
export function GET() {
  return new Response(PAGE, { headers: { "content-type": "text/html; charset=utf-8" } });
}
