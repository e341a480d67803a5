"use client";
import { useEffect, useRef, useState } from "react";

/**
 * A controlled text field that keeps what was typed before React hydrated. The server-rendered
 * field takes keystrokes at once, and hydration leaves them in place, but React's state starts
 * empty — so a submit button disabled until the field has text would stay disabled with text
 * in the field (seen on a slow machine: the button never enabled). After mount, the field's
 * own value is adopted.
 */
export function useTextField<E extends HTMLInputElement | HTMLTextAreaElement>(initial = "") {
  const ref = useRef<E>(null);
  const [value, setValue] = useState(initial);
  useEffect(() => {
    const typed = ref.current?.value;
    // Only at hydration: later the state is the source of truth.
    if (typed !== undefined && typed !== initial) setValue(typed);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return [value, setValue, ref] as const;
}
