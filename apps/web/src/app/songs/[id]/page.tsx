import type { Metadata } from "next";
import { SongView } from "@/components/songs/song-view";
import {
  getCaller,
  getQueryClient,
  getSession,
  HydrateClient,
  orNotFound,
  trpc,
} from "@/trpc/server";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  try {
    const song = await (await getCaller()).song.byId({ id: (await params).id });
    return { title: song.title };
  } catch {
    return { title: "Song" };
  }
}

export default async function SongPage({ params }: Params) {
  const { id } = await params;
  const queryClient = getQueryClient();
  const song = await orNotFound(queryClient.fetchQuery(trpc.song.byId.queryOptions({ id })));
  const session = await getSession();
  await Promise.all([
    queryClient.prefetchQuery(trpc.comment.list.queryOptions({ songId: id, limit: 50 })),
    session ? queryClient.prefetchQuery(trpc.playlist.mine.queryOptions({ limit: 50 })) : null,
  ]);
  return (
    <HydrateClient>
      <SongView id={song.id} viewerId={session?.user.id ?? null} />
    </HydrateClient>
  );
}
