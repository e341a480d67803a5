"use client";

import type { RouterOutputs } from "@harmoniq/api";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/trpc/client";

type Song = RouterOutputs["song"]["byId"];

/** Reposts someone else's public song to my followers and profile (song.repost / unrepost). */
export function RepostButton({ song, signedIn }: { song: Song; signedIn: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const key = trpc.song.byId.queryKey({ id: song.id });
  const options = {
    onSuccess: (state: { reposted: boolean; repostCount: number }) =>
      queryClient.setQueryData(key, (old) =>
        old ? { ...old, repostedByMe: state.reposted, repostCount: state.repostCount } : old,
      ),
  };
  const repost = useMutation(trpc.song.repost.mutationOptions(options));
  const unrepost = useMutation(trpc.song.unrepost.mutationOptions(options));
  const busy = repost.isPending || unrepost.isPending;
  if (!song.isPublic) return null;
  return (
    <button
      type="button"
      className="btn small ghost"
      aria-pressed={song.repostedByMe}
      disabled={busy}
      data-testid="repost-button"
      title={song.repostedByMe ? "Remove your repost" : "Share it with your followers"}
      onClick={() => {
        if (!signedIn) return router.push(`/sign-in?next=/songs/${song.id}`);
        if (song.repostedByMe) unrepost.mutate({ id: song.id });
        else repost.mutate({ id: song.id });
      }}
    >
      <span aria-hidden="true">⟲</span>
      {song.repostedByMe ? "Reposted" : "Repost"}
      <span data-testid="repost-count">{song.repostCount}</span>
      <span className="sr-only">{song.repostCount === 1 ? "repost" : "reposts"}</span>
    </button>
  );
}
