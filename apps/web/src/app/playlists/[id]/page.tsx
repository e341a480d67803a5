import { PlaylistView } from "@/components/library/playlist-view";
import { getQueryClient, getSession, HydrateClient, orNotFound, trpc } from "@/trpc/server";

export const metadata = { title: "Playlist" };

export default async function PlaylistPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const playlist = await orNotFound(
    getQueryClient().fetchQuery(trpc.playlist.byId.queryOptions({ id })),
  );
  const session = await getSession();
  return (
    <HydrateClient>
      <PlaylistView id={playlist.id} viewerId={session?.user.id ?? null} />
    </HydrateClient>
  );
}
