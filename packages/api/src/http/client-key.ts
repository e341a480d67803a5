import { createHash } from "node:crypto";

/** The client's network identity for anonymous limits and play counts, hashed (no raw IPs stored). */
export function clientKeyOf(headers: Headers, trustedProxyHops = 1): string {
  // Each proxy appends the address it saw, so only the entry written by the nearest trusted
  // proxy is not the client's own claim: with N proxies in front that is the N-th from the
  // right. (The first entry is whatever the client sent; keying limits on it lets anyone
  // dodge the per-IP limits by changing a header.)
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const forwarded = entries[Math.max(0, entries.length - Math.max(1, trustedProxyHops))];
  const ip = forwarded || headers.get("x-real-ip") || "local";
  return createHash("sha256").update(ip).digest("base64url").slice(0, 22);
}
