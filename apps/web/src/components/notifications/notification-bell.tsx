"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { useTRPC } from "@/trpc/client";

/** Polling only when the live count (server-sent events) is down. */
const FALLBACK_POLL_MS = 60_000;

/** The bell in the header: the unread count, live, linking to the notifications page. */
export function NotificationBell() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const countKey = trpc.notification.unreadCount.queryKey();
  const live = useSubscription(
    trpc.notification.onUnreadCount.subscriptionOptions(undefined, {
      onData: (data) => {
        queryClient.setQueryData(countKey, data);
        // Something new happened: the list is stale.
        void queryClient.invalidateQueries({ queryKey: trpc.notification.list.pathKey() });
      },
    }),
  );
  const count = useQuery(
    trpc.notification.unreadCount.queryOptions(undefined, {
      refetchInterval: live.status === "error" ? FALLBACK_POLL_MS : false,
    }),
  );
  const unread = count.data?.unreadCount ?? 0;
  const label = unread === 0 ? "Notifications" : `Notifications, ${unread} unread`;
  return (
    <Link
      href="/notifications"
      className="bell"
      aria-label={label}
      title={label}
      data-testid="notification-bell"
    >
      <span aria-hidden="true">🔔</span>
      {unread > 0 && (
        <span className="badge" aria-hidden="true" data-testid="unread-badge">
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Link>
  );
}
