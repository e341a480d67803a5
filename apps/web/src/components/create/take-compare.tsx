"use client";

import type { RouterOutputs } from "@harmoniq/api";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { usePlayer } from "@/components/player";
import { toTrack } from "@/components/track";
import { InferencePanel } from "@/components/songs/inference-panel";
import { errorMessage } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import { SectionPlan } from "./section-plan";
import { SongProgress } from "./song-progress";

type Song = RouterOutputs["song"]["byId"];

const isNotFound = (error: unknown) =>
  (error as { data?: { code?: string } } | null)?.data?.code === "NOT_FOUND";

/** Polls a take until its audio is ready (or failed). */
function useTake(id: string) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.song.byId.queryOptions({ id }),
    refetchInterval: (query) => {
      const s = query.state.data?.status;
      return s === "ready" || s === "failed" || query.state.error ? false : 700;
    },
  });
}

function TakeCard({
  number,
  id,
  busy,
  onKeep,
}: {
  number: number;
  id: string;
  busy: boolean;
  onKeep: () => void;
}) {
  const take = useTake(id);
  const player = usePlayer();
  const song: Song | undefined = take.data;
  const headingId = `take-${number}-title`;
  const isCurrent = player.current?.id === id;
  const playing = isCurrent && player.playing;

  return (
    <section className="panel" aria-labelledby={headingId} data-testid={`take-${number}`}>
      <p className="small muted">Take {number}</p>
      <h3 id={headingId}>{song?.title ?? `Take ${number}`}</h3>
      {take.error ? (
        <p className="error" role="alert">
          {isNotFound(take.error)
            ? `Take ${number} no longer exists: it was deleted.`
            : `Take ${number} could not be loaded: ${errorMessage(take.error)}`}
        </p>
      ) : (
        <SongProgress
          status={song?.status ?? "queued"}
          message={song?.statusMessage ?? null}
          progress={song?.progress ?? null}
        />
      )}
      {song && <SectionPlan song={song} />}
      {song && <InferencePanel song={song} />}
      <div className="row" style={{ marginTop: 10 }}>
        <button
          type="button"
          className="btn ghost"
          disabled={song?.status !== "ready"}
          onClick={() => (isCurrent ? player.toggle() : song && player.playTrack(toTrack(song)))}
          aria-label={`${playing ? "Pause" : "Play"} take ${number}`}
          data-testid={`take-${number}-play`}
        >
          {playing ? "❚❚ Pause" : "▶ Play"}
        </button>
        <button
          type="button"
          className="btn"
          disabled={busy || Boolean(take.error)}
          onClick={onKeep}
          aria-label={`Keep take ${number} and delete the other`}
        >
          Keep
        </button>
        <Link href={`/songs/${id}`} className="small">
          Open take {number}
        </Link>
      </div>
    </section>
  );
}

/**
 * The takes of one request side by side, each with its progress and a play button once ready.
 * "Keep" deletes the other takes (through song.delete) and opens the kept one; "Keep both"
 * opens the first take and deletes nothing.
 */
export function TakeCompare({ takes }: { takes: string[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const player = usePlayer();
  const [notice, setNotice] = useState<string | null>(null);
  const remove = useMutation(trpc.song.delete.mutationOptions());
  const [keeping, setKeeping] = useState(false);

  async function keep(kept: string) {
    setKeeping(true);
    setNotice(null);
    const others = takes.filter((id) => id !== kept);
    let alreadyGone = 0;
    for (const id of others) {
      try {
        await remove.mutateAsync({ id });
        // Do not leave a deleted take playing.
        if (player.current?.id === id) player.pause();
      } catch (error) {
        if (isNotFound(error)) {
          alreadyGone++;
          continue;
        }
        setNotice(`The other take could not be deleted: ${errorMessage(error)}`);
        setKeeping(false);
        return;
      }
    }
    if (alreadyGone > 0) {
      // Say so, then go on: the outcome the person asked for is already true.
      setNotice("The other take had already been deleted. Opening the one you kept…");
      await new Promise((done) => setTimeout(done, 1500));
    }
    router.push(`/songs/${kept}`);
  }

  return (
    <section className="stack" aria-labelledby="takes-title" data-testid="takes">
      <h2 id="takes-title">Your takes</h2>
      <p className="muted small">
        Each take is a song of its own. Listen to both, then keep the one you like or keep both.
      </p>
      <div className="grid-2">
        {takes.map((id, index) => (
          <TakeCard
            key={id}
            id={id}
            number={index + 1}
            busy={keeping}
            onKeep={() => void keep(id)}
          />
        ))}
      </div>
      {notice && (
        <p className={keeping ? "muted" : "error"} role="alert">
          {notice}
        </p>
      )}
      <div className="row">
        <button
          type="button"
          className="btn ghost"
          disabled={keeping}
          onClick={() => router.push(`/songs/${takes[0]}`)}
        >
          Keep both
        </button>
      </div>
    </section>
  );
}
