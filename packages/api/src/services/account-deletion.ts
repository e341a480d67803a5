import {
  badRequest,
  deleteUser,
  getUserById,
  listOwnCompositions,
  notFound,
  type Database,
  type PagePosition,
} from "@harmoniq/db";
import { audioKeyOf, type AudioCleanup } from "./songs/audio-cleanup";
import type { SongService } from "./songs/song-service";

export interface DeletedAccount {
  handle: string;
  songs: number;
  audio: AudioCleanup;
}

/**
 * Deletes an account once its holder has typed their handle: the user row and, through the
 * database's cascades, their songs, likes, comments, playlists, conversations, API keys and
 * sessions (so every cookie and key of theirs stops working at once), with other songs'
 * counters kept exact. Then the audio files only their songs used are removed.
 */
export async function deleteAccount(
  db: Database,
  songs: Pick<SongService, "forgetAudio">,
  { userId, confirmHandle }: { userId: string; confirmHandle: string },
): Promise<DeletedAccount> {
  const me = await getUserById(db, userId);
  if (!me) throw notFound("Account");
  if (confirmHandle.trim().toLowerCase() !== me.handle) {
    throw badRequest(
      `To delete your account, type your handle exactly: ${me.handle}. Nothing was deleted.`,
    );
  }
  // The audio keys are read before the rows go; only keys and seeds are kept, not the scores.
  const owned: {
    id: string;
    seed: number;
    audioKey: string;
    pictureKey: string | null;
    coverKey: string | null;
  }[] = [];
  let songCount = 0;
  let after: PagePosition | null = null;
  for (;;) {
    const page = await listOwnCompositions(db, userId, { after, limit: 200 });
    songCount += page.length;
    for (const song of page)
      if (song.composition)
        owned.push({
          id: song.id,
          seed: song.seed,
          audioKey: audioKeyOf(song.composition),
          pictureKey: song.pictureKey,
          coverKey: song.coverKey,
        });
    if (page.length < 200) break;
    after = page[page.length - 1]!;
  }
  await deleteUser(db, userId);
  const audio = await songs.forgetAudio(db, owned);
  return { handle: me.handle, songs: songCount, audio };
}
