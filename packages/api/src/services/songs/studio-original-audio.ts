import { getSongScoreInputs, type Database } from "@harmoniq/db";
import { isEngine2, originalOf, type Composition, type Logger } from "@harmoniq/music";
import { audioKey, originalAudioMismatch, type AudioStore } from "@harmoniq/music/render";
import { readComposition } from "../composition-codec";

/**
 * The stored WAV of the song a studio pass (extend, replace a section) was made from, so the
 * render worker splices the original's own samples in and renders only the new stretch. Undefined
 * for any other score, and when the original's file is missing or cannot be that song's audio (the
 * wrong format or length: corrupt, truncated, another engine's), so that the worker renders the
 * original again, which gives the same bytes, only slower — said in a log line.
 *
 * The pass's score rebuilds its original (`originalOf`) except for the title, which the pass
 * renames and which is part of the audio key: the key is the parent song's, once its score is
 * checked to be that original.
 */
export async function studioOriginalAudio(
  deps: { db: Database; store: Pick<AudioStore, "get">; logger: Logger },
  songId: string,
  composition: Composition,
): Promise<Uint8Array | undefined> {
  if (!isEngine2(composition) || !composition.origin) return undefined;
  const original = originalOf(composition);
  if (!original) return undefined;
  const keys = [audioKey(original)];
  const parentId = (await getSongScoreInputs(deps.db, songId))?.parentId;
  const parent = parentId ? await getSongScoreInputs(deps.db, parentId) : null;
  const parentScore = parent?.composition ? readComposition(parent.composition) : null;
  if (parentScore && audioKey({ ...original, title: parentScore.title }) === audioKey(parentScore))
    keys.unshift(audioKey(parentScore));
  const unusable: string[] = [];
  for (const key of keys) {
    const wav = await deps.store.get(key);
    if (!wav) continue;
    const mismatch = originalAudioMismatch(composition, wav);
    if (!mismatch) return wav;
    // Splicing it would fail the render on every attempt; the original can always be rendered.
    unusable.push(`${key}: ${mismatch}`);
  }
  const why = unusable.length
    ? `the original's stored audio cannot be spliced (${unusable.join("; ")})`
    : `the original's audio is not stored (${keys.join(", ")})`;
  deps.logger.warn(
    `Song ${songId}: ${why}; ` +
      `rendering the original again to splice the ${composition.origin.pass} pass into it.`,
  );
  return undefined;
}
