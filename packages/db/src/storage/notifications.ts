import { and, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { NotificationKind } from "../constants";
import type { Database, DbOrTx } from "../database";
import { badRequest } from "../errors";
import { notifications, songComments, songs, user } from "../schema";
import {
  afterPosition,
  clampLimit,
  decodeCursor,
  encodeCursor,
  isUuid,
  type Page,
} from "./pagination";

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
  actorId: string,
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
const GROUPED: ReadonlySet<NotificationKind> = new Set(["like", "repost", "follow"]);
const ACTORS_SHOWN = 3;

/**
 * The list's one query, with or without a cursor; prepared once per database. The titles and
 * the comment are scalar subqueries, not joins: PostgreSQL keeps choosing custom plans for
 * this statement, and five joins cost several milliseconds to plan each time, more than the
 * index scan that reads the page.
 */
function buildListQuery(db: Database, withCursor: boolean) {
  const n = notifications;
  return db
    .select({
      id: n.id,
      kind: n.kind,
      readAt: n.readAt,
      createdAt: n.createdAt,
      atSec: n.atSec,
      actor: { id: user.id, name: user.name, handle: user.handle },
      songId: n.songId,
      songTitle: sql<string | null>`(select s.title from ${songs} s where s.id = ${n.songId})`,
      remixId: n.remixId,
      remixTitle: sql<string | null>`(select r.title from ${songs} r where r.id = ${n.remixId})`,
      commentId: n.commentId,
      commentContent: sql<
        string | null
      >`(select c.content from ${songComments} c where c.id = ${n.commentId})`,
    })
    .from(n)
    .innerJoin(user, eq(user.id, n.actorId))
    .where(
      and(
        eq(n.recipientId, sql.placeholder("userId")),
        shownToRecipient,
        withCursor
          ? afterPosition(
              "desc",
              [n.createdAt, n.id],
              [sql.placeholder("afterAt"), sql.placeholder("afterId")],
            )
          : undefined,
      ),
    )
    .orderBy(desc(n.createdAt), desc(n.id))
    .limit(sql.placeholder("limit"));
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

// Prepared statements per database (the list is planned once, not on every call: its five
// joins cost more to plan than to run).
const prepareList = (db: Database, withCursor: boolean) =>
  buildListQuery(db, withCursor).prepare(`notification_list_${+withCursor}`);
const prepareUnread = (db: Database) => buildUnreadQuery(db).prepare("notification_unread");
interface Prepared {
  list: Map<boolean, ReturnType<typeof prepareList>>;
  unread?: ReturnType<typeof prepareUnread>;
}
const preparedByDb = new WeakMap<Database, Prepared>();
function preparedFor(db: Database): Prepared {
  let cache = preparedByDb.get(db);
  if (!cache) preparedByDb.set(db, (cache = { list: new Map() }));
  return cache;
}
function listQuery(db: Database, withCursor: boolean) {
  const { list } = preparedFor(db);
  let query = list.get(withCursor);
  if (!query) list.set(withCursor, (query = prepareList(db, withCursor)));
  return query;
}
function unreadQuery(db: Database) {
  const cache = preparedFor(db);
  return (cache.unread ??= prepareUnread(db));
}

/** The unread count stops at this many: the badge shows "99+" beyond 99. */
export const UNREAD_COUNT_CAP = 100;

/**
 * The user's notifications, newest first, in keyset pages of at most `limit` events; likes
 * and reposts of one song, and follows, inside a page are grouped into one line.
 */
export async function listNotifications(
  db: Database,
  { userId, cursor, limit: wanted }: { userId: string; cursor?: string | null; limit?: number },
): Promise<Page<NotificationItem>> {
  const limit = clampLimit(wanted);
  const after = cursor ? decodeCursor(cursor, notificationCursor) : null;
  const rows = await listQuery(db, after !== null).execute({
    userId,
    limit: limit + 1,
    afterAt: after?.[0],
    afterId: after?.[1],
  });
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const items: NotificationItem[] = [];
  const lines = new Map<string, { item: NotificationItem; actorIds: Set<string> }>();
  for (const row of pageRows) {
    const key = GROUPED.has(row.kind) ? `${row.kind}:${row.songId ?? ""}` : `one:${row.id}`;
    const line = lines.get(key);
    if (line) {
      line.item.ids.push(row.id);
      if (!row.readAt) line.item.unread = true;
      if (!line.actorIds.has(row.actor.id)) {
        line.actorIds.add(row.actor.id);
        line.item.actorCount++;
        if (line.item.actors.length < ACTORS_SHOWN) line.item.actors.push(row.actor);
      }
      continue;
    }
    const item: NotificationItem = {
      id: row.id,
      ids: [row.id],
      kind: row.kind,
      actors: [row.actor],
      actorCount: 1,
      song: row.songId && row.songTitle ? { id: row.songId, title: row.songTitle } : null,
      remix: row.remixId && row.remixTitle ? { id: row.remixId, title: row.remixTitle } : null,
      comment:
        row.commentId && row.commentContent
          ? { id: row.commentId, content: row.commentContent, atSec: row.atSec }
          : null,
      unread: !row.readAt,
      createdAt: row.createdAt,
    };
    lines.set(key, { item, actorIds: new Set([row.actor.id]) });
    items.push(item);
  }
  const last = pageRows[pageRows.length - 1];
  return {
    items,
    nextCursor: hasMore && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

/**
 * How many unread notifications the user has that may be shown (see listNotifications), up to
 * UNREAD_COUNT_CAP.
 */
export async function countUnreadNotifications(db: Database, userId: string): Promise<number> {
  const [row] = await unreadQuery(db).execute({ userId });
  return Number(row?.n ?? 0);
}

/** The most ids markNotificationsRead takes at once. */
export const MARK_READ_MAX = 500;

/**
 * Marks the user's notifications of `ids` read (all of them when `ids` is omitted); ids that
 * are not theirs are ignored. Returns the unread count afterwards.
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
          ids ? inArray(notifications.id, ids) : undefined,
        ),
      );
  }
  return { unreadCount: await countUnreadNotifications(db, userId) };
}
