import { pgEnum } from "drizzle-orm/pg-core";
import {
  CREATION_MODES,
  GENRES,
  MESSAGE_ROLES,
  MESSAGE_STATUSES,
  MOODS,
  NOTIFICATION_KINDS,
  SONG_STATUSES,
} from "../constants";

// Database enum types built from the constants module, so the database refuses any value
// the application would refuse.
export const moodEnum = pgEnum("mood", MOODS);
export const genreEnum = pgEnum("genre", GENRES);
export const creationModeEnum = pgEnum("creation_mode", CREATION_MODES);
export const songStatusEnum = pgEnum("song_status", SONG_STATUSES);
export const messageRoleEnum = pgEnum("message_role", MESSAGE_ROLES);
export const messageStatusEnum = pgEnum("message_status", MESSAGE_STATUSES);
export const notificationKindEnum = pgEnum("notification_kind", NOTIFICATION_KINDS);
