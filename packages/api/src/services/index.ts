import type { Auth } from "@harmoniq/auth";
import type { ChatAssistant } from "./chat-assistant";
import type { RateLimits } from "./rate-limits";
import type { CoverService } from "./songs/cover-service";
import type { SongService } from "./songs/song-service";

/** What the procedures need beyond the request: built once per process, shared by requests. */
export interface ApiServices {
  auth: Auth;
  limits: RateLimits;
  songs: SongService;
  /** Generated cover art, cached in memory. */
  covers: CoverService;
  assistant: ChatAssistant;
  /** How often a live unread-count subscription re-reads on its own (default 15 s). */
  notificationPollMs?: number;
}
