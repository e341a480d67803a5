import { createHash } from "node:crypto";
import type { Composition } from "./types";

/** JSON with object keys sorted recursively (stable across key insertion order). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}

/** sha256 (hex) of the composition's canonical JSON. */
export function compositionHash(c: Composition): string {
  return createHash("sha256").update(canonicalJson(c)).digest("hex");
}
