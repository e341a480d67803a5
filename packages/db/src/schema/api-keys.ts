import { relations } from "drizzle-orm";
import { boolean, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { createInsertSchema, createSelectSchema } from "drizzle-zod";
import { z } from "zod";
import { user } from "./auth";
import { createdAt, timestampMs, updatedAt } from "./columns";

/**
 * API keys in the shape the better-auth API key plugin expects. The plugin stores only a
 * SHA-256 of the key; `start` keeps its first characters so a person can tell keys apart.
 * `referenceId` is the owning user: the plugin declares no foreign key, so we add one.
 */
export const apikey = pgTable(
  "apikey",
  {
    id: text().primaryKey(),
    configId: text().notNull().default("default"),
    name: text(),
    start: text(),
    referenceId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    prefix: text(),
    key: text().notNull(),
    refillInterval: integer(),
    refillAmount: integer(),
    lastRefillAt: timestampMs(),
    enabled: boolean().default(true),
    rateLimitEnabled: boolean().default(true),
    rateLimitTimeWindow: integer(),
    rateLimitMax: integer(),
    requestCount: integer().default(0),
    remaining: integer(),
    lastRequest: timestampMs(),
    expiresAt: timestampMs(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    permissions: text(),
    metadata: text(),
  },
  (t) => [
    index("apikey_reference_id_idx").on(t.referenceId),
    index("apikey_key_idx").on(t.key),
    index("apikey_config_id_idx").on(t.configId),
  ],
);

export const apikeyRelations = relations(apikey, ({ one }) => ({
  owner: one(user, { fields: [apikey.referenceId], references: [user.id] }),
}));

/** A key's only user input is its name; the plugin requires one. */
export const insertApiKeySchema = createInsertSchema(apikey)
  .pick({})
  .extend({
    name: z
      .string()
      .trim()
      .min(1, "Name must not be empty")
      .max(60, "Name is at most 60 characters"),
  })
  .strict();
export const selectApiKeySchema = createSelectSchema(apikey).omit({ key: true });

export type ApiKey = Omit<typeof apikey.$inferSelect, "key">;
export type InsertApiKey = z.infer<typeof insertApiKeySchema>;
