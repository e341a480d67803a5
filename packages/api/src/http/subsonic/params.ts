import { SubsonicCode, SubsonicError } from "./response";

// Reading a request's parameters, with Subsonic's errors for missing or malformed ones.

export function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === "") {
    throw new SubsonicError(
      SubsonicCode.missingParameter,
      `Required parameter is missing: ${name}`,
    );
  }
  return value;
}

export function intParam(
  params: URLSearchParams,
  name: string,
  fallback: number,
  max: number,
): number {
  const raw = params.get(name);
  if (raw === null || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    throw new SubsonicError(SubsonicCode.generic, `${name} must be a whole number ≥ 0`);
  }
  return Math.min(n, max);
}

/** A text parameter PostgreSQL can store (no NUL), or undefined when absent. */
export function textParam(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name) ?? undefined;
  if (value?.includes("\0")) {
    throw new SubsonicError(SubsonicCode.generic, `${name} must not contain a NUL character`);
  }
  return value;
}

/** `true` or `false`, or undefined when absent. */
export function booleanParam(params: URLSearchParams, name: string): boolean | undefined {
  const value = params.get(name);
  if (value === null || value === "") return undefined;
  if (value !== "true" && value !== "false") {
    throw new SubsonicError(SubsonicCode.generic, `${name} must be true or false`);
  }
  return value === "true";
}
