"use client";

import type { RouterOutputs } from "@harmoniq/api";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/trpc/client";

type Song = RouterOutputs["song"]["byId"];

export function LikeButton({ song, signedIn }: { song: Song; signedIn: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const key = trpc.song.byId.queryKey({ id: song.id });
  const options = {
    onSuccess: (state: { liked: boolean; likeCount: number }) =>
      queryClient.setQueryData(key, (old) =>
        old ? { ...old, likedByMe: state.liked, likeCount: state.likeCount } : old,
      ),
  };
  const like = useMutation(trpc.song.like.mutationOptions(options));
  const unlike = useMutation(trpc.song.unlike.mutationOptions(options));
  const busy = like.isPending || unlike.isPending;
  return (
    <button
      type="button"
      className="btn small"
      aria-pressed={song.likedByMe}
      disabled={busy}
      data-testid="like-button"
      onClick={() => {
        if (!signedIn) return router.push(`/sign-in?next=/songs/${song.id}`);
        if (song.likedByMe) unlike.mutate({ id: song.id });
        else like.mutate({ id: song.id });
      }}
    >
      <span aria-hidden="true">{song.likedByMe ? "♥" : "♡"}</span>
      {song.likedByMe ? "Liked" : "Like"}
      <span data-testid="like-count">{song.likeCount}</span>
      <span className="sr-only">{song.likeCount === 1 ? "like" : "likes"}</span>
    </button>
  );
}
