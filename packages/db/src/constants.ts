// The allowed values of the product. zod schemas and the database's enum types are both built
// from these arrays, and a test checks that the two agree. Moods, genres, creation modes and
// message roles are HarmoniQ's shared vocabulary: defined once in @harmoniq/vocabulary and
// re-exported here beside the values only the database and the API use.
export {
  CREATION_MODES,
  GENRES,
  MESSAGE_ROLES,
  MOODS,
  type CreationMode,
  type Genre,
  type MessageRole,
  type Mood,
} from "@harmoniq/vocabulary";

/** queued → rendering → ready | failed */
export const SONG_STATUSES = ["queued", "rendering", "ready", "failed"] as const;
export type SongStatus = (typeof SONG_STATUSES)[number];

/** A reply being streamed is `streaming`; a reply that broke off is `failed`, never `complete`. */
export const MESSAGE_STATUSES = ["streaming", "complete", "failed"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** The public feed's sorts. */
export const FEED_SORTS = ["new", "top", "trending"] as const;
export type FeedSort = (typeof FEED_SORTS)[number];
/** song.feed's sorts: the public ones, and the songs of the people one follows (signed in). */
export const SONG_FEED_SORTS = [...FEED_SORTS, "following"] as const;
export type SongFeedSort = (typeof SONG_FEED_SORTS)[number];

/**
 * What a notification tells its recipient: someone liked, commented on, reposted or remixed
 * (covered, extended, re-sectioned) their song, or followed them.
 */
export const NOTIFICATION_KINDS = ["like", "comment", "follow", "repost", "remix"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/**
 * A grouped notification line sums up at most its group's newest this many events, so its
 * actorCount stops here: shown as "Ana and 99+ others".
 */
export const NOTIFICATION_GROUP_WINDOW = 100;

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
