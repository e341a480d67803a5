import type { Metadata } from "next";
import { SongView } from "@/components/songs/song-view";
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
    const song = await (await getCaller()).song.byId({ id: (await params).id });
    const { baseUrl } = await getApi();
    const description = `A ${song.mood.toLowerCase()} ${song.genre} song by ${song.author.name} on HarmoniQ.`;
    // Share previews: absolute URLs, the PNG rendition (the format every crawler reads).
    const cover = {
      url: new URL(coverUrl(song, { format: "png" }), baseUrl).toString(),
      width: COVER_SIZE,
      height: COVER_SIZE,
      alt: coverAlt(song),
      type: "image/png",
    };
    const url = new URL(`/songs/${song.id}`, baseUrl).toString();
    // Only a public song is shared: its audio, its oEmbed (the embeddable player).
    const shared = song.isPublic && song.status === "ready";
    return {
      title: song.title,
      description,
      openGraph: {
        type: "music.song",
        title: song.title,
        description,
        url,
        siteName: "HarmoniQ",
        images: [cover],
        ...(shared
          ? {
              audio: [
                {
                  url: new URL(`/api/songs/${song.id}/audio`, baseUrl).toString(),
                  type: "audio/wav",
                },
              ],
            }
          : {}),
      },
      twitter: { card: "summary", title: song.title, description, images: [cover] },
      ...(song.isPublic
        ? {
            alternates: {
              types: {
                "application/json+oembed": new URL(
                  `/api/oembed?${new URLSearchParams({ url, format: "json" })}`,
                  baseUrl,
                ).toString(),
              },
            },
          }
        : {}),
    };
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
