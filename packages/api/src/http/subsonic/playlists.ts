import {
  addSongToPlaylist,
  createPlaylist,
  deletePlaylist,
  getPlaylist,
  LIBRARY_PAGE_MAX,
  LIMITS,
  listLibraryPlaylistTotals,
  listLibrarySongs,
  listPlaylistsByOwner,
  removeSongFromPlaylist,
  updatePlaylist,
  type DbOrTx,
  type LibrarySong,
  type PlaylistDetails,
  type UpdatePlaylist,
} from "@harmoniq/db";
import type { EndpointContext } from "./endpoints";
import { albumIdOf, songChild, songIdFrom } from "./mapping";
import { booleanParam, required, textParam } from "./params";
import { SubsonicCode, SubsonicError, type Payload } from "./response";

// Playlists for a player: HarmoniQ's own playlists through the same storage functions as the
// tRPC playlist router, so the same rules hold (only the owner changes a playlist, someone
// else's private playlist does not exist, a song you may not hear cannot be added, at most
// LIMITS.playlistSongsMax songs, no song twice). Every change runs in one transaction: a refused
// song or index leaves the playlist as it was.

const notFound = () => new SubsonicError(SubsonicCode.notFound, "Playlist not found");

/** Song ids from a repeatable parameter (album ids too), each once, in the order given. */
function songIdsParam(params: URLSearchParams, name: string): string[] {
  const ids = [...new Set(params.getAll(name).filter(Boolean).map(songIdFrom))];
  if (ids.length > LIMITS.playlistSongsMax) {
    throw new SubsonicError(
      SubsonicCode.generic,
      `A playlist holds at most ${LIMITS.playlistSongsMax} songs`,
    );
  }
  return ids;
}

async function addSongs(db: DbOrTx, playlistId: string, userId: string, songIds: string[]) {
  for (const songId of songIds) await addSongToPlaylist(db, { playlistId, songId, userId });
}

/** The fields every Subsonic `Playlist` carries. */
function playlistEntry(
  playlist: Pick<PlaylistDetails, "id" | "name" | "description" | "isPublic" | "owner">,
  dates: { createdAt: Date; updatedAt: Date },
  totals: { songCount: number; durationSec: number },
): Payload {
  return {
    id: playlist.id,
    name: playlist.name,
    comment: playlist.description ?? undefined,
    owner: playlist.owner.handle,
    public: playlist.isPublic,
    songCount: totals.songCount,
    duration: Math.round(totals.durationSec),
    created: dates.createdAt,
    changed: dates.updatedAt,
  };
}

/**
 * A playlist and its songs as a player sees them: those the viewer may hear and that are ready,
 * in the playlist's order (the entries `songIndexToRemove` counts).
 */
async function playerPlaylist(db: DbOrTx, id: string, viewerId: string) {
  const playlist = await getPlaylist(db, { id, viewerId });
  if (!playlist) throw notFound();
  const ids = playlist.songs.map((entry) => entry.song.id);
  const found = new Map<string, LibrarySong>();
  for (let i = 0; i < ids.length; i += LIBRARY_PAGE_MAX) {
    const page = ids.slice(i, i + LIBRARY_PAGE_MAX);
    for (const song of await listLibrarySongs(db, { viewerId, ids: page, limit: page.length })) {
      found.set(song.id, song);
    }
  }
  return { playlist, songs: ids.flatMap((songId) => found.get(songId) ?? []) };
}

/** A Subsonic `PlaylistWithSongs`. */
function playlistWithSongs({ playlist, songs }: Awaited<ReturnType<typeof playerPlaylist>>) {
  const durationSec = songs.reduce((sum, song) => sum + song.durationSec, 0);
  return {
    playlist: {
      ...playlistEntry(playlist, playlist, { songCount: songs.length, durationSec }),
      coverArt: songs[0] ? albumIdOf(songs[0].id) : undefined,
      entry: songs.map(songChild),
    },
  };
}

/**
 * Locks the user's playlist for this transaction (so indexes read next stay true until it
 * commits) and applies `patch`: error 70 when they may not read it, 50 when it is not theirs.
 */
const lockOwned = (tx: DbOrTx, id: string, userId: string, patch: UpdatePlaylist = {}) =>
  updatePlaylist(tx, { id, userId }, patch);

/** At most this many playlists in getPlaylists. */
const PLAYLISTS_MAX = 500;

export const PLAYLIST_ENDPOINTS = {
  /** Your own playlists, newest first (someone else's public playlist opens by its id). */
  async getPlaylists({ db, params, user }: EndpointContext) {
    const username = params.get("username");
    if (username && username !== user.handle) {
      throw new SubsonicError(SubsonicCode.notAuthorized, "You can only list your own playlists");
    }
    const playlists = [];
    let cursor: string | null = null;
    do {
      const page = await listPlaylistsByOwner(db, user.id, {
        viewerId: user.id,
        cursor,
        limit: LIMITS.pageSizeMax,
      });
      playlists.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && playlists.length < PLAYLISTS_MAX);
    const totals = await listLibraryPlaylistTotals(db, {
      viewerId: user.id,
      playlistIds: playlists.map((p) => p.id),
    });
    return {
      playlists: {
        playlist: playlists
          .slice(0, PLAYLISTS_MAX)
          .map((p) => playlistEntry(p, p, totals.get(p.id) ?? { songCount: 0, durationSec: 0 })),
      },
    };
  },

  async getPlaylist(ctx: EndpointContext) {
    return playlistWithSongs(await playerPlaylist(ctx.db, required(ctx.params, "id"), ctx.user.id));
  },

  /**
   * With `name`: a new (private) playlist of the `songId`s. With `playlistId`: that playlist's
   * songs replaced by the `songId`s. Answers the playlist, as Subsonic 1.14 and later do.
   */
  async createPlaylist(ctx: EndpointContext) {
    const { params, user } = ctx;
    const songIds = songIdsParam(params, "songId");
    const playlistId = params.get("playlistId");
    return ctx.db.transaction(async (tx) => {
      let id: string;
      if (playlistId) {
        const playlist = await lockOwned(tx, playlistId, user.id);
        // Every song the owner may see goes, ready or not: the list becomes the one given.
        for (const { song } of playlist.songs) {
          await removeSongFromPlaylist(tx, { playlistId, songId: song.id, userId: user.id });
        }
        id = playlistId;
      } else {
        const name = textParam(params, "name");
        if (!name) required(params, "name");
        id = (await createPlaylist(tx, user.id, { name: name! })).id;
      }
      await addSongs(tx, id, user.id, songIds);
      return playlistWithSongs(await playerPlaylist(tx, id, user.id));
    });
  },

  /**
   * Renames (`name`), describes (`comment`) or publishes (`public`) your playlist, removes the
   * songs at `songIndexToRemove` (positions in the playlist as you see it, before this change)
   * and appends `songIdToAdd`.
   */
  async updatePlaylist({ db, params, user }: EndpointContext) {
    const id = required(params, "playlistId");
    const name = textParam(params, "name");
    const description = textParam(params, "comment");
    const isPublic = booleanParam(params, "public");
    const toAdd = songIdsParam(params, "songIdToAdd");
    const toRemove = params.getAll("songIndexToRemove").map((raw) => {
      const index = Number(raw);
      if (raw === "" || !Number.isInteger(index) || index < 0) {
        throw new SubsonicError(
          SubsonicCode.generic,
          "songIndexToRemove must be a whole number ≥ 0",
        );
      }
      return index;
    });
    await db.transaction(async (tx) => {
      await lockOwned(tx, id, user.id, {
        ...(name !== undefined ? { name } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(isPublic !== undefined ? { isPublic } : {}),
      });
      const { songs } = await playerPlaylist(tx, id, user.id);
      const removed = new Set<string>();
      for (const index of toRemove) {
        const song = songs[index];
        if (!song) {
          throw new SubsonicError(
            SubsonicCode.generic,
            `songIndexToRemove ${index} is not in the playlist (it has ${songs.length} songs)`,
          );
        }
        removed.add(song.id);
      }
      for (const songId of removed) {
        await removeSongFromPlaylist(tx, { playlistId: id, songId, userId: user.id });
      }
      await addSongs(tx, id, user.id, toAdd);
    });
    return {};
  },

  async deletePlaylist({ db, params, user }: EndpointContext) {
    await deletePlaylist(db, { id: required(params, "id"), userId: user.id });
    return {};
  },
} satisfies Record<string, (ctx: EndpointContext) => Promise<Payload>>;
