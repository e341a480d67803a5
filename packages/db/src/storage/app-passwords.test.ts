import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_PASSWORDS_MAX } from "../schema";
import { createTestDb, makeUser, type TestDatabase } from "../testing";
import {
  createAppPassword,
  findAppPasswordSecrets,
  listAppPasswords,
  revokeAppPassword,
  touchAppPassword,
} from "./app-passwords";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

describe("app passwords", () => {
  it("lists the owner's without secrets, finds secrets by handle, revokes only their own", async () => {
    const owner = await makeUser(t);
    const other = await makeUser(t);
    const mine = await createAppPassword(t.db, { userId: owner.id, name: " phone ", sealed: "s1" });
    const theirs = await createAppPassword(t.db, { userId: other.id, name: "car", sealed: "s2" });
    expect(mine.name).toBe("phone");
    const listed = await listAppPasswords(t.db, owner.id);
    expect(listed.map((p) => p.name)).toEqual(["phone"]);
    expect(listed[0]).not.toHaveProperty("sealed");

    const secrets = await findAppPasswordSecrets(t.db, owner.handle);
    expect(secrets).toEqual([
      {
        id: mine.id,
        sealed: "s1",
        lastUsedAt: null,
        user: expect.objectContaining({ id: owner.id }),
      },
    ]);
    await touchAppPassword(t.db, mine.id);
    expect((await listAppPasswords(t.db, owner.id))[0]!.lastUsedAt).toBeInstanceOf(Date);

    await expect(
      revokeAppPassword(t.db, { id: theirs.id, userId: owner.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(revokeAppPassword(t.db, { id: "nope", userId: owner.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await listAppPasswords(t.db, other.id)).toHaveLength(1);
    await revokeAppPassword(t.db, { id: mine.id, userId: owner.id });
    expect(await findAppPasswordSecrets(t.db, owner.handle)).toEqual([]);
  });

  it("refuses blank names and more than the limit, storing nothing", async () => {
    const owner = await makeUser(t);
    await expect(
      createAppPassword(t.db, { userId: owner.id, name: "  ", sealed: "s" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    for (let i = 0; i < APP_PASSWORDS_MAX; i++) {
      await createAppPassword(t.db, { userId: owner.id, name: `p${i}`, sealed: "s" });
    }
    await expect(
      createAppPassword(t.db, { userId: owner.id, name: "one more", sealed: "s" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await listAppPasswords(t.db, owner.id)).toHaveLength(APP_PASSWORDS_MAX);
  });
});
