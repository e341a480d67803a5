import { Library } from "@/components/library/library";
import { getQueryClient, HydrateClient, requireSession, trpc } from "@/trpc/server";

export const metadata = { title: "Library" };

export default async function LibraryPage() {
  await requireSession("/library");
  const qc = getQueryClient();
  await Promise.all([
    qc.prefetchInfiniteQuery(
      trpc.song.mine.infiniteQueryOptions(
        { limit: 24 },
        { getNextPageParam: (last) => last.nextCursor },
      ),
    ),
    qc.prefetchQuery(trpc.playlist.mine.queryOptions({ limit: 50 })),
  ]);
  return (
    <HydrateClient>
      <Library />
    </HydrateClient>
  );
}
