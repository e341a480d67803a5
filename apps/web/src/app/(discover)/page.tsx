import { Discover } from "@/components/discover";
import { feedInputFrom } from "@/lib/feed";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export default async function Home({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const input = feedInputFrom((name) => {
    const v = params[name];
    return Array.isArray(v) ? v[0] : v;
  });
  await getQueryClient().prefetchInfiniteQuery(
    trpc.song.feed.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor }),
  );
  return (
    <HydrateClient>
      <Discover />
    </HydrateClient>
  );
}
