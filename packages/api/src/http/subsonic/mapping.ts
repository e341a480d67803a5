import type { LibraryArtist, LibrarySong } from "@harmoniq/db";
import { SAMPLE_RATE } from "@harmoniq/music/render";
import type { Payload } from "./response";

// HarmoniQ in Subsonic's terms (docs/SUBSONIC.md): creators are artists, every song is its own
// single-track album, genres are HarmoniQ's genres, and there is one music folder.

export const MUSIC_FOLDER_ID = 1;
const ALBUM_PREFIX = "al-";
const ARTIST_PREFIX = "ar-";

export const albumIdOf = (songId: string) => `${ALBUM_PREFIX}${songId}`;
export const artistIdOf = (userId: string) => `${ARTIST_PREFIX}${userId}`;

/** The song id behind a song id or an album id (`al-<song id>`). */
export const songIdFrom = (id: string) =>
  id.startsWith(ALBUM_PREFIX) ? id.slice(ALBUM_PREFIX.length) : id;
/** The user id behind an artist id, or null when it is not one. */
export const userIdFrom = (id: string) =>
  id.startsWith(ARTIST_PREFIX) ? id.slice(ARTIST_PREFIX.length) : null;

/** The stored file is 16-bit stereo PCM WAV: its bit rate in kb/s, as Subsonic counts it. */
const WAV_KBPS = Math.round((SAMPLE_RATE * 2 * 16) / 1000);

/**
 * A song as a Subsonic `Child`. `contentType`/`suffix`/`bitRate` describe the stored WAV (what
 * `download` and a plain `stream` serve); `transcoded*` the MP3 `stream` serves when a player
 * asks for `format=mp3` or a `maxBitRate` (media.ts), which players read to name and cache the
 * stream. No `size`: the WAV's length is only known by reading its file.
 */
export function songChild(song: LibrarySong): Payload {
  return {
    id: song.id,
    parent: albumIdOf(song.id),
    isDir: false,
    title: song.title,
    album: song.title,
    artist: song.artistName,
    track: 1,
    discNumber: 1,
    year: song.createdAt.getUTCFullYear(),
    genre: song.genre,
    coverArt: albumIdOf(song.id),
    duration: Math.round(song.durationSec),
    contentType: "audio/wav",
    suffix: "wav",
    bitRate: WAV_KBPS,
    transcodedContentType: "audio/mpeg",
    transcodedSuffix: "mp3",
    path: `${song.artistName}/${song.title}.wav`,
    playCount: song.playCount,
    created: song.createdAt,
    starred: song.starredAt ?? undefined,
    albumId: albumIdOf(song.id),
    artistId: artistIdOf(song.artistId),
    type: "music",
    mediaType: "song",
    isVideo: false,
  };
}

/** A song in its creator's directory (getMusicDirectory). */
export function songInDirectory(song: LibrarySong): Payload {
  return { ...songChild(song), parent: artistIdOf(song.artistId) };
}

/** A song as its own single-track album (`AlbumID3`). */
export function songAlbum(song: LibrarySong): Payload {
  return {
    id: albumIdOf(song.id),
    name: song.title,
    artist: song.artistName,
    artistId: artistIdOf(song.artistId),
    coverArt: albumIdOf(song.id),
    songCount: 1,
    duration: Math.round(song.durationSec),
    playCount: song.playCount,
    created: song.createdAt,
    starred: song.starredAt ?? undefined,
    year: song.createdAt.getUTCFullYear(),
    genre: song.genre,
  };
}

/** A creator as an `ArtistID3`: one album per song the viewer may hear. */
export function artistEntry(artist: LibraryArtist): Payload {
  return { id: artistIdOf(artist.id), name: artist.name, albumCount: artist.songCount };
}

/** The index letter of a name (`#` for anything but a letter). */
export function indexLetter(name: string): string {
  const first = name.trim().normalize("NFKD").charAt(0).toUpperCase();
  return /[A-Z]/.test(first) ? first : "#";
}
