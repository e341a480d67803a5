import type { RouterInputs } from "@harmoniq/api";
import { SONG_FEED_SORTS } from "@harmoniq/db/constants";
import { GENRES, MOODS } from "@harmoniq/vocabulary";

type FeedInput = Exclude<RouterInputs["song"]["feed"], undefined | void>;

function pick<T extends readonly string[]>(
  values: T,
  value: string | null | undefined,
): T[number] | undefined {
  return value && values.includes(value) ? (value as T[number]) : undefined;
}

export const FEED_PAGE_SIZE = 12;

/**
 * The feed's input from the URL's search params, identical on the server and in the browser.
 * The Following feed is for signed-in people only and has no search or filters.
 */
export function feedInputFrom(
  get: (name: string) => string | null | undefined,
  { signedIn }: { signedIn: boolean },
): Omit<FeedInput, "cursor"> & { sort: NonNullable<FeedInput["sort"]> } {
  const wanted = pick(SONG_FEED_SORTS, get("sort"));
  if (wanted === "following" && signedIn) return { sort: "following", limit: FEED_PAGE_SIZE };
  const q = get("q")?.trim().slice(0, 200);
  const genre = pick(GENRES, get("genre"));
  const mood = pick(MOODS, get("mood"));
  return {
    sort: wanted === undefined || wanted === "following" ? "new" : wanted,
    ...(genre ? { genre } : {}),
    ...(mood ? { mood } : {}),
    ...(q ? { q } : {}),
    limit: FEED_PAGE_SIZE,
  };
}
