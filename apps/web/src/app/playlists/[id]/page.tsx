import { PlaylistView } from "@/components/library/playlist-view";
import type { Metadata } from "next";
import { COVER_SIZE, coverAlt, coverUrl } from "@/lib/cover";
import { getApi } from "@/server/api";
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
    const playlist = await (await getCaller()).playlist.byId({ id: (await params).id, limit: 1 });
    const { baseUrl } = await getApi();
    const title = playlist.name;
    const description = playlist.description ?? `A playlist by ${playlist.owner.name} on HarmoniQ.`;
    const entry = playlist.isPublic ? playlist.songs[0] : undefined;
    const first = entry?.song.isPublic ? entry.song : undefined;
    const images = first
      ? [
          {
            url: new URL(coverUrl(first, { format: "png" }), baseUrl).toString(),
            width: COVER_SIZE,
            height: COVER_SIZE,
            alt: coverAlt(first),
            type: "image/png",
          },
        ]
      : [];
    return {
      title,
      description,
      openGraph: {
        type: "music.playlist",
        title,
        description,
        url: new URL(`/playlists/${playlist.id}`, baseUrl).toString(),
        siteName: "HarmoniQ",
        images,
      },
      twitter: { card: "summary", title, description, images },
    };
  } catch {
    return { title: "Playlist" };
  }
}

export default async function PlaylistPage({ params }: Params) {
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
