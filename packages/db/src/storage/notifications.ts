import { and, eq, inArray, isNull, or, sql, type Placeholder, type SQL } from "drizzle-orm";
import { z } from "zod";
import { NOTIFICATION_GROUP_WINDOW, type NotificationKind } from "../constants";
import type { Database, DbOrTx } from "../database";
import { badRequest } from "../errors";
import { notifications, songComments, songs, user } from "../schema";
import { clampLimit, decodeCursor, isUuid, toPage, type Page } from "./pagination";

// Notifications: one row per thing someone did to one of my songs (like, comment, repost,
// remix) or to me (follow), written in the statement or transaction that did it (see likeSong,
// addComment, followUser, repostSong, notifyRemix), never for one's own actions. Read in
// keyset pages, grouped the way people expect ("Ana and 12 others liked Night Drive").

/**
 * Which rows may be shown: a remix is only revealed once it is public (it is the actor's song;
 * the song it was made from is the recipient's own, which they always see).
 */
export const shownToRecipient: SQL = sql`(${notifications.remixId} is null or exists (select 1 from ${songs} r where r.id = ${notifications.remixId} and r.is_public))`;

/** Tells the owner of the song a remix (cover, extension, new section) was made from. */
export async function notifyRemix(db: DbOrTx, { remixId }: { remixId: string }): Promise<void> {
  if (!isUuid(remixId)) return;
  await db.execute(
    sql`insert into ${notifications} (recipient_id, actor_id, kind, song_id, remix_id)
        select parent.owner_id, child.owner_id, 'remix', parent.id, child.id
        from ${songs} child join ${songs} parent on parent.id = child.parent_id
        where child.id = ${remixId} and parent.owner_id <> child.owner_id`,
  );
}

/**
 * The insert, as a member of a writing CTE, telling each `recipient_id` of `rows` that
 * `actorId` did `kind` (to their `song_id`, null for a follow); never the actor themself.
 */
export function notifySql(
  kind: Extract<NotificationKind, "like" | "follow">,
  actorId: string | Placeholder,
  rows: SQL,
): SQL {
  return sql`insert into ${notifications} (recipient_id, actor_id, kind, song_id)
    select recipient_id, ${actorId}, ${sql.raw(`'${kind}'`)}::notification_kind, song_id from (${rows}) notice
    where recipient_id <> ${actorId}`;
}

const notificationCursor = z.tuple([z.iso.datetime(), z.uuid()]);

export interface NotificationActor {
  id: string;
  name: string;
  handle: string;
}

/** One line of the list: a single event, or likes/reposts of a song (or follows) grouped. */
export interface NotificationItem {
  /** The newest row's id. */
  id: string;
  /** Every row the line stands for (to mark them read). */
  ids: string[];
  kind: NotificationKind;
  /** The newest actors first, at most three. */
  actors: NotificationActor[];
  /** How many people the line stands for ("Ana and 12 others"). */
  actorCount: number;
  song: { id: string; title: string } | null;
  remix: { id: string; title: string } | null;
  comment: { id: string; content: string; atSec: number | null } | null;
  unread: boolean;
  createdAt: Date;
}

/** Kinds whose events about the same song (or, for follows, about me) share one line. */
const GROUPED: readonly NotificationKind[] = ["like", "repost", "follow"];
const ACTORS_SHOWN = 3;
/** A line sums up at most its group's newest this many events (a viral song's likes would
 * otherwise be read in full for every page); its ids hold the unread ones among them. */
export const GROUP_WINDOW = NOTIFICATION_GROUP_WINDOW;

const grouped = sql.raw(GROUPED.map((k) => `'${k}'`).join(", "));

/**
 * The page's lines, newest first: each group (one song's likes, its reposts, all follows) is
 * one line placed by its newest event, so a group never splits across pages; every other
 * event is a line of its own. The groups are found by stepping through the recipient's
 * distinct (kind, song) pairs on notifications_recipient_group_idx (one probe per group, not
 * one per row), each group's newest event by one more probe. (The row comparison and the
 * ordering by (kind, song_id) keep PostgreSQL on that index: given `song_id > x` alone it
 * walked notifications_song_id_idx through every recipient's notifications of a song; the
 * follows' order spelled as that index's keep it off notifications_recipient_created_idx.)
 * The step's only condition past the recipient is the row comparison, so it is where the
 * probe starts; with `kind = g.kind` beside it PostgreSQL started at the kind's first entry
 * and read every earlier event of that kind (each step cost the recipient's whole history
 * of likes, 5 ms at 10 000). A step that lands on the next kind ends the chain. A line's
 * summary groups its window by actor once, for both the count and the newest actors.
 * Exported for the bench, which
 * runs it by hand as its baseline.
 */
export function notificationLinesSql(withCursor: boolean): SQL {
  const userId = sql.placeholder("userId");
  const limit = sql.placeholder("limit");
  const n = notifications;
  const position = (table: string) =>
    withCursor
      ? sql`and (${sql.raw(table)}.created_at, ${sql.raw(table)}.id) < (${sql.placeholder("afterAt")}::timestamptz, ${sql.placeholder("afterId")}::uuid)`
      : sql``;
  return sql`with recursive song_groups as (
      select k.kind, (select m.song_id from ${n} m
          where m.recipient_id = ${userId} and m.kind = k.kind
          order by m.kind, m.song_id limit 1) as song_id
        from (values ('like'::notification_kind), ('repost'::notification_kind)) k(kind)
      union all
      select nxt.kind, nxt.song_id from song_groups g cross join lateral (
          select m.kind, m.song_id from ${n} m
          where m.recipient_id = ${userId} and (m.kind, m.song_id) > (g.kind, g.song_id)
          order by m.kind, m.song_id limit 1) nxt
        where g.song_id is not null and nxt.kind = g.kind
    ), heads as (
      select h.id, h.created_at from song_groups g cross join lateral (
        select m.id, m.created_at from ${n} m
        where g.song_id is not null and m.recipient_id = ${userId} and m.kind = g.kind
          and m.song_id = g.song_id
        order by m.created_at desc, m.id desc limit 1) h
      union all
      (select m.id, m.created_at from ${n} m
        where m.recipient_id = ${userId} and m.kind = 'follow' and m.song_id is null
        order by m.kind desc, m.song_id desc, m.created_at desc, m.id desc limit 1)
      union all
      (select m.id, m.created_at from ${n} m
        where m.recipient_id = ${userId} and m.kind not in ('like', 'repost', 'follow')
          and (m.remix_id is null or exists (select 1 from ${songs} r where r.id = m.remix_id and r.is_public))
          ${position("m")}
        order by m.created_at desc, m.id desc limit ${limit})
    ), page as (
      select h.id, h.created_at from heads h where true ${position("h")}
      order by h.created_at desc, h.id desc limit ${limit}
    )
    select n.id, n.kind, n.read_at is null as unread,
      to_char(n.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
      n.at_sec, a.id as actor_id, a.name as actor_name, a.handle as actor_handle,
      n.song_id, (select s.title from ${songs} s where s.id = n.song_id) as song_title,
      n.remix_id, (select r.title from ${songs} r where r.id = n.remix_id) as remix_title,
      n.comment_id, (select c.content from ${songComments} c where c.id = n.comment_id) as comment_content,
      g.actor_count, g.actors, g.unread_ids, g.unread_ids is not null as any_unread
    from page p
    join ${n} n on n.id = p.id
    join ${user} a on a.id = n.actor_id
    left join lateral (
      with members as (
        (select m.id, m.actor_id, m.read_at, m.created_at from ${n} m
          where m.recipient_id = ${userId} and m.kind = n.kind and m.song_id = n.song_id
          order by m.created_at desc, m.id desc limit ${GROUP_WINDOW})
        union all
        (select m.id, m.actor_id, m.read_at, m.created_at from ${n} m
          where n.kind = 'follow' and m.recipient_id = ${userId} and m.kind = 'follow' and m.song_id is null
          order by m.kind desc, m.song_id desc, m.created_at desc, m.id desc limit ${GROUP_WINDOW})
      ), by_actor as (
        select actor_id, max(created_at) as at from members group by actor_id
      )
      select
        (select count(*)::int from by_actor) as actor_count,
        (select json_agg((select json_build_object('id', u.id, 'name', u.name, 'handle', u.handle)
            from ${user} u where u.id = na.actor_id) order by na.at desc, na.actor_id)
          from (select actor_id, at from by_actor
            order by at desc, actor_id limit ${ACTORS_SHOWN}) na) as actors,
        (select array_agg(id order by created_at desc, id desc) from members
          where read_at is null) as unread_ids
    ) g on n.kind in (${grouped})
    order by p.created_at desc, p.id desc`;
}

interface LineRow {
  id: string;
  kind: NotificationKind;
  unread: boolean;
  created_at: string;
  at_sec: number | null;
  actor_id: string;
  actor_name: string;
  actor_handle: string;
  song_id: string | null;
  song_title: string | null;
  remix_id: string | null;
  remix_title: string | null;
  comment_id: string | null;
  comment_content: string | null;
  actor_count: number | null;
  actors: NotificationActor[] | string | null;
  unread_ids: string[] | string | null;
  any_unread: boolean | null;
}

const LINE_COLUMNS = [
  "id",
  "kind",
  "unread",
  "created_at",
  "at_sec",
  "actor_id",
  "actor_name",
  "actor_handle",
  "song_id",
  "song_title",
  "remix_id",
  "remix_title",
  "comment_id",
  "comment_content",
  "actor_count",
  "actors",
  "unread_ids",
  "any_unread",
] as const satisfies readonly (keyof LineRow)[];

/**
 * The list's statement, with or without a cursor, prepared once per database: planning it
 * costs several times what running it does (measured: 7.4 ms unprepared, 1.1 ms prepared).
 */
function prepareLines(db: Database, withCursor: boolean) {
  const fields = Object.fromEntries(
    LINE_COLUMNS.map((column) => [column, sql.raw(`lines.${column}`)]),
  ) as { [K in keyof LineRow]: SQL<LineRow[K]> };
  return (
    db
      .select(fields)
      .from(sql`(${notificationLinesSql(withCursor)}) lines`)
      // created_at is ISO 8601 text in UTC: its text order is its time order.
      .orderBy(sql`lines.created_at desc, lines.id desc`)
      .prepare(`notification_lines_${+withCursor}`)
  );
}
const linesByDb = new WeakMap<Database, Map<boolean, ReturnType<typeof prepareLines>>>();
function linesQuery(db: Database, withCursor: boolean) {
  let byCursor = linesByDb.get(db);
  if (!byCursor) linesByDb.set(db, (byCursor = new Map()));
  let query = byCursor.get(withCursor);
  if (!query) byCursor.set(withCursor, (query = prepareLines(db, withCursor)));
  return query;
}

/** Postgres arrays arrive as arrays on postgres.js and PGlite alike, json as text or parsed. */
function parseJson<T>(value: T | string | null): T | null {
  return typeof value === "string" ? (JSON.parse(value) as T) : value;
}
function toItem(row: LineRow): NotificationItem {
  const single = row.actor_count === null;
  const unreadIds = (single ? null : row.unread_ids) as string[] | null;
  return {
    id: row.id,
    // The line's newest event and its unread events (at most MARK_READ_MAX): what marking the
    // line read needs to mark.
    ids: single ? [row.id] : [row.id, ...(unreadIds ?? []).filter((id) => id !== row.id)],
    kind: row.kind,
    actors: single
      ? [{ id: row.actor_id, name: row.actor_name, handle: row.actor_handle }]
      : (parseJson(row.actors) ?? []),
    actorCount: row.actor_count ?? 1,
    song: row.song_id && row.song_title ? { id: row.song_id, title: row.song_title } : null,
    remix: row.remix_id && row.remix_title ? { id: row.remix_id, title: row.remix_title } : null,
    comment:
      row.comment_id && row.comment_content
        ? { id: row.comment_id, content: row.comment_content, atSec: row.at_sec }
        : null,
    unread: single ? row.unread : Boolean(row.any_unread),
    createdAt: new Date(row.created_at),
  };
}

/** The unread count's query, capped at UNREAD_COUNT_CAP rows read. */
function buildUnreadQuery(db: Database) {
  const unread = db
    .select({ one: sql`1` })
    .from(notifications)
    .where(
      and(
        eq(notifications.recipientId, sql.placeholder("userId")),
        isNull(notifications.readAt),
        shownToRecipient,
      ),
    )
    .limit(UNREAD_COUNT_CAP)
    .as("unread");
  return db.select({ n: sql<number>`count(*)::int` }).from(unread);
}

// The unread count is prepared once per database (planned once, not on every call).
const prepareUnread = (db: Database) => buildUnreadQuery(db).prepare("notification_unread");
const unreadByDb = new WeakMap<Database, ReturnType<typeof prepareUnread>>();
function unreadQuery(db: Database) {
  let query = unreadByDb.get(db);
  if (!query) unreadByDb.set(db, (query = prepareUnread(db)));
  return query;
}

/** The unread count stops at this many: the badge shows "99+" beyond 99. */
export const UNREAD_COUNT_CAP = 100;

/**
 * The user's notifications, newest first, in keyset pages of at most `limit` lines: the likes
 * of one song, its reposts, and follows are each one line, placed by (and paged by) the group's
 * newest event, so a group appears once across all pages; a group that gains an event after a
 * page was read moves to the top, where a fresh first page shows it.
 */
export async function listNotifications(
  db: Database,
  { userId, cursor, limit: wanted }: { userId: string; cursor?: string | null; limit?: number },
): Promise<Page<NotificationItem>> {
  const limit = clampLimit(wanted);
  const after = cursor ? decodeCursor(cursor, notificationCursor) : null;
  const rows: LineRow[] = await linesQuery(db, after !== null).execute({
    userId,
    limit: limit + 1,
    afterAt: after?.[0],
    afterId: after?.[1],
  });
  return toPage(rows, limit, toItem, (row) => [new Date(row.created_at).toISOString(), row.id]);
}

/**
 * How many unread notifications the user has that may be shown (see listNotifications), up to
 * UNREAD_COUNT_CAP.
 */
export async function countUnreadNotifications(db: Database, userId: string): Promise<number> {
  const [row] = await unreadQuery(db).execute({ userId });
  return Number(row?.n ?? 0);
}

/** Rows of the same group as, and not newer than, one of the user's grouped events `ids`. */
function inGroupUpTo(userId: string, ids: string[]): SQL {
  const n = notifications;
  return sql`exists (select 1 from ${n} h
    where h.id in ${ids} and h.recipient_id = ${userId} and h.kind in ('like', 'repost', 'follow')
      and h.kind = ${n.kind} and h.song_id is not distinct from ${n.songId}
      and (${n.createdAt}, ${n.id}) <= (h.created_at, h.id))`;
}

/** The most ids markNotificationsRead takes at once. */
export const MARK_READ_MAX = 500;

/**
 * Marks the user's notifications of `ids` read (all of them when `ids` is omitted); ids that
 * are not theirs are ignored. An id of a grouped event (like, repost, follow) marks its whole
 * group up to that event: a line's newest id marks the line, including the events beyond
 * GROUP_WINDOW that its ids do not list. Returns the unread count afterwards.
 */
export async function markNotificationsRead(
  db: Database,
  { userId, ids }: { userId: string; ids?: string[] | null },
): Promise<{ unreadCount: number }> {
  if (ids) {
    if (ids.length > MARK_READ_MAX) throw badRequest(`Mark at most ${MARK_READ_MAX} at once`);
    if (!ids.every(isUuid)) throw badRequest("Notification ids are UUIDs");
  }
  if (!ids || ids.length > 0) {
    await db
      .update(notifications)
      .set({ readAt: sql`now()` })
      .where(
        and(
          eq(notifications.recipientId, userId),
          isNull(notifications.readAt),
          ids ? or(inArray(notifications.id, ids), inGroupUpTo(userId, ids)) : undefined,
        ),
      );
  }
  return { unreadCount: await countUnreadNotifications(db, userId) };
}
