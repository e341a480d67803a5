/** The songwriting assistant: offline and deterministic, with an optional OpenAI-compatible provider. */
export { respond, CAPABILITIES } from "./respond";
export { classifyIntent } from "./intent";
export { streamReply } from "./stream";
export { createEmbeddedAssistant, createOpenAICompatibleAssistant } from "./providers";
export type { OpenAICompatibleAssistantConfig } from "./providers";
export type {
  AssistantInput,
  AssistantIntent,
  AssistantProvider,
  AssistantReply,
  AssistantTurn,
  ClassifiedIntent,
  ConversationDraft,
  RewriteDirection,
  RequestedPart,
  SectionTarget,
} from "./types";
