import { setSongRenderProgress, type Database } from "@harmoniq/db";
import type { Logger } from "@harmoniq/music";
import type { RenderProgress } from "@harmoniq/music/render";

/**
 * Writes a song's render progress to its row as the render pool reports it, so every instance
 * (not only the one rendering) can show it. One write at a time: reports that arrive while a
 * write is in flight collapse into the latest. A failed write is only logged: progress is a
 * courtesy, the render goes on.
 */
export function createRenderProgressWriter(db: Database, songId: string, logger: Logger) {
  let latest: RenderProgress | null = null;
  let writing: Promise<void> | null = null;

  async function drain(): Promise<void> {
    while (latest) {
      const { fraction, section } = latest;
      latest = null;
      try {
        await setSongRenderProgress(db, songId, { fraction, section });
      } catch (error) {
        logger.warn(`Recording the progress of song ${songId} failed: ${(error as Error).message}`);
      }
    }
    writing = null;
  }

  return {
    report(progress: RenderProgress): void {
      latest = progress;
      writing ??= drain();
    },
    /** Resolves once every report so far is written (or given up on). */
    settled(): Promise<void> {
      return writing ?? Promise.resolve();
    },
  };
}
