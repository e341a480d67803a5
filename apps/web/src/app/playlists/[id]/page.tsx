import { PlaylistView } from "@/components/library/playlist-view";
import { getQueryClient, getSession, HydrateClient, orNotFound, trpc } from "@/trpc/server";

export const metadata = { title: "Playlist" };

export default async function PlaylistPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // The first page of songs; the view reads the next ones as the listener asks for them.
  const pages = await orNotFound(
    getQueryClient().fetchInfiniteQuery(
      trpc.playlist.byId.infiniteQueryOptions(
        { id },
        { getNextPageParam: (last) => last.nextCursor },
      ),
    ),
  );
  const session = await getSession();
  return (
    <HydrateClient>
      <PlaylistView id={pages.pages[0]!.id} viewerId={session?.user.id ?? null} />
    </HydrateClient>
  );
}
