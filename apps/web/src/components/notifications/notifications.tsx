"use client";

import type { RouterOutputs } from "@harmoniq/api";
import { NOTIFICATION_GROUP_WINDOW } from "@harmoniq/db/constants";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { errorMessage, formatDate, formatTime } from "@/lib/format";
import { useTRPC } from "@/trpc/client";

type Item = RouterOutputs["notification"]["list"]["items"][number];

/** "Ana", "Ana and Bo", "Ana and 12 others", "Ana and 99+ others" (the count stops there). */
function who(item: Item) {
  const [first, second] = item.actors;
  const link = (a: Item["actors"][number]) => (
    <Link key={a.id} href={`/u/${a.handle}`}>
      {a.name}
    </Link>
  );
  if (!first) return null;
  if (item.actorCount === 1) return link(first);
  if (item.actorCount === 2 && second)
    return (
      <>
        {link(first)} and {link(second)}
      </>
    );
  const others = item.actorCount - 1;
  const capped = item.actorCount >= NOTIFICATION_GROUP_WINDOW ? "+" : "";
  return (
    <>
      {link(first)} and {others}
      {capped} {others === 1 ? "other" : "others"}
    </>
  );
}

function what(item: Item) {
  const song = item.song ? <Link href={`/songs/${item.song.id}`}>{item.song.title}</Link> : null;
  switch (item.kind) {
    case "like":
      return <> liked {song}</>;
    case "repost":
      return <> reposted {song}</>;
    case "follow":
      return <> followed you</>;
    case "comment":
      return (
        <>
          {" "}
          commented on {song}
          {item.comment?.atSec != null && <> at {formatTime(item.comment.atSec)}</>}
          {item.comment && <q className="notification-quote">{item.comment.content}</q>}
        </>
      );
    case "remix":
      return (
        <>
          {" "}
          made{" "}
          {item.remix ? (
            <Link href={`/songs/${item.remix.id}`}>{item.remix.title}</Link>
          ) : (
            "a song"
          )}{" "}
          from {song}
        </>
      );
  }
}

export function Notifications() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useInfiniteQuery(
    trpc.notification.list.infiniteQueryOptions(
      { limit: 30 },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  );
  const markRead = useMutation(
    trpc.notification.markRead.mutationOptions({
      onSuccess: (state) => {
        queryClient.setQueryData(trpc.notification.unreadCount.queryKey(), state);
        void queryClient.invalidateQueries({ queryKey: trpc.notification.list.pathKey() });
      },
    }),
  );
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const anyUnread = items.some((i) => i.unread);
  return (
    <div className="stack">
      <div className="row between">
        <h1>Notifications</h1>
        <button
          type="button"
          className="btn small ghost"
          disabled={!anyUnread || markRead.isPending}
          onClick={() => markRead.mutate({})}
          data-testid="mark-all-read"
        >
          Mark all read
        </button>
      </div>
      {list.isError && <p role="alert">{errorMessage(list.error)}</p>}
      {list.isSuccess && items.length === 0 && (
        <p className="muted">
          Nothing yet. When someone likes, comments on, reposts or remixes your songs, or follows
          you, you will see it here.
        </p>
      )}
      <ul className="list notifications" aria-label="Notifications">
        {items.map((item) => (
          <li
            key={item.id}
            className={item.unread ? "notification unread" : "notification"}
            data-testid="notification"
          >
            <p>
              {who(item)}
              {what(item)}
            </p>
            <span className="small muted">{formatDate(item.createdAt)}</span>
            {item.unread && (
              <button
                type="button"
                className="btn small ghost"
                disabled={markRead.isPending}
                onClick={() => markRead.mutate({ ids: item.ids })}
              >
                Mark read
              </button>
            )}
          </li>
        ))}
      </ul>
      {list.hasNextPage && (
        <button
          type="button"
          className="btn ghost"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {list.isFetchingNextPage ? "Loading…" : "Older notifications"}
        </button>
      )}
    </div>
  );
}
