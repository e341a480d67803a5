import {
  countUnreadNotifications,
  listNotifications,
  markNotificationsRead,
  MARK_READ_MAX,
} from "@harmoniq/db";
import { z } from "zod";
import { nextNotificationSignal, notifyWatchers } from "../../services/notification-signals";
import { createTRPCRouter, protectedProcedure } from "../init";
import { pageInput } from "./inputs";
import { unreadCountOutput } from "../../rest/schemas";

/** How often a live unread count re-reads when nothing in this process woke it. */
export const UNREAD_POLL_MS = 15_000;

const markReadInput = z
  .object({
    /** The notifications to mark read; all of them when omitted. */
    ids: z
      .array(z.uuid("Not a valid id"))
      .max(MARK_READ_MAX, `Mark at most ${MARK_READ_MAX} at once`)
      .optional(),
  })
  .strict();

export const notificationRouter = createTRPCRouter({
  /** My notifications, newest first; likes and reposts of a song (and follows) grouped. */
  list: protectedProcedure
    .input(pageInput.optional())
    .query(({ ctx, input }) =>
      listNotifications(ctx.db, { userId: ctx.userId, cursor: input?.cursor, limit: input?.limit }),
    ),

  unreadCount: protectedProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/me/notifications/unread-count",
        tags: ["notifications"],
        summary: "Count your unread notifications",
      },
    })
    .output(unreadCountOutput)
    .query(async ({ ctx }) => ({
      unreadCount: await countUnreadNotifications(ctx.db, ctx.userId),
    })),

  /** Marks the given notifications read (all when `ids` is omitted); returns the unread count. */
  markRead: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/me/notifications/read",
        tags: ["notifications"],
        summary: "Mark notifications read (all when no ids are given)",
      },
    })
    .input(markReadInput.optional())
    .output(unreadCountOutput)
    .mutation(async ({ ctx, input }) => {
      const result = await markNotificationsRead(ctx.db, { userId: ctx.userId, ids: input?.ids });
      notifyWatchers();
      return result;
    }),

  /**
   * The unread count, live (server-sent events): sent at once, then whenever it changes until
   * the client goes away, and re-sent after each quiet poll interval (a resync that also
   * carries changes made through another instance).
   */
  onUnreadCount: protectedProcedure.subscription(async function* ({ ctx, signal }) {
    const pollMs = ctx.services.notificationPollMs ?? UNREAD_POLL_MS;
    let last: number | null = null;
    let why: "start" | "woken" | "timeout" | "aborted" = "start";
    while (why !== "aborted" && !signal?.aborted) {
      const unreadCount = await countUnreadNotifications(ctx.db, ctx.userId);
      if (unreadCount !== last || why === "timeout") {
        last = unreadCount;
        yield { unreadCount };
      }
      why = await nextNotificationSignal(pollMs, signal);
    }
  }),
});
