import { requestChatCompletion } from "./chat-completions";
/** Song-writer providers: the embedded engine (default, always works) and an optional OpenAI-compatible API. */
import { parseLyrics, suggestTitle, writeLyrics } from "./lyrics";
import type { Genre, Mood } from "./profiles";

export interface SongWriterInput {
  description: string;
  mood: Mood;
  genre: Genre;
  seed: number;
  /** Optional title the user already chose. */
  title?: string;
}

export interface SongWriterOutput {
  title: string;
  /** Tagged lyrics ([Verse 1], [Chorus], …). */
  lyrics: string;
  /** Which provider actually wrote them ("embedded" after a fallback). */
  provider: string;
}

export interface SongWriterProvider {
  readonly name: string;
  writeSong(input: SongWriterInput): Promise<SongWriterOutput>;
}

export interface Logger {
  warn(message: string, meta?: Record<string, unknown>): void;
  info?(message: string, meta?: Record<string, unknown>): void;
}

export function createEmbeddedProvider(): SongWriterProvider {
  return {
    name: "embedded",
    async writeSong(input) {
      const written = writeLyrics({
        description: input.description,
        mood: input.mood,
        genre: input.genre,
        seed: input.seed,
      });
      return {
        title: input.title?.trim() || written.title,
        lyrics: written.text,
        provider: "embedded",
      };
    },
  };
}

/** Plain config (no zod) — the app validates its environment and passes values in. */
export interface OpenAICompatibleConfig {
  /** e.g. "http://127.0.0.1:11434/v1" or "https://api.openai.com/v1" */
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** Default 15 000 ms. */
  timeoutMs?: number;
  temperature?: number;
  logger?: Logger;
  /** Used when the remote call fails; defaults to the embedded provider. */
  fallback?: SongWriterProvider;
  /** Injected fetch (tests); defaults to global fetch. */
  fetch?: typeof fetch;
}

/** Parse "Title: …" + tagged lyrics from a model answer. Returns null when unusable. */
export function parseSongAnswer(content: string): { title: string | null; lyrics: string } | null {
  const text = content.replace(/```[a-z]*\n?/gi, "").trim();
  const m = /^\s*title\s*:\s*(.+)$/im.exec(text);
  const title = m ? (m[1] ?? "").replace(/^["'*]+|["'*]+$/g, "").trim() : null;
  const lyrics = (m ? text.replace(m[0], "") : text).trim();
  if (parseLyrics(lyrics).reduce((n, s) => n + s.lines.length, 0) < 2) return null;
  return { title: title || null, lyrics: lyrics.slice(0, 5000) };
}

export function createOpenAICompatibleProvider(config: OpenAICompatibleConfig): SongWriterProvider {
  const fallback = config.fallback ?? createEmbeddedProvider();
  const timeoutMs = config.timeoutMs ?? 15_000;
  return {
    name: `openai-compatible:${config.model}`,
    async writeSong(input) {
      const prompt =
        `Write an original song. Mood: ${input.mood}. Genre: ${input.genre}. Idea: ${input.description}\n` +
        `Answer with a first line "Title: <title>", then the lyrics with section tags on their own lines: ` +
        `[Verse 1], [Chorus], [Verse 2], [Chorus], [Bridge], [Chorus]. Four short rhyming lines per section. No commentary.`;
      try {
        const content = await requestChatCompletion(
          config,
          {
            temperature: config.temperature ?? 0.8,
            seed: input.seed,
            messages: [
              { role: "system", content: "You are a concise professional songwriter." },
              { role: "user", content: prompt },
            ],
          },
          AbortSignal.timeout(timeoutMs),
        );
        const parsed = parseSongAnswer(content);
        if (!parsed) throw new Error("the answer had no usable lyrics");
        const title =
          input.title?.trim() || parsed.title || suggestTitle({ lyrics: parsed.lyrics });
        return { title, lyrics: parsed.lyrics, provider: this.name };
      } catch (err) {
        const reason =
          err instanceof Error
            ? err.name === "TimeoutError"
              ? `timed out after ${timeoutMs} ms`
              : err.message
            : String(err);
        config.logger?.warn(
          `song writer "${config.model}" failed (${reason}); using the ${fallback.name} writer`,
          {
            provider: "openai-compatible",
            reason,
          },
        );
        return fallback.writeSong(input);
      }
    },
  };
}
