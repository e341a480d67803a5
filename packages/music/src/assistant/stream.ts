/** Stream a finished reply word by word (so the UI can show it typing). */

/** Chunks of `text`: each word with its trailing whitespace (leading whitespace joins the first chunk). Joined they give `text` back. */
export function replyTokens(text: string): string[] {
  const tokens = text.match(/\s*\S+\s*/g) ?? [];
  if (tokens.length === 0 && text.length > 0) return [text];
  return tokens;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Yields the reply token by token (word + trailing whitespace). Returns (without throwing) as soon
 * as `signal` aborts. `delayMs` (default 0) waits between tokens so streaming is visible.
 */
export async function* streamReply(
  text: string,
  options: { signal?: AbortSignal; delayMs?: number } = {},
): AsyncGenerator<string> {
  const { signal, delayMs = 0 } = options;
  const tokens = replyTokens(text);
  for (let i = 0; i < tokens.length; i++) {
    if (signal?.aborted) return;
    if (i > 0 && delayMs > 0) {
      await sleep(delayMs, signal);
      if (signal?.aborted) return;
    }
    yield tokens[i] ?? "";
  }
}
