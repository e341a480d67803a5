import type { RouterInputs } from "@harmoniq/api";
import { FEED_SORTS } from "@harmoniq/db/constants";
import { GENRES, MOODS } from "@harmoniq/vocabulary";

type FeedInput = Exclude<RouterInputs["song"]["feed"], undefined | void>;

function pick<T extends readonly string[]>(
  values: T,
  value: string | null | undefined,
): T[number] | undefined {
  return value && values.includes(value) ? (value as T[number]) : undefined;
}

export const FEED_PAGE_SIZE = 12;

/** The feed's input from the URL's search params, identical on the server and in the browser. */
export function feedInputFrom(
  get: (name: string) => string | null | undefined,
): Omit<FeedInput, "cursor"> & { sort: NonNullable<FeedInput["sort"]> } {
  const q = get("q")?.trim().slice(0, 200);
  const genre = pick(GENRES, get("genre"));
  const mood = pick(MOODS, get("mood"));
  return {
    sort: pick(FEED_SORTS, get("sort")) ?? "new",
    ...(genre ? { genre } : {}),
    ...(mood ? { mood } : {}),
    ...(q ? { q } : {}),
    limit: FEED_PAGE_SIZE,
  };
}
