"use client";

import type { RouterOutputs } from "@harmoniq/api";
import { LIMITS } from "@harmoniq/db/constants";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { errorMessage, formatTime } from "@/lib/format";
import { useTRPC } from "@/trpc/client";

type Song = RouterOutputs["song"]["byId"];

/** The sections of an engine-2 score (engine-1 scores have none to extend or replace). */
const sectionsOf = (song: Song) =>
  song.composition && "sections" in song.composition ? song.composition.sections : null;

/**
 * Studio passes on a song the viewer can see: extend it, or redo one section. Each makes a new
 * song (the original stays as it is) and opens it; it plays the original's audio at once while
 * the new part renders.
 */
export function StudioPasses({ song }: { song: Song }) {
  const trpc = useTRPC();
  const router = useRouter();
  const open = (created: { id: string }) => router.push(`/songs/${created.id}`);
  const extend = useMutation(trpc.song.extend.mutationOptions({ onSuccess: open }));
  const replace = useMutation(trpc.song.replaceSection.mutationOptions({ onSuccess: open }));
  const sections = sectionsOf(song);
  if (!sections || song.status !== "ready") return null;
  const room = Math.max(0, LIMITS.durationMaxSec - Math.round(song.durationSec));

  function onExtend(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    extend.mutate({ id: song.id, durationSec: Number(f.get("seconds")) });
  }
  function onReplace(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const words = String(f.get("words") ?? "").trim();
    replace.mutate({
      id: song.id,
      section: Number(f.get("section")),
      ...(words ? { lyrics: words } : {}),
    });
  }

  return (
    <section className="panel stack" aria-labelledby="studio-title">
      <h2 id="studio-title">Studio</h2>
      {room >= 10 ? (
        <form onSubmit={onExtend} className="stack">
          <div className="field">
            <label htmlFor="extend-seconds">Extend by (seconds)</label>
            <input
              id="extend-seconds"
              name="seconds"
              type="number"
              min={10}
              max={room}
              defaultValue={Math.min(30, room)}
              required
            />
          </div>
          {extend.error && (
            <p className="error" role="alert">
              {errorMessage(extend.error)}
            </p>
          )}
          <button type="submit" className="btn small" disabled={extend.isPending}>
            {extend.isPending ? "Extending…" : "Extend the song"}
          </button>
        </form>
      ) : (
        <p className="hint">This song is as long as songs can be ({LIMITS.durationMaxSec} s).</p>
      )}
      <form onSubmit={onReplace} className="stack">
        <div className="field">
          <label htmlFor="replace-section">Redo a section</label>
          <select
            id="replace-section"
            name="section"
            defaultValue={String(sections.length > 1 ? 1 : 0)}
          >
            {sections.map((s, i) => (
              <option key={i} value={i}>
                {s.label} ({formatTime(s.startSec)}–{formatTime(s.endSec)})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="replace-words">
            New words <span className="hint">(optional; one line per row)</span>
          </label>
          <textarea id="replace-words" name="words" rows={3} maxLength={LIMITS.lyricsMax} />
        </div>
        {replace.error && (
          <p className="error" role="alert">
            {errorMessage(replace.error)}
          </p>
        )}
        <button type="submit" className="btn small" disabled={replace.isPending}>
          {replace.isPending ? "Recomposing…" : "Redo this section"}
        </button>
      </form>
    </section>
  );
}
