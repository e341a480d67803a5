"use client";

import type { RouterOutputs } from "@harmoniq/api";
import { useMutation } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { errorMessage, formatCount } from "@/lib/format";
import { useTRPC } from "@/trpc/client";

export type FollowState = RouterOutputs["user"]["follow"];

/**
 * Follow / Unfollow a creator, with their follower count. The button answers at once (the
 * expected state is shown while the server confirms) and goes back, with a message, if the
 * server refuses. `onChange` receives the server's answer, so the page can update its data.
 */
export function FollowButton({
  userId,
  name,
  following,
  followerCount,
  signedIn,
  onChange,
  small = false,
}: {
  userId: string;
  name: string;
  following: boolean;
  followerCount: number;
  signedIn: boolean;
  onChange?: (state: FollowState) => void;
  small?: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const [pending, setPending] = useState<FollowState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const options = {
    onMutate: () => setError(null),
    onSuccess: (state: FollowState) => onChange?.(state),
    onError: (e: unknown) => setError(errorMessage(e)),
    onSettled: () => setPending(null),
  };
  const follow = useMutation(trpc.user.follow.mutationOptions(options));
  const unfollow = useMutation(trpc.user.unfollow.mutationOptions(options));
  const shown = pending ?? { following, followerCount };
  const busy = follow.isPending || unfollow.isPending;

  const toggle = () => {
    if (!signedIn) return router.push(`/sign-in?next=${encodeURIComponent(pathname)}`);
    const next = !shown.following;
    setPending({
      following: next,
      followerCount: Math.max(0, shown.followerCount + (next ? 1 : -1)),
    });
    if (next) follow.mutate({ userId });
    else unfollow.mutate({ userId });
  };

  return (
    <span className="follow">
      <button
        type="button"
        className={`btn${small ? " small" : ""}${shown.following ? " ghost" : ""}`}
        aria-busy={busy}
        disabled={busy}
        data-testid="follow-button"
        onClick={toggle}
      >
        {/* The action, not the state: the count beside it says what happened. */}
        {shown.following ? "Unfollow" : "Follow"}
        <span className="sr-only"> {name}</span>
      </button>{" "}
      <span className="small muted" aria-live="polite" data-testid="follower-count">
        {formatCount(shown.followerCount, "follower")}
      </span>
      {error && (
        <span className="error small" role="alert">
          {" "}
          {error}
        </span>
      )}
    </span>
  );
}
