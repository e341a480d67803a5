"use client";

import Link from "next/link";
import { useId, useRef, type KeyboardEvent, type PointerEvent } from "react";
import { formatTime } from "@/lib/format";
import type { PlaylistEntry } from "./playlist-order";

/** How close to the window's top or bottom edge (px) a drag scrolls the page. */
const EDGE = 56;

/**
 * One song of a playlist. For its owner: a handle to drag (pointer events: mouse, pen and touch
 * alike) or to move by keyboard, and a "Move" menu (top, bottom, any position).
 */
export function PlaylistRow({
  entry,
  total,
  isOwner,
  busy,
  dragging,
  dropTarget,
  onDragStart,
  onDragOver,
  onDragEnd,
  onMove,
  onPlay,
  onRemove,
}: {
  entry: PlaylistEntry;
  /** Songs in the playlist (all pages), so the last position is total - 1. */
  total: number;
  isOwner: boolean;
  /** A move is on its way or the pages are being read again: no new move yet. */
  busy: boolean;
  dragging: boolean;
  dropTarget: boolean;
  onDragStart: () => void;
  /** The position of the row under the pointer. */
  onDragOver: (position: number) => void;
  /** `commit` is false when the drag was cancelled. */
  onDragEnd: (commit: boolean) => void;
  onMove: (entry: PlaylistEntry, toIndex: number, byKeyboard?: boolean) => void;
  onPlay: () => void;
  onRemove: () => void;
}) {
  const s = entry.song;
  const index = entry.position;
  const menuRef = useRef<HTMLDetailsElement>(null);
  const positionId = useId();
  const dragged = useRef(false);

  const moveFromMenu = (toIndex: number) => {
    onMove(entry, toIndex, true);
    if (menuRef.current) menuRef.current.open = false;
  };
  const onHandleKey = (e: KeyboardEvent) => {
    const to =
      e.altKey && e.key === "ArrowUp"
        ? index - 1
        : e.altKey && e.key === "ArrowDown"
          ? index + 1
          : e.key === "Home"
            ? 0
            : e.key === "End"
              ? total - 1
              : null;
    if (to === null) return;
    e.preventDefault();
    onMove(entry, to, true);
  };
  const onPointerDown = (e: PointerEvent<HTMLButtonElement>) => {
    if (busy || (e.pointerType === "mouse" && e.button !== 0)) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    dragged.current = false;
    onDragStart();
  };
  const onPointerMove = (e: PointerEvent<HTMLButtonElement>) => {
    if (!e.currentTarget.hasPointerCapture(e.pointerId)) return;
    dragged.current = true;
    const row = document
      .elementFromPoint(e.clientX, e.clientY)
      ?.closest<HTMLElement>("[data-position]");
    if (row) onDragOver(Number(row.dataset.position));
    if (e.clientY < EDGE) window.scrollBy(0, -16);
    else if (e.clientY > window.innerHeight - EDGE) window.scrollBy(0, 16);
  };
  const endDrag = (commit: boolean) => (e: PointerEvent<HTMLButtonElement>) => {
    if (!e.currentTarget.hasPointerCapture(e.pointerId)) return;
    e.currentTarget.releasePointerCapture(e.pointerId);
    onDragEnd(commit && dragged.current);
  };

  return (
    <li
      className={`pl-row${dragging ? " dragging" : ""}${dropTarget && !dragging ? " drop-target" : ""}`}
      data-song-id={s.id}
      data-position={index}
    >
      {isOwner && (
        <button
          type="button"
          className="grip"
          data-handle={s.id}
          aria-label={`Reorder ${s.title}, position ${index + 1} of ${total}`}
          aria-describedby="pl-reorder-help"
          onKeyDown={onHandleKey}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={endDrag(true)}
          onPointerCancel={endDrag(false)}
          onLostPointerCapture={() => dragging && onDragEnd(false)}
        >
          ⋮⋮
        </button>
      )}
      <span className="muted small pl-index">{index + 1}</span>
      <button
        type="button"
        className="icon-btn small play"
        disabled={s.status !== "ready"}
        aria-label={`Play ${s.title}`}
        onClick={onPlay}
      >
        ▶
      </button>
      <span className="title">
        <Link href={`/songs/${s.id}`}>{s.title}</Link>
        <span className="small muted"> · {s.author.name}</span>
      </span>
      <span className="small muted pl-duration">{formatTime(s.durationSec)}</span>
      {isOwner && (
        <span className="pl-actions">
          <button
            type="button"
            className="icon-btn small"
            aria-label={`Move ${s.title} up`}
            disabled={index === 0 || busy}
            onClick={() => onMove(entry, index - 1)}
          >
            ↑
          </button>
          <button
            type="button"
            className="icon-btn small"
            aria-label={`Move ${s.title} down`}
            disabled={index === total - 1 || busy}
            onClick={() => onMove(entry, index + 1)}
          >
            ↓
          </button>
          <details className="pl-menu" ref={menuRef}>
            <summary className="btn ghost small" aria-label={`Move ${s.title}…`}>
              Move
            </summary>
            <div className="pl-menu-body panel">
              <button
                type="button"
                className="btn ghost small"
                disabled={index === 0 || busy}
                onClick={() => moveFromMenu(0)}
              >
                Move to top
              </button>
              <button
                type="button"
                className="btn ghost small"
                disabled={index === total - 1 || busy}
                onClick={() => moveFromMenu(total - 1)}
              >
                Move to bottom
              </button>
              <form
                className="row"
                onSubmit={(e) => {
                  e.preventDefault();
                  const value = Number(new FormData(e.currentTarget).get("position"));
                  moveFromMenu(value - 1);
                }}
              >
                <label htmlFor={positionId} className="small">
                  Move to position…
                </label>
                <input
                  id={positionId}
                  name="position"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={total}
                  step={1}
                  required
                  defaultValue={index + 1}
                  style={{ width: "6em" }}
                />
                <button type="submit" className="btn small" disabled={busy}>
                  Go
                </button>
              </form>
            </div>
          </details>
          <button
            type="button"
            className="btn ghost small"
            aria-label={`Remove ${s.title} from the playlist`}
            onClick={onRemove}
          >
            Remove
          </button>
        </span>
      )}
    </li>
  );
}
