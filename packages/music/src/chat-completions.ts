// One request to an OpenAI-compatible `/chat/completions` endpoint, shared by the song writer
// and the chat assistant. Callers decide what a failure means (both fall back to the embedded
// engine).

export interface ChatCompletionsEndpoint {
  baseUrl: string;
  apiKey?: string;
  model: string;
  fetch?: typeof fetch;
}

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

interface ChatCompletionResponse {
  choices?: { message?: { content?: string | null } }[];
}

/** The first choice's text; throws on an HTTP error, a timeout or an abort (via `signal`). */
export async function requestChatCompletion(
  endpoint: ChatCompletionsEndpoint,
  body: { messages: ChatMessage[]; temperature: number; seed?: number },
  signal: AbortSignal,
): Promise<string> {
  const doFetch = endpoint.fetch ?? fetch;
  const res = await doFetch(`${endpoint.baseUrl.replace(/\/+$/, "")}/chat/completions`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}),
    },
    body: JSON.stringify({ model: endpoint.model, ...body }),
    signal,
  });
  if (!res.ok) throw new ChatCompletionError(`HTTP ${res.status}`);
  const json = (await res.json()) as ChatCompletionResponse;
  return json.choices?.[0]?.message?.content ?? "";
}

export class ChatCompletionError extends Error {
  override name = "ChatCompletionError";
}
