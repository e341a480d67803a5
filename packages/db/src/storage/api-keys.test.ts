import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apikey } from "../schema";
import { createTestDb, makeUser, type TestDatabase } from "../testing";
import { listApiKeys, revokeApiKey } from "./api-keys";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

describe("api keys", () => {
  it("lists a user's own keys without hashes and revokes only their own", async () => {
    const owner = await makeUser(t);
    const other = await makeUser(t);
    await t.db.insert(apikey).values([
      { id: "k1", name: "laptop", start: "hq_abc", referenceId: owner.id, key: "hash-1" },
      { id: "k2", name: "ci", start: "hq_def", referenceId: other.id, key: "hash-2" },
    ]);
    const keys = await listApiKeys(t.db, owner.id);
    expect(keys.map((k) => k.name)).toEqual(["laptop"]);
    expect(keys[0]).not.toHaveProperty("key");
    await expect(revokeApiKey(t.db, { id: "k2", userId: owner.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await listApiKeys(t.db, other.id)).toHaveLength(1);
    await revokeApiKey(t.db, { id: "k1", userId: owner.id });
    expect(await listApiKeys(t.db, owner.id)).toEqual([]);
  });
});
