// OpenSubsonic answers: `subsonic-response` as XML (the default) or JSON (`f=json`, or `f=jsonp`
// with `callback`). Payloads are plain objects: scalars become XML attributes, objects and
// arrays of objects child elements, arrays of scalars repeated elements with text, and `value`
// an element's text (a genre's name). Errors are `status="failed"` with HTTP 200, as the
// protocol wants.

export const SUBSONIC_API_VERSION = "1.16.1";
export const SERVER_TYPE = "harmoniq";
export const SERVER_VERSION = "0.1.0";

/** Subsonic error codes. */
export const SubsonicCode = {
  generic: 0,
  missingParameter: 10,
  wrongCredentials: 40,
  authNotSupported: 42,
  conflictingAuth: 43,
  invalidApiKey: 44,
  notAuthorized: 50,
  notFound: 70,
} as const;

export type Scalar = string | number | boolean | Date;
export type Payload = { [key: string]: Scalar | Payload | Payload[] | Scalar[] | undefined | null };

export type Format = { kind: "xml" } | { kind: "json" } | { kind: "jsonp"; callback: string };

export function formatOf(params: URLSearchParams): Format {
  const f = params.get("f");
  if (f === "json") return { kind: "json" };
  const callback = params.get("callback") ?? "";
  if (f === "jsonp" && /^[A-Za-z_$][\w.$]{0,99}$/.test(callback))
    return { kind: "jsonp", callback };
  return { kind: "xml" };
}

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" }[c]};`,
  );
// Characters XML 1.0 cannot carry at all.
const xmlSafe = (text: string) =>
  // eslint-disable-next-line no-control-regex
  escapeXml(text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, ""));

const scalarText = (value: Scalar) => (value instanceof Date ? value.toISOString() : String(value));
const isScalar = (value: unknown): value is Scalar =>
  typeof value === "string" ||
  typeof value === "number" ||
  typeof value === "boolean" ||
  value instanceof Date;

function element(name: string, payload: Payload): string {
  let attributes = "";
  let children = "";
  let text = "";
  for (const [key, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if (key === "value" && isScalar(value)) text = xmlSafe(scalarText(value));
    else if (isScalar(value)) attributes += ` ${key}="${xmlSafe(scalarText(value))}"`;
    else if (Array.isArray(value)) {
      for (const item of value) {
        children += isScalar(item)
          ? `<${key}>${xmlSafe(scalarText(item))}</${key}>`
          : element(key, item);
      }
    } else children += element(key, value);
  }
  const body = text + children;
  return body ? `<${name}${attributes}>${body}</${name}>` : `<${name}${attributes}/>`;
}

const HEADERS = {
  // Players authenticate with query parameters, never cookies: any origin may call.
  "access-control-allow-origin": "*",
  "cache-control": "no-store",
};

export function subsonicResponse(
  format: Format,
  payload: Payload = {},
  status: "ok" | "failed" = "ok",
): Response {
  const envelope = {
    status,
    version: SUBSONIC_API_VERSION,
    type: SERVER_TYPE,
    serverVersion: SERVER_VERSION,
    openSubsonic: true,
  };
  if (format.kind === "xml") {
    const xml = element("subsonic-response", {
      xmlns: "http://subsonic.org/restapi",
      ...envelope,
      ...payload,
    });
    return new Response(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`, {
      headers: { "content-type": "text/xml; charset=utf-8", ...HEADERS },
    });
  }
  const json = JSON.stringify({ "subsonic-response": { ...envelope, ...payload } });
  if (format.kind === "jsonp") {
    return new Response(`${format.callback}(${json});`, {
      headers: { "content-type": "application/javascript; charset=utf-8", ...HEADERS },
    });
  }
  return new Response(json, { headers: { "content-type": "application/json", ...HEADERS } });
}

/** A failed answer: HTTP 200 with `status="failed"` and the Subsonic error code. */
export function subsonicError(format: Format, code: number, message: string): Response {
  return subsonicResponse(format, { error: { code, message } }, "failed");
}

/** An error an endpoint throws; the handler turns it into a failed answer. */
export class SubsonicError extends Error {
  override name = "SubsonicError";
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
