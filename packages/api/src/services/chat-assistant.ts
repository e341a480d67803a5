import type { AssistantProvider } from "@harmoniq/music/assistant";

/** The songwriting assistant behind `chat.send`: embedded by default, optionally remote. */
export type ChatAssistant = AssistantProvider;
