import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../driver-rows";
import { seedAtScale } from "./scale";
import { getFeed } from "../storage/feed";
import { moveSongInPlaylist, getPlaylist } from "../storage/playlists";
import { createTestDb, type TestDatabase } from "../testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

/** Every index and constraint of the public schema, with its definition. */
const schemaObjects = () =>
  selectRows<{ name: string; definition: string }>(
    t.db,
    sql`select indexname as name, indexdef as definition from pg_indexes where schemaname = 'public'
        union all
        select conname, pg_get_constraintdef(c.oid) from pg_constraint c
        join pg_namespace n on n.oid = c.connamespace where n.nspname = 'public'
        order by 1, 2`,
  );

describe("seedAtScale", () => {
  it("fills songs, users, likes, plays, comments and playlists with counters equal to rows", async () => {
    const before = await schemaObjects();
    // Enough users that only the most popular song reaches the cap of one like per user.
    const result = await seedAtScale(t.db, { songs: 2000, users: 1000, batch: 700 });
    // The bulk load set keys and indexes aside: every one of them is back, defined the same.
    expect(await schemaObjects()).toEqual(before);
    expect(result).toMatchObject({ songs: 2000, users: 1000, bulk: true });
    expect(result.likes).toBeGreaterThan(15_000);
    const [mismatch] = await selectRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from songs s where
            like_count <> (select count(*) from song_likes l where l.song_id = s.id)
         or play_count <> (select count(*) from song_plays p where p.song_id = s.id)
         or comment_count <> (select count(*) from song_comments c where c.song_id = s.id)`,
    );
    expect(mismatch!.n).toBe(0);
    // Playlist counters, kept by triggers through the seed's bulk inserts: every entry counted,
    // private songs' entries marked with their owner.
    const [playlistMismatch] = await selectRows<{ n: number }>(
      t.db,
      sql`select (
            (select count(*) from playlists p
              where song_count <> (select count(*) from playlist_songs ps where ps.playlist_id = p.id))
          + (select count(*) from playlist_songs ps join songs s on s.id = ps.song_id
              where ps.private_owner_id is distinct from case when s.is_public then null else s.owner_id end)
          )::int as n`,
    );
    expect(playlistMismatch!.n).toBe(0);
    const top = await getFeed(t.db, { sort: "top", limit: 5 });
    expect(top.items[0]!.likeCount).toBeGreaterThan(top.items[4]!.likeCount);
    const [big] = await selectRows<{ id: string; owner_id: string; n: number }>(
      t.db,
      sql`select p.id, p.owner_id, count(ps.*)::int as n from playlists p join playlist_songs ps on ps.playlist_id = p.id
          where p.name = 'The Thousand' group by p.id`,
    );
    expect(big!.n).toBe(1000);
    // Seeded ordering keys are real fractional keys: moves between them work.
    const moved = await moveSongInPlaylist(t.db, {
      playlistId: big!.id,
      songId: (await getPlaylist(t.db, { id: big!.id, viewerId: big!.owner_id }))!.songs[999]!.song
        .id,
      toIndex: 0,
      userId: big!.owner_id,
    });
    expect(moved.songs).toHaveLength(1000);
  });
});
