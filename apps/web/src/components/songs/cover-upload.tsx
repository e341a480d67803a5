"use client";

import type { RouterOutputs } from "@harmoniq/api";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { errorMessage } from "@/lib/format";
import { readBase64 } from "@/lib/read-base64";
import { useTRPC } from "@/trpc/client";

type Song = RouterOutputs["song"]["byId"];

/**
 * The owner's cover controls on the song page: upload a picture as the cover, or go back to the
 * generated one (drawn, or the picture an image-mode song was made from). The server checks the
 * picture (format, 5 MB) and says what is wrong; that message is shown here.
 */
export function CoverUpload({ song }: { song: Song }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const inputId = useId();
  const statusId = useId();
  const titleId = useId();
  const [reading, setReading] = useState(false);
  const [readError, setReadError] = useState<string | null>(null);

  // The answer is the song with its new coverKey: the page's cover URL (and version) follow it.
  // Lists hold the old key, so they are fetched again; the page's own extras are kept.
  const onSuccess = (updated: RouterOutputs["song"]["setCover"]) => {
    queryClient.setQueryData(trpc.song.byId.queryKey({ id: song.id }), (old) =>
      old
        ? {
            ...updated,
            creator: old.creator,
            takes: old.takes,
            versions: old.versions,
            repostedByMe: old.repostedByMe,
          }
        : old,
    );
    void queryClient.invalidateQueries({ queryKey: trpc.song.pathKey() });
    router.refresh();
  };
  const upload = useMutation(trpc.song.setCover.mutationOptions({ onSuccess }));
  const reset = useMutation(trpc.song.removeCover.mutationOptions({ onSuccess }));

  const busy = reading || upload.isPending || reset.isPending;
  const error =
    readError ?? (upload.error || reset.error ? errorMessage(upload.error ?? reset.error) : null);
  const status =
    reading || upload.isPending
      ? "Uploading the cover…"
      : reset.isPending
        ? "Going back to the generated cover…"
        : error
          ? null
          : upload.isSuccess
            ? "Cover changed."
            : reset.isSuccess
              ? "The generated cover is back."
              : null;

  async function choose(file: File | undefined) {
    if (!file) return;
    upload.reset();
    reset.reset();
    setReadError(null);
    setReading(true);
    let image: string;
    try {
      image = await readBase64(file);
    } catch (e) {
      setReadError(errorMessage(e));
      return;
    } finally {
      setReading(false);
    }
    upload.mutate({ id: song.id, image });
  }

  return (
    <section className="panel stack" aria-labelledby={titleId} data-testid="cover-upload">
      <h2 id={titleId}>Cover</h2>
      <div className="field">
        <label htmlFor={inputId}>Change cover</label>
        <input
          id={inputId}
          type="file"
          accept="image/png,image/jpeg,image/webp,image/gif"
          disabled={busy}
          aria-describedby={statusId}
          onChange={(e) => {
            void choose(e.target.files?.[0]);
            // The same file can be chosen again after an error.
            e.target.value = "";
          }}
        />
      </div>
      {song.coverKey && (
        <button
          type="button"
          className="btn ghost small"
          disabled={busy}
          onClick={() => {
            upload.reset();
            setReadError(null);
            reset.mutate({ id: song.id });
          }}
        >
          Use the generated cover
        </button>
      )}
      <p id={statusId} className="small muted" role="status" aria-live="polite">
        {status}
      </p>
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
