/**
 * A state-changing request from another site is refused: browsers name the page's origin on
 * every cross-site POST, so a foreign or opaque ("null") Origin, or Sec-Fetch-Site: cross-site,
 * means a page elsewhere is trying to use the visitor's cookies. Clients without a browser
 * (API keys) send no Origin and are let through.
 */
export function isCrossSiteWrite(req: Request, allowedOrigins: string[]): boolean {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return false;
  const origin = req.headers.get("origin");
  if (origin !== null) return !allowedOrigins.includes(origin);
  return req.headers.get("sec-fetch-site") === "cross-site";
}
