/** Public types of the songwriting assistant (offline, deterministic; optional remote model). */
import type { ConversationDraft, Genre, MessageRole, Mood } from "@harmoniq/vocabulary";

export type { ConversationDraft };

export interface AssistantTurn {
  role: MessageRole;
  content: string;
}

export interface AssistantInput {
  message: string;
  /** Earlier turns, oldest first (without the current message). */
  history: AssistantTurn[];
  draft: ConversationDraft;
  /** Variation seed; defaults to the history length, so a conversation replays identically. */
  seed?: number;
}

export type AssistantIntent =
  | "write_section"
  | "rewrite_section"
  | "rhymes"
  | "title"
  | "genre_advice"
  | "set_style"
  | "show_draft"
  | "make_song"
  | "help"
  | "greeting"
  | "unknown";

export interface AssistantReply {
  intent: AssistantIntent;
  text: string;
  draft: ConversationDraft;
  /** true when the user asked to turn the draft into a song now */
  makeSong: boolean;
}

/** Which part of the lyrics a request is about. `song` = a whole set of lyrics (write only). */
export type RequestedPart = "verse" | "chorus" | "bridge" | "song";
export interface SectionTarget {
  kind: RequestedPart;
  /** Verse number when the user named one ("verse 2"). */
  number?: number;
}

/** How a rewrite changes a section. `fresh` = "rewrite the chorus" without a direction. */
export type RewriteDirection =
  "sadder" | "happier" | "hopeful" | "darker" | "shorter" | "longer" | "fresh";

export interface ClassifiedIntent {
  intent: AssistantIntent;
  section?: SectionTarget;
  direction?: RewriteDirection;
  /** "about leaving home" → "leaving home". */
  theme?: string;
  /** rhymes: the word to rhyme with. */
  word?: string;
  /** title: a title the user chose ("call it Paper Boats"). */
  title?: string;
  mood?: Mood;
  genre?: Genre;
  /** genre_advice: the user accepts the suggestion ("use it", "set it"). */
  apply?: boolean;
  /** A bare yes/ok; respond() resolves it against the previous assistant turn. */
  affirmation?: boolean;
}

export interface AssistantProvider {
  name: string;
  reply(
    input: AssistantInput,
    options?: { signal?: AbortSignal },
  ): Promise<AssistantReply & { note?: string }>;
}
