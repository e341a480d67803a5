import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, ne, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { DbOrTx } from "../database";
import type { SongStatus } from "../constants";
import { forbidden, isForeignKeyViolation, notFound, parseInput } from "../errors";
import {
  insertSongSchema,
  songs,
  updateSongSchema,
  user,
  type InsertSong,
  type JsonObject,
  type UpdateSong,
} from "../schema";
import { exactLikeCount, likedBy } from "./likes";
import { repostedBy } from "./reposts";
import { songPictureKey } from "./song-pictures";
import {
  afterPosition,
  clampLimit,
  decodeCursor,
  isUuid,
  positionOf,
  toPage,
  type PagePosition,
} from "./pagination";
import { songIsPublic, songVisibleTo } from "./visibility";

/** The columns every song view carries (search vectors and scores stay in the database). */
export const songSummaryColumns = {
  id: songs.id,
  title: songs.title,
  description: songs.description,
  mood: songs.mood,
  genre: songs.genre,
  creationMode: songs.creationMode,
  isPublic: songs.isPublic,
  status: songs.status,
  playCount: songs.playCount,
  likeCount: exactLikeCount(songs),
  commentCount: songs.commentCount,
  repostCount: songs.repostCount,
  durationSec: songs.durationSec,
  waveform: songs.waveform,
  parentId: songs.parentId,
  /** The uploaded cover's key: part of the cover URL's version (see coverVersion). */
  coverKey: songs.coverKey,
  createdAt: songs.createdAt,
  updatedAt: songs.updatedAt,
};

export const authorColumns = { id: user.id, name: user.name, handle: user.handle };

const songDetailColumns = {
  ...songSummaryColumns,
  ownerId: songs.ownerId,
  lyrics: songs.lyrics,
  seed: songs.seed,
  composition: songs.composition,
  inference: songs.inference,
  statusMessage: songs.statusMessage,
  renderedFraction: songs.renderedFraction,
  renderingSection: songs.renderingSection,
};

/** Stores a new song for `ownerId` (always the session's user, never input). */
export async function createSong(db: DbOrTx, ownerId: string, input: InsertSong) {
  const [song] = await storeSongs(db, ownerId, [input], null);
  return song!;
}

/**
 * Stores the takes of one request for `ownerId`, all or none, as one take group: each take is
 * a song of its own, numbered from 1 in the order given (see listOtherTakes).
 */
export async function createSongTakes(db: DbOrTx, ownerId: string, takes: InsertSong[]) {
  if (takes.length < 1) throw new Error("createSongTakes needs at least one take");
  return storeSongs(db, ownerId, takes, takes.length > 1 ? randomUUID() : null);
}

async function storeSongs(
  db: DbOrTx,
  ownerId: string,
  inputs: InsertSong[],
  takeGroupId: string | null,
) {
  const rows = inputs.map((input) => parseInput(insertSongSchema, input));
  const parentId = rows.find((values) => values.parentId)?.parentId;
  if (rows.some((values) => values.parentId && !isUuid(values.parentId))) {
    throw notFound("Parent song");
  }
  try {
    // Stored and read back in one transaction: a caller that gets an error (the database gone
    // between the statements) can rely on no song having been stored. The song service
    // renders only the songs it is handed back; one stored behind its back stayed queued.
    return await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(songs)
        .values(
          rows.map((values, index) => ({
            ...values,
            ownerId,
            takeGroupId,
            takeNumber: takeGroupId ? index + 1 : null,
          })),
        )
        .returning({ id: songs.id, takeNumber: songs.takeNumber });
      // RETURNING promises no order: read the songs back in take order.
      inserted.sort((a, b) => (a.takeNumber ?? 0) - (b.takeNumber ?? 0));
      const stored = [];
      for (const row of inserted) {
        stored.push((await getSong(tx, { id: row.id, viewerId: ownerId }))!);
      }
      return stored;
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw notFound(parentId ? "Parent song" : "User");
    throw error;
  }
}

/**
 * The ids of the other takes made by the same request as song `id` that the viewer can see,
 * in take order; empty for a single take or once the others were deleted.
 */
export async function listOtherTakes(
  db: DbOrTx,
  { id, viewerId }: { id: string; viewerId: string | null | undefined },
): Promise<string[]> {
  if (!isUuid(id)) return [];
  const self = alias(songs, "self");
  const rows = await db
    .select({ id: songs.id })
    .from(songs)
    .innerJoin(self, eq(self.takeGroupId, songs.takeGroupId))
    .where(and(eq(self.id, id), ne(songs.id, id), songVisibleTo(viewerId)))
    .orderBy(asc(songs.takeNumber));
  return rows.map((row) => row.id);
}

/** A song with its author, or null when it does not exist or the viewer may not see it. */
export async function getSong(
  db: DbOrTx,
  { id, viewerId }: { id: string; viewerId: string | null | undefined },
) {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({
      ...songDetailColumns,
      author: authorColumns,
      likedByMe: likedBy(viewerId),
      repostedByMe: repostedBy(viewerId),
    })
    .from(songs)
    .innerJoin(user, eq(user.id, songs.ownerId))
    .where(and(eq(songs.id, id), songVisibleTo(viewerId)))
    .limit(1);
  return row ?? null;
}
export type SongDetails = NonNullable<Awaited<ReturnType<typeof getSong>>>;

/**
 * The one ownership rule for songs: someone else's private song does not exist for you
 * (NOT_FOUND); someone else's public song is visible but not yours to change (FORBIDDEN).
 */
export async function assertSongOwner(db: DbOrTx, { id, userId }: { id: string; userId: string }) {
  if (!isUuid(id)) throw notFound("Song");
  const [row] = await db
    .select({ ownerId: songs.ownerId, isPublic: songs.isPublic })
    .from(songs)
    .where(eq(songs.id, id))
    .limit(1);
  if (!row || (!row.isPublic && row.ownerId !== userId)) throw notFound("Song");
  if (row.ownerId !== userId) throw forbidden("Only the song's owner can change it");
}

export async function updateSong(
  db: DbOrTx,
  { id, userId }: { id: string; userId: string },
  patch: UpdateSong,
) {
  const values = parseInput(updateSongSchema, patch);
  await assertSongOwner(db, { id, userId });
  if (Object.keys(values).length > 0) {
    await db
      .update(songs)
      .set(values)
      .where(and(eq(songs.id, id), eq(songs.ownerId, userId)));
  }
  return (await getSong(db, { id, viewerId: userId }))!;
}

/**
 * Deletes an owner's song; returns the keys of the picture it was made from and of the cover its
 * owner uploaded, if it had them.
 */
export async function deleteSong(
  db: DbOrTx,
  { id, userId }: { id: string; userId: string },
): Promise<{ pictureKey: string | null; coverKey: string | null }> {
  await assertSongOwner(db, { id, userId });
  const [row] = await db
    .delete(songs)
    .where(and(eq(songs.id, id), eq(songs.ownerId, userId)))
    .returning({ pictureKey: songPictureKey, coverKey: songs.coverKey });
  return { pictureKey: row?.pictureKey ?? null, coverKey: row?.coverKey ?? null };
}

/**
 * Sets (a key) or clears (null) the cover an owner uploaded for their song: NOT_FOUND for
 * someone else's private song, FORBIDDEN for someone else's public one. Returns the key it
 * replaced, so the caller can remove that picture if no song uses it any more.
 */
export async function setSongCover(
  db: DbOrTx,
  { id, userId, coverKey }: { id: string; userId: string; coverKey: string | null },
): Promise<{ previousKey: string | null }> {
  await assertSongOwner(db, { id, userId });
  // The row is locked while read and written, so two uploads at once each report the key they
  // really replaced (and neither old picture is left behind).
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ previousKey: songs.coverKey })
      .from(songs)
      .where(and(eq(songs.id, id), eq(songs.ownerId, userId)))
      .for("update");
    if (!row) throw notFound("Song");
    await tx.update(songs).set({ coverKey }).where(eq(songs.id, id));
    return { previousKey: row.previousKey };
  });
}

/** Server-side updates as a song is composed and rendered (never from user input). */
export async function setSongComposition(
  db: DbOrTx,
  id: string,
  values: {
    composition: JsonObject;
    durationSec: number;
    title?: string;
    lyrics?: string | null;
    inference?: JsonObject | null;
  },
): Promise<void> {
  await db.update(songs).set(values).where(eq(songs.id, id));
}

export async function setSongStatus(
  db: DbOrTx,
  id: string,
  status: SongStatus,
  extra: { statusMessage?: string | null; waveform?: string | null } = {},
): Promise<void> {
  const statusMessage = status === "failed" ? (extra.statusMessage ?? "Rendering failed") : null;
  await db
    .update(songs)
    .set({
      status,
      statusMessage,
      // A render's progress belongs to that render: a new status starts afresh.
      renderedFraction: null,
      renderingSection: null,
      ...(extra.waveform !== undefined ? { waveform: extra.waveform } : {}),
    })
    .where(eq(songs.id, id));
}

/**
 * Records how far a song's render has got (see setSongStatus, which clears it). Only a song
 * still rendering takes it, so a report that arrives late cannot outlive its render.
 */
export async function setSongRenderProgress(
  db: DbOrTx,
  id: string,
  progress: { fraction: number; section: number },
): Promise<void> {
  if (!(progress.fraction >= 0 && progress.fraction <= 1)) {
    throw new RangeError(`render progress must be within 0..1, got ${progress.fraction}`);
  }
  if (!Number.isInteger(progress.section) || progress.section < 0) {
    throw new RangeError(`render section must be a non-negative integer, got ${progress.section}`);
  }
  await db
    .update(songs)
    .set({ renderedFraction: progress.fraction, renderingSection: progress.section })
    .where(and(eq(songs.id, id), eq(songs.status, "rendering")));
}

const ownerCursor = z.tuple([z.iso.datetime(), z.uuid()]);

/**
 * A user's songs, newest first: all of them for the owner, public ones for everyone else.
 */
export async function listSongsByOwner(
  db: DbOrTx,
  ownerId: string,
  options: {
    viewerId?: string | null;
    cursor?: string | null;
    limit?: number;
    /** Only public songs, even for the owner (their public profile). */
    publicOnly?: boolean;
  } = {},
) {
  const limit = clampLimit(options.limit);
  const after = options.cursor ? decodeCursor(options.cursor, ownerCursor) : null;
  const rows = await db
    .select({ ...songSummaryColumns, author: authorColumns, likedByMe: likedBy(options.viewerId) })
    .from(songs)
    .innerJoin(user, eq(user.id, songs.ownerId))
    .where(
      and(
        eq(songs.ownerId, ownerId),
        options.publicOnly ? songIsPublic : songVisibleTo(options.viewerId),
        afterPosition("desc", [songs.createdAt, songs.id], after),
      ),
    )
    .orderBy(desc(songs.createdAt), desc(songs.id))
    .limit(limit + 1);
  return toPage(
    rows,
    limit,
    (row) => row,
    (row) => [row.createdAt.toISOString(), row.id],
  );
}

/** A song as lists show it: no lyrics or score, with its author and the viewer's like. */
export type SongSummary = Awaited<ReturnType<typeof listSongsByOwner>>["items"][number];

// ---- the song service's reads and writes while composing and rendering ----

/** The statuses of a song whose audio is still to come. */
export const PENDING_SONG_STATUSES = [
  "queued",
  "rendering",
] as const satisfies readonly SongStatus[];

/** A song's status, or null when it does not exist (any more). */
export async function getSongStatus(db: DbOrTx, id: string): Promise<SongStatus | null> {
  const [row] = await db.select({ status: songs.status }).from(songs).where(eq(songs.id, id));
  return row?.status ?? null;
}

/** What a song's score is composed from, with the score itself once there is one. */
export async function getSongScoreInputs(db: DbOrTx, id: string) {
  const [row] = await db
    .select({
      composition: songs.composition,
      creationMode: songs.creationMode,
      description: songs.description,
      lyrics: songs.lyrics,
      title: songs.title,
      mood: songs.mood,
      genre: songs.genre,
      seed: songs.seed,
      durationSec: songs.durationSec,
      parentId: songs.parentId,
    })
    .from(songs)
    .where(eq(songs.id, id));
  return row ?? null;
}

/**
 * What a song's cover art is drawn from, for a viewer who may see the song (else null): its
 * title, mood, genre and seed, and for a song made from a picture the picture's dominant
 * colour name as image analysis recorded it and the stored picture's key (songs made before
 * pictures were kept have none, and get a drawn cover), and the key of the cover its owner
 * uploaded, if any.
 */
export async function getSongCoverInputs(
  db: DbOrTx,
  { id, viewerId }: { id: string; viewerId: string | null | undefined },
) {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({
      id: songs.id,
      title: songs.title,
      mood: songs.mood,
      genre: songs.genre,
      seed: songs.seed,
      isPublic: songs.isPublic,
      pictureColor: sql<string | null>`${songs.inference}->>'colorName'`,
      pictureKey: songPictureKey,
      coverKey: songs.coverKey,
    })
    .from(songs)
    .where(and(eq(songs.id, id), songVisibleTo(viewerId)))
    .limit(1);
  return row ?? null;
}

/** Marks a song failed with `statusMessage` unless it is already ready or failed. */
export async function failPendingSong(
  db: DbOrTx,
  id: string,
  statusMessage: string,
): Promise<void> {
  await db
    .update(songs)
    .set({ status: "failed", statusMessage })
    .where(and(eq(songs.id, id), inArray(songs.status, [...PENDING_SONG_STATUSES])));
}

/** Every song still queued or rendering (resumed at start-up). */
export async function listPendingSongIds(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .select({ id: songs.id })
    .from(songs)
    .where(inArray(songs.status, [...PENDING_SONG_STATUSES]));
  return rows.map((row) => row.id);
}

// ---- scores, for account deletion's audio clean-up ----

/** A page of the scores an owner's songs render from, with their seeds, oldest first (account deletion cleans audio). */
export async function listOwnCompositions(
  db: DbOrTx,
  ownerId: string,
  options: { after?: PagePosition | null; limit: number },
) {
  return db
    .select({
      id: songs.id,
      seed: songs.seed,
      composition: songs.composition,
      pictureKey: songPictureKey,
      coverKey: songs.coverKey,
      createdAt: songs.createdAt,
    })
    .from(songs)
    .where(
      and(
        eq(songs.ownerId, ownerId),
        afterPosition("asc", [songs.createdAt, songs.id], positionOf(options.after)),
      ),
    )
    .orderBy(asc(songs.createdAt), asc(songs.id))
    .limit(options.limit);
}

/**
 * Scores of any songs with one of these seeds. Songs with the same score share one audio
 * file, and the same score implies the same seed, so this finds every possible sharer
 * without comparing every score in the table.
 */
export async function listCompositionsBySeed(db: DbOrTx, seeds: number[]) {
  if (seeds.length === 0) return [];
  return db
    .select({ id: songs.id, composition: songs.composition })
    .from(songs)
    .where(and(inArray(songs.seed, seeds), sql`${songs.composition} is not null`));
}

// ---- versions: where a song came from and what was made from it ----

/** How a version was made from its parent, read from its score (see songVersionKind). */
export const SONG_VERSION_KINDS = ["remix", "cover", "extend", "replace-section"] as const;
export type SongVersionKind = (typeof SONG_VERSION_KINDS)[number];

/** The most children getSongVersions lists (newest first); `childCount` counts them all. */
export const SONG_VERSIONS_LIMIT = 50;

/**
 * How a song was made from its parent, from its score: a studio pass records its origin
 * (`origin.pass`: "extend" | "replace-section"; the latest pass when passes chain), a cover says
 * so (`cover`); any other song made from a parent is a remix. Meaningful only with a parent.
 */
const songVersionKind = sql<SongVersionKind>`case
    when ${songs.composition}->'origin'->>'pass' in ('extend', 'replace-section')
      then ${songs.composition}->'origin'->>'pass'
    when jsonb_typeof(${songs.composition}->'cover') = 'object' then 'cover'
    else 'remix' end`;

const versionColumns = {
  id: songs.id,
  title: songs.title,
  isPublic: songs.isPublic,
  status: songs.status,
  createdAt: songs.createdAt,
};

/**
 * The versions around song `id` that the viewer may see: its parent (null when it has none, it
 * was deleted, or it is someone else's private song), with `kind` saying how this song was made
 * from it; and its children, newest first, each with how it was made from this song. Someone
 * else's private version is neither listed nor counted; the viewer's own private ones are
 * (`isPublic: false`). Null when the song itself is not visible to the viewer.
 */
export async function getSongVersions(
  db: DbOrTx,
  { id, viewerId }: { id: string; viewerId: string | null | undefined },
) {
  if (!isUuid(id)) return null;
  const parent = alias(songs, "parent");
  const parentOwner = alias(user, "parent_owner");
  const parentVisible = viewerId
    ? or(sql`${parent.isPublic}`, eq(parent.ownerId, viewerId))
    : sql`${parent.isPublic}`;
  const [self] = await db
    .select({
      kind: songVersionKind,
      parent: {
        id: parent.id,
        title: parent.title,
        isPublic: parent.isPublic,
        status: parent.status,
        createdAt: parent.createdAt,
      },
      parentAuthor: { id: parentOwner.id, name: parentOwner.name, handle: parentOwner.handle },
    })
    .from(songs)
    .leftJoin(parent, and(eq(parent.id, songs.parentId), parentVisible))
    .leftJoin(parentOwner, eq(parentOwner.id, parent.ownerId))
    .where(and(eq(songs.id, id), songVisibleTo(viewerId)))
    .limit(1);
  if (!self) return null;
  const children = await db
    .select({
      ...versionColumns,
      kind: songVersionKind,
      author: authorColumns,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(songs)
    .innerJoin(user, eq(user.id, songs.ownerId))
    .where(and(eq(songs.parentId, id), songVisibleTo(viewerId)))
    .orderBy(desc(songs.createdAt), desc(songs.id))
    .limit(SONG_VERSIONS_LIMIT);
  return {
    parent:
      self.parent && self.parentAuthor
        ? { ...self.parent, kind: self.kind, author: self.parentAuthor }
        : null,
    children: children.map(({ total: _total, ...child }) => child),
    childCount: children[0]?.total ?? 0,
  };
}
export type SongVersions = NonNullable<Awaited<ReturnType<typeof getSongVersions>>>;
