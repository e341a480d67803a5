import { and, count, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../database";
import { conflict, notFound, parseInput } from "../errors";
import { APP_PASSWORDS_MAX, appPasswords, insertAppPasswordSchema, user } from "../schema";
import { isUuid } from "./pagination";

// App passwords for music players. Storage sees only the sealed (encrypted) password: sealing
// and opening need the server secret, which the API holds.

const appPasswordColumns = {
  id: appPasswords.id,
  name: appPasswords.name,
  lastUsedAt: appPasswords.lastUsedAt,
  createdAt: appPasswords.createdAt,
};

/** Stores a new sealed password; an account has at most APP_PASSWORDS_MAX. */
export async function createAppPassword(
  db: DbOrTx,
  { userId, name, sealed }: { userId: string; name: string; sealed: string },
) {
  const input = parseInput(insertAppPasswordSchema, { name });
  return db.transaction(async (tx) => {
    // Serialises concurrent creations by one user so the limit holds.
    await tx.select({ id: user.id }).from(user).where(eq(user.id, userId)).for("update");
    const [existing] = await tx
      .select({ n: count() })
      .from(appPasswords)
      .where(eq(appPasswords.userId, userId));
    if ((existing?.n ?? 0) >= APP_PASSWORDS_MAX) {
      throw conflict(`You have ${APP_PASSWORDS_MAX} app passwords: revoke one first`);
    }
    const [row] = await tx
      .insert(appPasswords)
      .values({ userId, name: input.name, sealed })
      .returning(appPasswordColumns);
    return row!;
  });
}

/** The owner's app passwords, newest first; never the sealed secret. */
export async function listAppPasswords(db: DbOrTx, userId: string) {
  return db
    .select(appPasswordColumns)
    .from(appPasswords)
    .where(eq(appPasswords.userId, userId))
    .orderBy(desc(appPasswords.createdAt), desc(appPasswords.id));
}
export type AppPasswordSummary = Awaited<ReturnType<typeof listAppPasswords>>[number];

/** The sealed passwords of the account with this handle, for signing a player in. */
export async function findAppPasswordSecrets(db: DbOrTx, handle: string) {
  return db
    .select({
      id: appPasswords.id,
      sealed: appPasswords.sealed,
      lastUsedAt: appPasswords.lastUsedAt,
      user: { id: user.id, name: user.name, email: user.email, handle: user.handle },
    })
    .from(appPasswords)
    .innerJoin(user, eq(user.id, appPasswords.userId))
    .where(eq(user.handle, handle));
}

/** Notes that a password was used (shown in Settings). */
export async function touchAppPassword(db: DbOrTx, id: string, at = new Date()): Promise<void> {
  await db.update(appPasswords).set({ lastUsedAt: at }).where(eq(appPasswords.id, id));
}

/** Deletes a password so it stops working at once. Someone else's does not exist for you. */
export async function revokeAppPassword(
  db: DbOrTx,
  { id, userId }: { id: string; userId: string },
): Promise<void> {
  if (!isUuid(id)) throw notFound("App password");
  const deleted = await db
    .delete(appPasswords)
    .where(and(eq(appPasswords.id, id), eq(appPasswords.userId, userId)))
    .returning({ id: appPasswords.id });
  if (deleted.length === 0) throw notFound("App password");
}
