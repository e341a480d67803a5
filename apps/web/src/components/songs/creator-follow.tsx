"use client";

import type { RouterOutputs } from "@harmoniq/api";
import { useQueryClient } from "@tanstack/react-query";
import { FollowButton } from "@/components/follow-button";
import { useTRPC } from "@/trpc/client";

type Song = RouterOutputs["song"]["byId"];

/** Follow the song's creator from the song page; the song's cached creator state follows. */
export function CreatorFollow({ song, signedIn }: { song: Song; signedIn: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.song.byId.queryKey({ id: song.id });
  return (
    <FollowButton
      small
      userId={song.author.id}
      name={song.author.name}
      following={song.creator.followedByMe}
      followerCount={song.creator.followerCount}
      signedIn={signedIn}
      onChange={(state) =>
        queryClient.setQueryData(key, (old) =>
          old
            ? {
                ...old,
                creator: {
                  ...old.creator,
                  followedByMe: state.following,
                  followerCount: state.followerCount,
                },
              }
            : old,
        )
      }
    />
  );
}
