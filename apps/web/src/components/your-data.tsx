"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useRef, useState, type FormEvent } from "react";
import { errorMessage } from "@/lib/format";
import { useTRPC } from "@/trpc/client";

/** "Download my library" and the account deletion danger zone, on the Settings page. */
export function YourData() {
  const trpc = useTRPC();
  const { data: me } = useQuery(trpc.user.me.queryOptions());
  const [downloading, setDownloading] = useState(false);
  if (!me) return null;
  return (
    <section className="panel stack" aria-labelledby="data-title">
      <h2 id="data-title">Your data</h2>
      <div className="stack">
        <p className="muted small" id="export-help">
          One .zip with every song of yours (public and private) as WAV and MIDI, and a library.json
          with your profile, lyrics, scores, playlists, comments and likes. Songs whose audio is not
          ready yet are rendered while the archive downloads, so a large library takes a while.
        </p>
        <div className="row">
          <a
            className="btn"
            href="/api/export"
            download
            aria-describedby="export-help"
            onClick={() => setDownloading(true)}
          >
            Download my library (.zip)
          </a>
          <span role="status" className="small muted">
            {downloading
              ? "Your browser is downloading the archive; it keeps going if you leave this page."
              : ""}
          </span>
        </div>
      </div>
      <DeleteAccount handle={me.handle} />
    </section>
  );
}

function DeleteAccount({ handle }: { handle: string }) {
  const trpc = useTRPC();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [typed, setTyped] = useState("");
  const [signingOut, setSigningOut] = useState(false);
  const titleId = useId();
  const helpId = useId();
  const inputId = useId();
  const remove = useMutation(
    trpc.user.deleteAccount.mutationOptions({
      onSuccess: async () => {
        setSigningOut(true);
        // The account's sessions are already gone on the server; this clears the cookie.
        const { authClient } = await import("@/lib/auth-client");
        await authClient.signOut().catch(() => undefined);
        window.location.assign("/");
      },
    }),
  );
  const matches = typed.trim().toLowerCase() === handle;
  const busy = remove.isPending || signingOut;

  const open = () => {
    setTyped("");
    remove.reset();
    dialogRef.current?.showModal();
    inputRef.current?.focus();
  };
  const close = () => {
    if (busy) return;
    dialogRef.current?.close();
  };
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (matches && !busy) remove.mutate({ confirmHandle: typed.trim() });
  };

  return (
    <div className="danger-zone stack">
      <h3>Delete account</h3>
      <p className="small">
        Deletes your account and everything in it: your songs and their audio, playlists, comments,
        likes, conversations and API keys. It cannot be undone; download your library first if you
        want to keep a copy.
      </p>
      <div>
        <button
          ref={openerRef}
          type="button"
          className="btn danger"
          aria-haspopup="dialog"
          onClick={open}
        >
          Delete account…
        </button>
      </div>
      <dialog
        ref={dialogRef}
        className="confirm-dialog"
        aria-labelledby={titleId}
        aria-describedby={helpId}
        // Escape closes a modal dialog; refuse while the deletion is running.
        onCancel={(e) => {
          if (busy) e.preventDefault();
        }}
        onClose={() => openerRef.current?.focus()}
      >
        <form className="stack" onSubmit={onSubmit}>
          <h2 id={titleId}>Delete your account?</h2>
          <p id={helpId}>
            This permanently deletes <strong>@{handle}</strong> with all your songs, playlists,
            comments, likes, conversations and API keys, and signs you out everywhere.
          </p>
          <div className="field">
            <label htmlFor={inputId}>
              Type your handle <strong>{handle}</strong> to confirm
            </label>
            <input
              ref={inputRef}
              id={inputId}
              type="text"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              aria-invalid={remove.isError ? true : undefined}
              disabled={busy}
            />
          </div>
          {remove.error && (
            <p className="error" role="alert">
              {errorMessage(remove.error)}
            </p>
          )}
          <p role="status" className="small">
            {remove.isPending
              ? "Deleting your account…"
              : signingOut
                ? "Your account is deleted. Signing you out…"
                : ""}
          </p>
          <div className="row">
            <button type="submit" className="btn danger" disabled={!matches || busy}>
              Delete my account forever
            </button>
            <button type="button" className="btn ghost" onClick={close} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
