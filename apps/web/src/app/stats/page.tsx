import { Stats } from "@/components/stats";
import { getQueryClient, HydrateClient, requireSession, trpc } from "@/trpc/server";

export const metadata = { title: "Stats" };

export default async function StatsPage() {
  await requireSession("/stats");
  await getQueryClient().prefetchQuery(trpc.stats.mine.queryOptions({ days: 30 }));
  return (
    <HydrateClient>
      <Stats />
    </HydrateClient>
  );
}
