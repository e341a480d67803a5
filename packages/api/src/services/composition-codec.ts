import type { JsonObject } from "@harmoniq/db";
import type { Composition } from "@harmoniq/music";

// A song's score crosses the API boundary here, and only here: the music package types it
// (`Composition`), the database stores it as a JSON object it does not look inside. The score
// is plain JSON by construction (compose() builds it from numbers, strings and arrays), so the
// conversion is a retyping, checked once in this file rather than cast at every use.

/** The score as the `songs.composition` column stores it. */
export function toStoredComposition(composition: Composition): JsonObject {
  return composition as unknown as JsonObject;
}

/** A stored score, typed again for the music package. */
export function readComposition(json: JsonObject): Composition;
export function readComposition(json: JsonObject | null): Composition | null;
export function readComposition(json: JsonObject | null): Composition | null {
  return json as unknown as Composition | null;
}

/** What was inferred from a picture, as the `songs.inference` column stores it. */
export function toStoredInference(inferred: Composition["inferred"]["image"]): JsonObject | null {
  return inferred as unknown as JsonObject | null;
}
