// @harmoniq/vocabulary: the words HarmoniQ's packages share, defined once. The database builds
// its enum types and zod schemas from these lists; the API and the web app use them as they are.
// No dependencies and no side effects, so any package (or the browser) can import it.
//
// Adding a value to MOODS, GENRES, CREATION_MODES or MESSAGE_ROLES changes a PostgreSQL enum:
// run `pnpm db:generate` and commit the migration (the db package's migration test fails until
// then). SECTION_KINDS and the draft live in JSON columns, so they need no migration.

export const MOODS = [
  "Happy",
  "Confident",
  "Motivational",
  "Melancholic",
  "Dreamy",
  "Chill",
  "Romantic",
  "Hype",
] as const;
export type Mood = (typeof MOODS)[number];

export const GENRES = [
  "Pop",
  "Rock",
  "Hip-Hop",
  "Jazz",
  "Classical",
  "EDM",
  "Country",
  "R&B",
  "Metal",
] as const;
export type Genre = (typeof GENRES)[number];

/** What a song is made from: a description, the user's lyrics, or a picture. */
export const CREATION_MODES = ["description", "lyrics", "image"] as const;
export type CreationMode = (typeof CREATION_MODES)[number];

/** Whether a song with words sings them or plays them as an instrumental (stored in the score). */
export const VOCALS = ["sung", "instrumental"] as const;
export type Vocals = (typeof VOCALS)[number];

/** The parts of a song's form, in a composition's sections and in lyrics tags (`[Chorus]`). */
export const SECTION_KINDS = [
  "intro",
  "verse",
  "pre-chorus",
  "chorus",
  "bridge",
  "solo",
  "breakdown",
  "interlude",
  "outro",
] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

/** Who wrote a chat message: stored messages and the assistant's history use the same roles. */
export const MESSAGE_ROLES = ["user", "assistant"] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

/**
 * The song being written in a conversation; the assistant keeps it up to date and
 * `chat.makeSong` turns it into a song. `lyrics` uses `[Verse 1]` / `[Chorus]` style tags.
 */
export type ConversationDraft = {
  title?: string;
  lyrics?: string;
  mood?: Mood;
  genre?: Genre;
  theme?: string;
};

const isOneOf =
  <T extends string>(values: readonly T[]) =>
  (value: unknown): value is T =>
    typeof value === "string" && (values as readonly string[]).includes(value);

export const isMood = isOneOf(MOODS);
export const isGenre = isOneOf(GENRES);
export const isCreationMode = isOneOf(CREATION_MODES);
export const isSectionKind = isOneOf(SECTION_KINDS);
export const isMessageRole = isOneOf(MESSAGE_ROLES);
