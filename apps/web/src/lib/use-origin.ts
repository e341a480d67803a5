"use client";
import { useSyncExternalStore } from "react";

const PLACEHOLDER = "https://your-harmoniq";
const never = () => () => {};

/**
 * This site's origin for code samples and player addresses. The server cannot know it, so it
 * renders a placeholder, and hydration keeps the placeholder before switching: reading
 * `window.location` during the first render made server and browser disagree, and React then
 * re-created the whole page section — throwing away whatever the user had typed meanwhile.
 */
export function useOrigin(): string {
  return useSyncExternalStore(
    never,
    () => window.location.origin,
    () => PLACEHOLDER,
  );
}
