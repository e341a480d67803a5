// The allowed values of the product, in one place. zod schemas and the database's enum types
// are both built from these arrays, and a test checks that the two agree.

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

export const CREATION_MODES = ["description", "lyrics", "image"] as const;
export type CreationMode = (typeof CREATION_MODES)[number];

/** queued → rendering → ready | failed */
export const SONG_STATUSES = ["queued", "rendering", "ready", "failed"] as const;
export type SongStatus = (typeof SONG_STATUSES)[number];

export const MESSAGE_ROLES = ["user", "assistant"] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

/** A reply being streamed is `streaming`; a reply that broke off is `failed`, never `complete`. */
export const MESSAGE_STATUSES = ["streaming", "complete", "failed"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const FEED_SORTS = ["new", "top", "trending"] as const;
export type FeedSort = (typeof FEED_SORTS)[number];

/** Limits users can hit; the database enforces them too (varchar lengths, checks). */
export const LIMITS = {
  titleMax: 120,
  descriptionMax: 1000,
  lyricsMax: 5000,
  commentMax: 2000,
  playlistNameMax: 120,
  playlistDescriptionMax: 1000,
  conversationTitleMax: 120,
  messageMax: 4000,
  handleMin: 3,
  handleMax: 30,
  nameMax: 80,
  bioMax: 500,
  pageSizeMax: 50,
  pageSizeDefault: 20,
  durationMinSec: 10,
  durationMaxSec: 240,
  durationDefaultSec: 60,
  seedMax: 2_147_483_647,
  playlistSongsMax: 1000,
  /** A playlist read page by page (playlist.byId with a limit or cursor). */
  playlistPageDefault: 100,
  playlistPageMax: 200,
} as const;

/** Plays by the same listener of the same song inside this window count once. */
export const PLAY_DEDUPE_WINDOW_SEC = 30 * 60;

/** Handles: lowercase letters, digits and underscores; used in URLs (/u/:handle). */
export const HANDLE_PATTERN = /^[a-z0-9_]{3,30}$/;
