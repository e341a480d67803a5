import { Discover } from "@/components/discover";
import { feedInputFrom } from "@/lib/feed";
import { getQueryClient, getSession, HydrateClient, trpc } from "@/trpc/server";

export default async function Home({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const signedIn = (await getSession()) !== null;
  const input = feedInputFrom(
    (name) => {
      const v = params[name];
      return Array.isArray(v) ? v[0] : v;
    },
    { signedIn },
  );
  await getQueryClient().prefetchInfiniteQuery(
    trpc.song.feed.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor }),
  );
  return (
    <HydrateClient>
      <Discover signedIn={signedIn} />
    </HydrateClient>
  );
}
