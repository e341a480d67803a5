"use client";

import { LIMITS } from "@harmoniq/db/constants";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { errorMessage, formatTime } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import { useTextField } from "@/lib/use-text-field";

export function Comments({
  songId,
  signedIn,
  viewerId,
  ownerId,
  currentTime,
  duration,
  onSeek,
}: {
  songId: string;
  signedIn: boolean;
  viewerId: string | null;
  ownerId: string;
  currentTime: number;
  duration: number;
  onSeek: (sec: number) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listOptions = trpc.comment.list.queryOptions({ songId, limit: 50 });
  const comments = useQuery(listOptions);
  const [content, setContent, contentRef] = useTextField<HTMLTextAreaElement>();
  const [pin, setPin] = useState(true);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.comment.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.song.byId.queryKey({ id: songId }) });
  };
  const create = useMutation(
    trpc.comment.create.mutationOptions({
      onSuccess: () => {
        setContent("");
        refresh();
      },
    }),
  );
  const remove = useMutation(trpc.comment.delete.mutationOptions({ onSuccess: refresh }));
  const at = Math.min(duration, Math.round(currentTime * 10) / 10);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!content.trim()) return;
    create.mutate({ songId, content: content.trim(), ...(pin ? { atSec: at } : {}) });
  };

  const items = comments.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="comments-title">
      <h2 id="comments-title">Comments ({items.length})</h2>
      {signedIn ? (
        <form onSubmit={onSubmit} className="stack" style={{ marginBottom: 14 }}>
          <div className="field" style={{ marginBottom: 0 }}>
            <label htmlFor="comment">Add a comment</label>
            <textarea
              id="comment"
              ref={contentRef}
              value={content}
              onChange={(e) => setContent(e.target.value)}
              maxLength={LIMITS.commentMax}
              rows={2}
              style={{ minHeight: 60 }}
            />
          </div>
          <div className="row between">
            <label className="check" htmlFor="comment-pin">
              <input
                id="comment-pin"
                type="checkbox"
                checked={pin}
                onChange={(e) => setPin(e.target.checked)}
              />
              At {formatTime(at)} <span className="hint">(the current moment)</span>
            </label>
            <button
              type="submit"
              className="btn small"
              disabled={create.isPending || !content.trim()}
            >
              Post comment
            </button>
          </div>
          {create.error && (
            <p className="error" role="alert">
              {errorMessage(create.error)}
            </p>
          )}
        </form>
      ) : (
        <p className="muted">
          <Link href={`/sign-in?next=/songs/${songId}`}>Sign in</Link> to comment.
        </p>
      )}
      {comments.isPending ? (
        <p className="muted">Loading comments…</p>
      ) : items.length === 0 ? (
        <p className="muted">No comments yet.</p>
      ) : (
        <ul className="list" aria-label="Comments" data-testid="comments">
          {items.map((c) => (
            <li key={c.id}>
              <div className="row between">
                <span className="small">
                  <Link href={`/u/${c.author.handle}`}>{c.author.name}</Link>
                  {c.atSec != null && (
                    <>
                      {" "}
                      at{" "}
                      <button
                        type="button"
                        className="btn ghost small"
                        onClick={() => onSeek(c.atSec!)}
                        aria-label={`Play from ${formatTime(c.atSec)}`}
                      >
                        {formatTime(c.atSec)}
                      </button>
                    </>
                  )}
                </span>
                {(viewerId === c.author.id || viewerId === ownerId) && (
                  <button
                    type="button"
                    className="btn ghost small"
                    onClick={() => remove.mutate({ id: c.id })}
                    aria-label={`Delete comment by ${c.author.name}`}
                  >
                    Delete
                  </button>
                )}
              </div>
              <p style={{ margin: "4px 0 0", whiteSpace: "pre-wrap" }}>{c.content}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
