import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { z } from "zod";
import { user } from "./auth";
import { createdAt, timestampMs } from "./columns";

/**
 * App passwords: secrets a person gives a music player (OpenSubsonic, `/rest/*`) instead of
 * their account password. Subsonic's token auth (`t = md5(password + salt)`) needs the
 * plaintext on the server, so the password is kept encrypted (AES-256-GCM with a key derived
 * from the server secret, see the API's app-password service), never hashed.
 */
export const appPasswords = pgTable(
  "app_passwords",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    name: text().notNull(),
    /** `v1.<iv>.<tag>.<ciphertext>` (base64url): the sealed password. */
    sealed: text().notNull(),
    lastUsedAt: timestampMs(),
    createdAt: createdAt(),
  },
  (t) => [index("app_passwords_user_id_idx").on(t.userId, t.createdAt)],
);

export const APP_PASSWORD_NAME_MAX = 60;
/** How many app passwords one account may have. */
export const APP_PASSWORDS_MAX = 20;

/** A password's only user input is its name (the player it is for). */
export const insertAppPasswordSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "Name must not be empty")
      .max(APP_PASSWORD_NAME_MAX, `Name is at most ${APP_PASSWORD_NAME_MAX} characters`),
  })
  .strict();
export type InsertAppPassword = z.infer<typeof insertAppPasswordSchema>;
