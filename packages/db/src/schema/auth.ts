import { relations, sql } from "drizzle-orm";
import { boolean, check, index, pgTable, text, varchar } from "drizzle-orm/pg-core";
import { createSelectSchema, createUpdateSchema } from "drizzle-zod";
import { z } from "zod";
import { HANDLE_PATTERN, LIMITS } from "../constants";
import { createdAt, timestampMs, updatedAt } from "./columns";

// The four tables better-auth needs, in the shape its drizzle adapter expects (text ids,
// camelCase field names), plus HarmoniQ's profile fields on `user`.

export const user = pgTable(
  "user",
  {
    id: text().primaryKey(),
    name: varchar({ length: LIMITS.nameMax }).notNull(),
    email: text().notNull().unique(),
    emailVerified: boolean().notNull().default(false),
    image: text(),
    handle: varchar({ length: LIMITS.handleMax }).notNull().unique(),
    bio: varchar({ length: LIMITS.bioMax }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("user_handle_format", sql`${t.handle} ~ ${sql.raw(`'${HANDLE_PATTERN.source}'`)}`),
    // Creators by name (the player library's artist list and its songs by artist, in order)
    // and substring search on names (search3), as songs_title_trgm_idx does for titles.
    index("user_name_idx").on(sql`lower(${t.name})`, t.id),
    index("user_name_trgm_idx").using("gin", t.name.op("gin_trgm_ops")),
  ],
);

export const session = pgTable(
  "session",
  {
    id: text().primaryKey(),
    expiresAt: timestampMs().notNull(),
    token: text().notNull().unique(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    ipAddress: text(),
    userAgent: text(),
    userId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
  },
  (t) => [index("session_user_id_idx").on(t.userId)],
);

export const account = pgTable(
  "account",
  {
    id: text().primaryKey(),
    accountId: text().notNull(),
    providerId: text().notNull(),
    userId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    accessToken: text(),
    refreshToken: text(),
    idToken: text(),
    accessTokenExpiresAt: timestampMs(),
    refreshTokenExpiresAt: timestampMs(),
    scope: text(),
    password: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("account_user_id_idx").on(t.userId)],
);

export const verification = pgTable(
  "verification",
  {
    id: text().primaryKey(),
    identifier: text().notNull(),
    value: text().notNull(),
    expiresAt: timestampMs().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("verification_identifier_idx").on(t.identifier)],
);

export const userRelations = relations(user, ({ many }) => ({
  sessions: many(session),
  accounts: many(account),
}));
export const sessionRelations = relations(session, ({ one }) => ({
  user: one(user, { fields: [session.userId], references: [user.id] }),
}));
export const accountRelations = relations(account, ({ one }) => ({
  user: one(user, { fields: [account.userId], references: [user.id] }),
}));

export const handleSchema = z
  .string()
  .regex(HANDLE_PATTERN, "Handle must be 3–30 characters: lowercase letters, digits or _");

/** What a user may change about their own profile; everything else is server-managed. */
export const updateProfileSchema = createUpdateSchema(user, {
  name: (s) => s.trim().min(1, "Name is required"),
  handle: () => handleSchema,
  bio: (s) => s.trim(),
})
  .pick({ name: true, handle: true, bio: true })
  .strict();

export const selectUserSchema = createSelectSchema(user);
export type User = typeof user.$inferSelect;
export type UpdateProfile = z.infer<typeof updateProfileSchema>;
/** The public face of a user, as shown beside their songs. */
export type Author = Pick<User, "id" | "name" | "handle">;
