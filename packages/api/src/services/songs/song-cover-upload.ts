import {
  assertSongOwner,
  getSong,
  putSongPicture,
  setSongCover,
  type Database,
  type SongDetails,
} from "@harmoniq/db";
import { coverPictureFrom } from "@harmoniq/music/cover";
import { analyzeImage } from "@harmoniq/music/image";
import { removeUnusedPictures } from "./audio-cleanup";

/**
 * Makes `image` (an upload, checked like song.create's picture) the cover of the owner's song,
 * in place of the drawn or image-mode cover. The old upload goes unless another song shows it.
 * Bad bytes fail with the image check's clear error before anything is stored or changed.
 */
export async function uploadSongCover(
  db: Database,
  { id, userId, image }: { id: string; userId: string; image: Uint8Array },
): Promise<SongDetails> {
  // Ownership first: a stranger's upload is refused before it costs any image work.
  await assertSongOwner(db, { id, userId });
  await analyzeImage(image);
  const picture = await coverPictureFrom(image);
  // Stored before the row names it: a row never names a picture that is not stored.
  await putSongPicture(db, picture.key, picture.bytes);
  let previousKey: string | null;
  try {
    ({ previousKey } = await setSongCover(db, { id, userId, coverKey: picture.key }));
  } catch (error) {
    // The song went meanwhile: do not keep a picture no song names.
    await removeUnusedPictures(db, [picture.key]);
    throw error;
  }
  if (previousKey !== picture.key) await removeUnusedPictures(db, [previousKey]);
  return (await getSong(db, { id, viewerId: userId }))!;
}

/** Back to the drawn or image-mode cover; the uploaded one goes unless another song shows it. */
export async function removeSongCover(
  db: Database,
  { id, userId }: { id: string; userId: string },
): Promise<SongDetails> {
  const { previousKey } = await setSongCover(db, { id, userId, coverKey: null });
  await removeUnusedPictures(db, [previousKey]);
  return (await getSong(db, { id, viewerId: userId }))!;
}
