"use client";

import type { RouterOutputs } from "@harmoniq/api";
import { useState } from "react";

type Song = RouterOutputs["song"]["byId"];

const INSTRUMENT_STEMS = ["drums", "bass", "harmony", "lead"] as const;

/** Engine-2 scores (the ones with stems) list their sections; engine-1 scores do not. */
const hasStems = (song: Song) =>
  Boolean(song.composition && "sections" in song.composition && song.status === "ready");

/**
 * "Download stems": stems are rendered when asked for (about as long as the song's own render),
 * so the download is fetched here with a visible "Preparing…" state instead of a link that
 * seems to do nothing for several seconds.
 */
export function StemsDownload({ song }: { song: Song }) {
  const [state, setState] = useState<{ busy: string | null; error: string | null }>({
    busy: null,
    error: null,
  });
  if (!hasStems(song)) return null;
  const sung = Boolean(song.composition && "vocals" in song.composition && song.composition.vocals);
  const stems = sung ? [...INSTRUMENT_STEMS, "vocals" as const] : INSTRUMENT_STEMS;

  async function download(stem: string | null) {
    const label = stem ?? "all stems";
    setState({ busy: label, error: null });
    try {
      const url = `/api/songs/${song.id}/stems${stem ? `?stem=${stem}` : ""}`;
      const res = await fetch(url);
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as {
          error?: { message?: string };
        } | null;
        throw new Error(body?.error?.message ?? `The stems could not be prepared (${res.status}).`);
      }
      const name =
        /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ??
        `${stem ?? "stems"}.${stem ? "wav" : "zip"}`;
      const blob = URL.createObjectURL(await res.blob());
      const a = document.createElement("a");
      a.href = blob;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(blob), 10_000);
      setState({ busy: null, error: null });
    } catch (error) {
      setState({ busy: null, error: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <div className="stack">
      <div className="row">
        <button
          type="button"
          className="btn ghost small"
          onClick={() => void download(null)}
          disabled={state.busy !== null}
          aria-describedby="stems-status"
        >
          {state.busy === "all stems" ? "Preparing stems…" : "Download stems (zip)"}
        </button>
      </div>
      <details>
        <summary>Single stems</summary>
        <div className="row" role="group" aria-label="Download one stem">
          {stems.map((stem) => (
            <button
              key={stem}
              type="button"
              className="btn ghost small"
              onClick={() => void download(stem)}
              disabled={state.busy !== null}
            >
              {state.busy === stem ? `Preparing ${stem}…` : stem[0]!.toUpperCase() + stem.slice(1)}
            </button>
          ))}
        </div>
      </details>
      <p id="stems-status" className={state.error ? "error" : "hint"} role="status">
        {state.error ??
          (state.busy
            ? "Rendering the stems — about as long as the song took to make."
            : "32-bit WAVs that add up to the mix, for your own software.")}
      </p>
    </div>
  );
}
