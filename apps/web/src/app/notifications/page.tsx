import { Notifications } from "@/components/notifications/notifications";
import { getQueryClient, HydrateClient, requireSession, trpc } from "@/trpc/server";

export const metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  await requireSession("/notifications");
  await getQueryClient().prefetchInfiniteQuery(
    trpc.notification.list.infiniteQueryOptions(
      { limit: 30 },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  );
  return (
    <HydrateClient>
      <Notifications />
    </HydrateClient>
  );
}
