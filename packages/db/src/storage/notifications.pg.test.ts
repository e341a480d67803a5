// The notification list's cost depends on the lines it shows, not on how many events the
// recipient has had: PostgreSQL only (TEST_DATABASE_URL), where the buffers a statement reads
// are reported by EXPLAIN (ANALYZE, BUFFERS).
import { fillPlaceholders, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications } from "../schema";
import { createTestDb, makeSong, makeUser, testDatabaseUrl, type TestDatabase } from "../testing";
import { listNotifications, notificationLinesSql } from "./notifications";

describe.skipIf(!testDatabaseUrl)("notification list cost (PostgreSQL)", () => {
  let t: TestDatabase;
  let client: postgres.Sql;

  beforeAll(async () => {
    t = await createTestDb({ max: 2 });
    client = postgres(t.url!, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await client?.end({ timeout: 5 });
    await t?.close();
  });

  /** Buffers the list's first page reads, as the statement listNotifications runs. */
  async function pageBuffers(userId: string) {
    const query = new PgDialect().sqlToQuery(notificationLinesSql(false));
    const params = fillPlaceholders(query.params, { userId, limit: 21 });
    const [row] = await client.unsafe<{ "QUERY PLAN": [{ Plan: Record<string, number> }] }[]>(
      `explain (analyze, buffers, format json) ${query.sql}`,
      params as postgres.ParameterOrJSON<never>[],
    );
    const plan = row!["QUERY PLAN"][0].Plan;
    return plan["Shared Hit Blocks"]! + plan["Shared Read Blocks"]!;
  }

  /** `count` events of `kind` from `fans` fans, all older than anything there already. */
  async function olderEvents(
    me: string,
    fans: number,
    kind: "like" | "repost" | "follow",
    songId: string | null,
    count: number,
  ) {
    await t.db.execute(sql`insert into ${notifications}
        (recipient_id, actor_id, kind, song_id, read_at, created_at)
      select ${me}, 'cost_fan_' || (1 + i % ${fans}), ${kind}::notification_kind, ${songId}::uuid,
        case when i % 2 = 0 then now() end,
        (select coalesce(min(created_at), now()) from ${notifications} where recipient_id = ${me})
          - make_interval(secs => i)
      from generate_series(1, ${count}) i`);
    await client`analyze notifications`;
  }

  it("reads about as much for 100 000 events as for 4 000 in the same groups", async () => {
    const me = await makeUser(t);
    const songIds: string[] = [];
    for (let i = 0; i < 3; i++) songIds.push((await makeSong(t.db, me.id)).id);
    const fans = 500;
    await client`insert into "user" (id, name, email, handle)
      select 'cost_fan_' || i, 'Fan ' || i, 'cost_fan_' || i || '@example.test', 'cost_fan_' || i
      from generate_series(1, ${fans}) i`;
    const history = async (perGroup: number) => {
      for (const songId of songIds) await olderEvents(me.id, fans, "like", songId, perGroup);
      await olderEvents(me.id, fans, "repost", songIds[0]!, perGroup);
      await olderEvents(me.id, fans, "follow", null, perGroup);
    };

    await history(800);
    const page = await listNotifications(t.db, { userId: me.id });
    expect(page.items.map((i) => [i.kind, i.actorCount])).toEqual([
      ["like", 100],
      ["like", 100],
      ["like", 100],
      ["repost", 100],
      ["follow", 100],
    ]);
    const small = await pageBuffers(me.id);

    // 24 times the history, all of it older: the same page, the same lines.
    await history(19_200);
    expect(await listNotifications(t.db, { userId: me.id })).toEqual(page);
    const large = await pageBuffers(me.id);
    // One more level in an index or two may cost a few buffers per probe; reading the
    // history (the list before this test: every step from one song's likes to the next
    // read all of the kind's earlier events) costs thousands.
    expect(large).toBeLessThan(small * 1.2 + 50);
  }, 120_000);
});
