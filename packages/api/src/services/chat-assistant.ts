import type { AssistantProvider } from "@harmoniq/music";

/** The songwriting assistant behind `chat.send`: embedded by default, optionally remote. */
export type ChatAssistant = AssistantProvider;
