import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../database";
import { notFound } from "../errors";
import { apikey } from "../schema";

// Keys are created by better-auth's API key plugin (which hashes them); listing and revoking
// are plain queries over the same table, scoped to the owner.

const apiKeyColumns = {
  id: apikey.id,
  name: apikey.name,
  start: apikey.start,
  prefix: apikey.prefix,
  enabled: apikey.enabled,
  lastUsedAt: apikey.lastRequest,
  expiresAt: apikey.expiresAt,
  createdAt: apikey.createdAt,
};

/** The owner's keys, newest first; never the hash. */
export async function listApiKeys(db: DbOrTx, userId: string) {
  return db
    .select(apiKeyColumns)
    .from(apikey)
    .where(eq(apikey.referenceId, userId))
    .orderBy(desc(apikey.createdAt), desc(apikey.id));
}
export type ApiKeySummary = Awaited<ReturnType<typeof listApiKeys>>[number];

/** Deletes a key so it stops working at once. Someone else's key does not exist for you. */
export async function revokeApiKey(
  db: DbOrTx,
  { id, userId }: { id: string; userId: string },
): Promise<void> {
  const deleted = await db
    .delete(apikey)
    .where(and(eq(apikey.id, id), eq(apikey.referenceId, userId)))
    .returning({ id: apikey.id });
  if (deleted.length === 0) throw notFound("API key");
}
