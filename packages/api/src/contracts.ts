// The database and the music engine each name moods and genres; they must be the same values.
// These checks fail the type check if the lists ever drift apart. The db's values come from
// @harmoniq/vocabulary; until the music package imports them too, this file also ties the
// music package's own creation modes, section kinds, chat roles and draft to the vocabulary.
import type { Genre as DbGenre, Mood as DbMood } from "@harmoniq/db";
import type {
  AssistantTurn,
  ConversationDraft as MusicDraft,
  CreationMode as MusicCreationMode,
  FormSection,
  Genre as MusicGenre,
  Mood as MusicMood,
} from "@harmoniq/music";
import type {
  ConversationDraft,
  CreationMode,
  MessageRole,
  SectionKind,
} from "@harmoniq/vocabulary";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Every A is a B (the vocabulary may list more, e.g. section kinds the composer does not use yet). */
type Within<A, B> = [A] extends [B] ? true : false;

export const moodsAgree: Equal<DbMood, MusicMood> = true;
export const genresAgree: Equal<DbGenre, MusicGenre> = true;
export const creationModesAgree: Equal<CreationMode, MusicCreationMode> = true;
export const draftsAgree: Equal<ConversationDraft, MusicDraft> = true;
export const chatRolesAgree: Equal<MessageRole, AssistantTurn["role"]> = true;
export const sectionKindsFit: Within<FormSection["kind"], SectionKind> = true;
