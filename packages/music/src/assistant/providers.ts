/** Assistant providers: the embedded one (default, offline) and an optional OpenAI-compatible chat API. */
import { requestChatCompletion } from "../chat-completions";
import { GENRES, MOODS, isGenre, isMood } from "../profiles";
import { MAX_LYRICS_CHARS, MAX_TITLE_CHARS } from "../validate";
import { CAPABILITIES, respond } from "./respond";
import type { AssistantInput, AssistantProvider, AssistantReply, ConversationDraft } from "./types";

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted)
    throw signal.reason instanceof Error
      ? signal.reason
      : new DOMException("The operation was aborted.", "AbortError");
}

export function createEmbeddedAssistant(): AssistantProvider {
  return {
    name: "embedded",
    async reply(input, options) {
      throwIfAborted(options?.signal);
      return respond(input);
    },
  };
}

export interface OpenAICompatibleAssistantConfig {
  /** e.g. "http://127.0.0.1:11434/v1" */
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** Default 8000 ms. */
  timeoutMs?: number;
  logger?: { warn(msg: string): void };
  /** Injected fetch (tests); defaults to global fetch. */
  fetch?: typeof fetch;
}

export function assistantSystemPrompt(draft: ConversationDraft): string {
  return [
    "You are HarmoniQ's songwriting assistant. You help one person write a song in a chat.",
    "You can: " + CAPABILITIES.join("; ") + ".",
    `Moods: ${MOODS.join(", ")}. Genres: ${GENRES.join(", ")}.`,
    "The current draft of the song is this JSON (lyrics use [Verse 1], [Chorus], [Bridge] tags on their own lines):",
    JSON.stringify(draft),
    'Answer with ONE JSON object and nothing else: {"text": "<your reply to the user, plain text>", "draft": {"title"?: string, "lyrics"?: string, "mood"?: one of the moods, "genre"?: one of the genres, "theme"?: string}}.',
    "The draft in your answer replaces the current one: keep the fields you do not change. Keep lyric lines short and rhyming.",
    "If you cannot do what is asked, say so honestly in text and list what you can do.",
  ].join("\n");
}

/** Strip code fences and read the first {...} object. Returns null when it is not a usable reply. */
export function parseAssistantAnswer(
  content: string,
): { text: string; draft: Record<string, unknown> | null } | null {
  const stripped = content.replace(/```[a-z]*\n?/gi, "").trim();
  const start = stripped.indexOf("{");
  const end = stripped.lastIndexOf("}");
  if (start < 0 || end <= start) return null;
  let value: unknown;
  try {
    value = JSON.parse(stripped.slice(start, end + 1));
  } catch {
    return null;
  }
  if (!value || typeof value !== "object") return null;
  const obj = value as Record<string, unknown>;
  if (typeof obj.text !== "string" || obj.text.trim() === "") return null;
  const draft =
    obj.draft && typeof obj.draft === "object" && !Array.isArray(obj.draft)
      ? (obj.draft as Record<string, unknown>)
      : null;
  return { text: obj.text.trim(), draft };
}

/** Merge a model's draft onto a base draft, keeping only well-formed fields. */
export function mergeRemoteDraft(
  base: ConversationDraft,
  remote: Record<string, unknown> | null,
): ConversationDraft {
  const out: ConversationDraft = { ...base };
  if (!remote) return out;
  const str = (v: unknown, max: number): string | undefined =>
    typeof v === "string" && v.trim() ? v.trim().slice(0, max) : undefined;
  const title = str(remote.title, MAX_TITLE_CHARS);
  const lyrics = str(remote.lyrics, MAX_LYRICS_CHARS);
  const theme = str(remote.theme, 200);
  if (title) out.title = title;
  if (lyrics) out.lyrics = lyrics;
  if (theme) out.theme = theme;
  if (isMood(remote.mood)) out.mood = remote.mood;
  if (isGenre(remote.genre)) out.genre = remote.genre;
  return out;
}

class RemoteAnswerError extends Error {}

/**
 * Asks an OpenAI-compatible chat API for {text, draft}. The intent (and makeSong) always comes from
 * the embedded interpretation of the message; the model's draft fields are validated and merged onto
 * the current draft. Any failure (network, HTTP error, timeout, unreadable JSON) falls back to the
 * embedded assistant with a visible `note` and a logged warning. An abort by the caller is rethrown.
 */
export function createOpenAICompatibleAssistant(
  config: OpenAICompatibleAssistantConfig,
): AssistantProvider {
  const timeoutMs = config.timeoutMs ?? 8000;
  const name = `openai-compatible:${config.model}`;
  return {
    name,
    async reply(input: AssistantInput, options) {
      const callerSignal = options?.signal;
      throwIfAborted(callerSignal);
      const local: AssistantReply = respond(input);
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = callerSignal ? AbortSignal.any([timeout, callerSignal]) : timeout;
      try {
        const content = await requestChatCompletion(
          config,
          {
            temperature: 0.7,
            messages: [
              { role: "system", content: assistantSystemPrompt(input.draft) },
              ...input.history.slice(-20).map((t) => ({ role: t.role, content: t.content })),
              { role: "user", content: input.message },
            ],
          },
          signal,
        );
        const parsed = parseAssistantAnswer(content);
        if (!parsed) throw new RemoteAnswerError("bad JSON");
        const draft = mergeRemoteDraft(input.draft, parsed.draft);
        const makeSong = local.makeSong && Boolean(draft.lyrics?.trim());
        return {
          intent: local.intent,
          text: parsed.text,
          draft: makeSong ? { ...local.draft, ...draft } : draft,
          makeSong,
        };
      } catch (err) {
        if (callerSignal?.aborted) throw err;
        const timedOut = timeout.aborted || (err instanceof Error && err.name === "TimeoutError");
        const reason = timedOut
          ? `timed out after ${timeoutMs} ms`
          : err instanceof Error
            ? err.message
            : String(err);
        const note = timedOut
          ? "The remote assistant did not answer in time; this reply is from the built-in assistant."
          : err instanceof RemoteAnswerError && err.message === "bad JSON"
            ? "The remote assistant sent an answer that could not be read; this reply is from the built-in assistant."
            : "The remote assistant is unavailable right now; this reply is from the built-in assistant.";
        config.logger?.warn(
          `assistant "${config.model}" failed (${reason}); using the built-in assistant`,
        );
        return { ...local, note };
      }
    },
  };
}
