import type { SessionUser } from "@harmoniq/auth";
import {
  getLibraryArtist,
  getLibrarySong,
  likeSong,
  isLibrarySearch,
  listLibraryArtists,
  listLibraryGenres,
  listLibrarySongs,
  listSimilarLibrarySongs,
  recordPlay,
  unlikeSong,
  type Database,
  type LibraryOrder,
} from "@harmoniq/db";
import { isGenre, type Genre } from "@harmoniq/vocabulary";
import type { ApiServices } from "../../services";
import {
  artistEntry,
  artistIdOf,
  indexLetter,
  MUSIC_FOLDER_ID,
  songAlbum,
  songChild,
  songIdFrom,
  songInDirectory,
  userIdFrom,
} from "./mapping";
import { songLyricsList } from "./lyrics";
import { audioResponse, coverResponse, streamFormatFor } from "./media";
import { intParam, required } from "./params";
import { PLAYLIST_ENDPOINTS } from "./playlists";
import { SubsonicCode, SubsonicError, type Payload } from "./response";

export interface EndpointContext {
  req: Request;
  params: URLSearchParams;
  /** The signed-in listener (absent only for endpoints without auth). */
  user: SessionUser;
  db: Database;
  services: Pick<ApiServices, "songs" | "covers">;
}

export interface Endpoint {
  /** Answers without credentials. */
  public?: boolean;
  /** Changes what others may see (likes, plays, playlists): shared anonymous answers go. */
  writes?: boolean;
  run(ctx: EndpointContext): Promise<Payload | Response>;
}

const notFound = (what: string) => new SubsonicError(SubsonicCode.notFound, `${what} not found`);

async function songOrNotFound(ctx: EndpointContext, id: string) {
  const song = await getLibrarySong(ctx.db, { id: songIdFrom(id), viewerId: ctx.user.id });
  if (!song) throw notFound(id.startsWith("al-") ? "Album" : "Song");
  return song;
}

/** The song ids of `id` and `albumId` parameters (repeatable), as star, unstar and scrobble take them. */
function songIds(params: URLSearchParams): string[] {
  const ids = [...params.getAll("id"), ...params.getAll("albumId")].map(songIdFrom);
  if (ids.length > 100) throw new SubsonicError(SubsonicCode.generic, "At most 100 ids at once");
  return ids;
}

const ALBUM_LIST_ORDERS: Record<string, LibraryOrder> = {
  newest: "newest",
  random: "random",
  starred: "starred",
  byGenre: "newest",
  alphabeticalByName: "alphabetical",
  alphabeticalByArtist: "artist",
  highest: "mostLiked",
  byYear: "oldest",
  frequent: "frequent",
  recent: "recent",
};

/** A year parameter (required): a song's year is the year it was made. */
function yearParam(params: URLSearchParams, name: string): number {
  const raw = required(params, name);
  const year = Number(raw);
  if (!Number.isInteger(year) || year < 1 || year > 9998) {
    throw new SubsonicError(SubsonicCode.generic, `${name} must be a year from 1 to 9998`);
  }
  return year;
}

const PAGE_MAX = 500;

/** The creators the viewer may hear, grouped by index letter (`#` last). */
async function artistIndex(db: Database, viewerId: string) {
  const artists = await listLibraryArtists(db, { viewerId, limit: PAGE_MAX });
  const index = new Map<string, Payload[]>();
  for (const artist of artists) {
    const letter = indexLetter(artist.name);
    index.set(letter, [...(index.get(letter) ?? []), artistEntry(artist)]);
  }
  return [...index.entries()]
    .sort(([a], [b]) => (a === "#" ? 1 : b === "#" ? -1 : a.localeCompare(b)))
    .map(([name, artist]) => ({ name, artist }));
}

async function artistOrNotFound(ctx: EndpointContext, id: string) {
  const userId = userIdFrom(id);
  const artist = userId
    ? await getLibraryArtist(ctx.db, { id: userId, viewerId: ctx.user.id })
    : null;
  if (!artist) throw notFound("Artist");
  return artist;
}

/** A genre filter: undefined for none, null for a genre HarmoniQ does not have (no songs). */
function genreParam(params: URLSearchParams, name: string): Genre | undefined | null {
  const genre = params.get(name);
  if (genre === null || genre === "") return undefined;
  return isGenre(genre) ? genre : null;
}

export const ENDPOINTS: Record<string, Endpoint> = {
  ping: { run: async () => ({}) },

  getLicense: { run: async () => ({ license: { valid: true } }) },

  getOpenSubsonicExtensions: {
    public: true,
    run: async () => ({
      openSubsonicExtensions: [
        { name: "apiKeyAuthentication", versions: [1] },
        { name: "formPost", versions: [1] },
        { name: "songLyrics", versions: [1] },
      ],
    }),
  },

  getUser: {
    async run({ params, user }) {
      const username = required(params, "username");
      if (username !== user.handle) {
        throw new SubsonicError(SubsonicCode.notAuthorized, "You can only read your own user");
      }
      return {
        user: {
          username: user.handle,
          email: user.email,
          scrobblingEnabled: true,
          adminRole: false,
          settingsRole: false,
          downloadRole: true,
          uploadRole: false,
          playlistRole: true,
          coverArtRole: false,
          commentRole: false,
          podcastRole: false,
          streamRole: true,
          jukeboxRole: false,
          shareRole: false,
          videoConversionRole: false,
          folder: [MUSIC_FOLDER_ID],
        },
      };
    },
  },

  getMusicFolders: {
    run: async () => ({
      musicFolders: { musicFolder: [{ id: MUSIC_FOLDER_ID, name: "HarmoniQ" }] },
    }),
  },

  getArtists: {
    async run({ db, user }) {
      return { artists: { ignoredArticles: "", index: await artistIndex(db, user.id) } };
    },
  },

  /** Folder-style browsing: the creators, as getArtists lists them (same ids). */
  getIndexes: {
    async run({ db, user }) {
      return {
        indexes: {
          lastModified: Date.now(),
          ignoredArticles: "",
          index: (await artistIndex(db, user.id)).map(({ name, artist }) => ({
            name,
            artist: artist.map(({ id, name }) => ({ id, name })),
          })),
        },
      };
    },
  },

  /**
   * A creator (`ar-<user id>`) is a directory of their songs; a single-track album
   * (`al-<song id>`, a song's parent) is a directory of that one song.
   */
  getMusicDirectory: {
    async run(ctx) {
      const id = required(ctx.params, "id");
      if (id.startsWith("al-")) {
        const song = await songOrNotFound(ctx, id);
        return {
          directory: {
            id,
            parent: artistIdOf(song.artistId),
            name: song.title,
            starred: song.starredAt ?? undefined,
            playCount: song.playCount,
            child: [songChild(song)],
          },
        };
      }
      const artist = await artistOrNotFound(ctx, id);
      const songs = await listLibrarySongs(ctx.db, {
        viewerId: ctx.user.id,
        artistId: artist.id,
        order: "alphabetical",
        limit: PAGE_MAX,
      });
      return {
        directory: {
          id: artistIdOf(artist.id),
          parent: MUSIC_FOLDER_ID,
          name: artist.name,
          child: songs.map(songInDirectory),
        },
      };
    },
  },

  getArtist: {
    async run(ctx) {
      const { db, user } = ctx;
      const artist = await artistOrNotFound(ctx, required(ctx.params, "id"));
      const songs = await listLibrarySongs(db, {
        viewerId: user.id,
        artistId: artist.id,
        limit: PAGE_MAX,
      });
      return { artist: { ...artistEntry(artist), album: songs.map(songAlbum) } };
    },
  },

  getAlbum: {
    async run(ctx) {
      const song = await songOrNotFound(ctx, required(ctx.params, "id"));
      return { album: { ...songAlbum(song), song: [songChild(song)] } };
    },
  },

  /** OpenSubsonic songLyrics: the score's lyric lines, timed (see lyrics.ts). */
  getLyricsBySongId: {
    async run(ctx) {
      const song = await songOrNotFound(ctx, required(ctx.params, "id"));
      return { lyricsList: await songLyricsList(ctx.db, song) };
    },
  },

  getSong: {
    async run(ctx) {
      return { song: songChild(await songOrNotFound(ctx, required(ctx.params, "id"))) };
    },
  },

  getAlbumList2: {
    async run({ db, params, user }) {
      const type = required(params, "type");
      const order = ALBUM_LIST_ORDERS[type];
      if (!order) {
        throw new SubsonicError(
          SubsonicCode.generic,
          `List type "${type.slice(0, 40)}" is not supported; use one of ${Object.keys(ALBUM_LIST_ORDERS).join(", ")}`,
        );
      }
      let genre: string | undefined;
      if (type === "byGenre") {
        genre = required(params, "genre");
        if (!isGenre(genre)) return { albumList2: { album: [] } };
      }
      // byYear: oldest first, or newest first when fromYear is after toYear (Subsonic's rule).
      const years =
        type === "byYear"
          ? { from: yearParam(params, "fromYear"), to: yearParam(params, "toYear") }
          : undefined;
      const songs = await listLibrarySongs(db, {
        viewerId: user.id,
        order: years && years.from > years.to ? "newest" : order,
        ...(years ? { years } : {}),
        ...(genre && isGenre(genre) ? { genre } : {}),
        limit: intParam(params, "size", 10, PAGE_MAX),
        offset: intParam(params, "offset", 0, Number.MAX_SAFE_INTEGER),
      });
      return { albumList2: { album: songs.map(songAlbum) } };
    },
  },

  /** `fromYear`, `toYear` and `musicFolderId` are ignored: songs have no release year. */
  getRandomSongs: {
    async run({ db, params, user }) {
      const genre = genreParam(params, "genre");
      if (genre === null) return { randomSongs: { song: [] } };
      const songs = await listLibrarySongs(db, {
        viewerId: user.id,
        order: "random",
        ...(genre ? { genre } : {}),
        limit: intParam(params, "size", 10, PAGE_MAX),
      });
      return { randomSongs: { song: songs.map(songChild) } };
    },
  },

  getSongsByGenre: {
    async run({ db, params, user }) {
      required(params, "genre");
      const genre = genreParam(params, "genre");
      if (!genre) return { songsByGenre: { song: [] } };
      const songs = await listLibrarySongs(db, {
        viewerId: user.id,
        order: "newest",
        genre,
        limit: intParam(params, "count", 10, PAGE_MAX),
        offset: intParam(params, "offset", 0, Number.MAX_SAFE_INTEGER),
      });
      return { songsByGenre: { song: songs.map(songChild) } };
    },
  },

  /** HarmoniQ keeps no biographies or outside links: an empty answer for a creator you may hear. */
  getArtistInfo2: {
    async run(ctx) {
      await artistOrNotFound(ctx, required(ctx.params, "id"));
      return { artistInfo2: {} };
    },
  },

  /** The most played songs of the creators with exactly this name. */
  getTopSongs: {
    async run({ db, params, user }) {
      const name = required(params, "artist");
      const count = intParam(params, "count", 50, PAGE_MAX);
      const artists = (
        await listLibraryArtists(db, { viewerId: user.id, query: name, limit: PAGE_MAX })
      ).filter((a) => a.name === name);
      const songs = (
        await Promise.all(
          artists.map((a) =>
            listLibrarySongs(db, {
              viewerId: user.id,
              artistId: a.id,
              order: "frequent",
              limit: count,
            }),
          ),
        )
      )
        .flat()
        .sort((a, b) => b.playCount - a.playCount)
        .slice(0, count);
      return { topSongs: { song: songs.map(songChild) } };
    },
  },

  /** Other creators' public songs in the genres or moods of this creator's songs. */
  getSimilarSongs2: {
    async run(ctx) {
      const artist = await artistOrNotFound(ctx, required(ctx.params, "id"));
      const songs = await listSimilarLibrarySongs(ctx.db, {
        viewerId: ctx.user.id,
        artistId: artist.id,
        limit: intParam(ctx.params, "count", 50, PAGE_MAX),
      });
      return { similarSongs2: { song: songs.map(songChild) } };
    },
  },

  getGenres: {
    async run({ db, user }) {
      const genres = await listLibraryGenres(db, user.id);
      return {
        genres: {
          genre: genres.map((g) => ({
            value: g.genre,
            songCount: g.songCount,
            albumCount: g.songCount,
          })),
        },
      };
    },
  },

  search3: {
    async run({ db, params, user }) {
      const query = params.get("query") ?? "";
      const page = (what: string, fallback: number) => ({
        limit: intParam(params, `${what}Count`, fallback, PAGE_MAX),
        offset: intParam(params, `${what}Offset`, 0, Number.MAX_SAFE_INTEGER),
      });
      // Everything by title (a stable order for clients that sync the whole library through
      // search3); matches newest first: Subsonic leaves a search's order to the server, and
      // by title a common word's matches would all have to be read and sorted at every search.
      const order = isLibrarySearch(query) ? "newest" : "alphabetical";
      const albumPage = page("album", 20);
      const songPage = page("song", 20);
      // Every song is its own album: the same page of albums and of songs is one query (the
      // usual search, where a player asks for the first 20 of each).
      const samePage = albumPage.limit === songPage.limit && albumPage.offset === songPage.offset;
      const [artists, albums, songs] = await Promise.all([
        listLibraryArtists(db, { viewerId: user.id, query, ...page("artist", 20) }),
        listLibrarySongs(db, { viewerId: user.id, query, order, ...albumPage }),
        samePage ? null : listLibrarySongs(db, { viewerId: user.id, query, order, ...songPage }),
      ]);
      return {
        searchResult3: {
          artist: artists.map(artistEntry),
          album: albums.map(songAlbum),
          song: (songs ?? albums).map(songChild),
        },
      };
    },
  },

  star: {
    writes: true,
    async run({ db, params, user }) {
      if (params.has("artistId")) {
        throw new SubsonicError(
          SubsonicCode.generic,
          "Starring artists is not supported; follow them in HarmoniQ",
        );
      }
      for (const songId of songIds(params)) await likeSong(db, { songId, userId: user.id });
      return {};
    },
  },

  unstar: {
    writes: true,
    async run({ db, params, user }) {
      if (params.has("artistId")) {
        throw new SubsonicError(SubsonicCode.generic, "Starring artists is not supported");
      }
      for (const songId of songIds(params)) await unlikeSong(db, { songId, userId: user.id });
      return {};
    },
  },

  getStarred2: {
    async run({ db, user }) {
      const songs = await listLibrarySongs(db, {
        viewerId: user.id,
        order: "starred",
        limit: PAGE_MAX,
      });
      return { starred2: { album: songs.map(songAlbum), song: songs.map(songChild) } };
    },
  },

  scrobble: {
    writes: true,
    /**
     * A finished listen counts one play, with song.play's de-duplication (the listener is the
     * user). `submission=false` ("now playing") counts nothing. The client's `time` is not
     * trusted: a play is counted when it is reported.
     */
    async run(ctx) {
      const ids = songIds(ctx.params);
      if (ids.length === 0) required(ctx.params, "id");
      const submission = ctx.params.get("submission") !== "false";
      for (const songId of ids) {
        if (!submission) {
          await songOrNotFound(ctx, songId);
          continue;
        }
        await recordPlay(ctx.db, { songId, listenerId: ctx.user.id, listenerKey: ctx.user.id });
      }
      return {};
    },
  },

  stream: {
    run: ({ db, params, req, services, user }) =>
      audioResponse(services, db, req, {
        songId: songIdFrom(required(params, "id")),
        viewerId: user.id,
        download: false,
        format: streamFormatFor(params),
      }),
  },

  download: {
    run: ({ db, params, req, services, user }) =>
      audioResponse(services, db, req, {
        songId: songIdFrom(required(params, "id")),
        viewerId: user.id,
        download: true,
      }),
  },

  getPlaylists: { run: PLAYLIST_ENDPOINTS.getPlaylists },
  getPlaylist: { run: PLAYLIST_ENDPOINTS.getPlaylist },
  createPlaylist: { writes: true, run: PLAYLIST_ENDPOINTS.createPlaylist },
  updatePlaylist: { writes: true, run: PLAYLIST_ENDPOINTS.updatePlaylist },
  deletePlaylist: { writes: true, run: PLAYLIST_ENDPOINTS.deletePlaylist },

  getCoverArt: {
    run: ({ db, params, services, user }) => {
      const size = params.get("size");
      return coverResponse(services, db, {
        songId: songIdFrom(required(params, "id")),
        viewerId: user.id,
        size: size === null || size === "" ? null : intParam(params, "size", 0, 4096),
      });
    },
  },
};
