// Serving stored bytes over HTTP with byte ranges and entity tags: what players and browsers
// need to seek in a song (song-files.ts for the web app, subsonic/media.ts for music players).

/** The same bytes, typed as a fetch body (an ArrayBuffer-backed view; no copy). */
export const asBody = (bytes: Uint8Array) =>
  new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);

/**
 * Parses a single `Range: bytes=…` header against a file of `size` bytes.
 * Returns null for no range, "invalid" for one that cannot be served (416).
 */
export function parseRange(
  header: string | null,
  size: number,
): { start: number; end: number } | null | "invalid" {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return "invalid";
  let start: number;
  let end: number;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0) return "invalid";
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) return "invalid";
  return { start, end };
}

/** Whether an `If-None-Match` header names this entity tag (a list, `*`, or weak tags). */
export function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === etag || tag === "*");
}

/**
 * `bytes` as the answer to `req`: 304 when `If-None-Match` names `headers.etag`, 416 for a range
 * outside the bytes, 206 with the asked range, else 200 with everything. `headers` (with the
 * `etag`) go on every answer; `accept-ranges` and the lengths are added here.
 */
export function byteRangeResponse(
  req: Request,
  bytes: Uint8Array,
  headers: Record<string, string> & { etag: string },
): Response {
  const common = { ...headers, "accept-ranges": "bytes" };
  if (matchesEtag(req.headers.get("if-none-match"), headers.etag))
    return new Response(null, { status: 304, headers: common });
  const range = parseRange(req.headers.get("range"), bytes.byteLength);
  if (range === "invalid") {
    return new Response(null, {
      status: 416,
      headers: { ...common, "content-range": `bytes */${bytes.byteLength}` },
    });
  }
  if (range) {
    const body = bytes.subarray(range.start, range.end + 1);
    return new Response(asBody(body), {
      status: 206,
      headers: {
        ...common,
        "content-range": `bytes ${range.start}-${range.end}/${bytes.byteLength}`,
        "content-length": String(body.byteLength),
      },
    });
  }
  return new Response(asBody(bytes), {
    status: 200,
    headers: { ...common, "content-length": String(bytes.byteLength) },
  });
}
