"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, formatDate } from "@/lib/format";
import { useTRPC } from "@/trpc/client";

/** App passwords for music players (OpenSubsonic): create (shown once), list, revoke. */
export function AppPasswords() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.user.me.queryOptions());
  const passwords = useQuery(trpc.user.appPasswords.queryOptions());
  const [name, setName] = useState("");
  const [copied, setCopied] = useState(false);
  const refresh = () =>
    void queryClient.invalidateQueries({ queryKey: trpc.user.appPasswords.queryKey() });
  const create = useMutation(
    trpc.user.createAppPassword.mutationOptions({
      onSuccess: () => {
        setName("");
        setCopied(false);
        refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.user.revokeAppPassword.mutationOptions({ onSuccess: refresh }));
  const [origin] = useState(() =>
    typeof window === "undefined" ? "https://your-harmoniq" : window.location.origin,
  );
  const items = passwords.data ?? [];
  return (
    <section className="panel stack" aria-labelledby="app-passwords-title">
      <h2 id="app-passwords-title">Listen in your player</h2>
      <p className="small">
        Music players that speak Subsonic (Symfonium, DSub, Feishin, Substreamer…) can play your
        songs and everyone&apos;s public ones. In the player, add a Subsonic server with the address{" "}
        <code>{origin}</code>, the user name <code>{me.data?.handle ?? "your handle"}</code> and an
        app password from here — never your account password.
      </p>
      <form
        className="row"
        style={{ alignItems: "end" }}
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) create.mutate({ name: name.trim() });
        }}
      >
        <div style={{ flex: 1, minWidth: 200 }}>
          <label htmlFor="app-password-name">Player name</label>
          <input
            id="app-password-name"
            type="text"
            value={name}
            maxLength={60}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. phone"
          />
        </div>
        <button type="submit" className="btn" disabled={create.isPending || !name.trim()}>
          Create app password
        </button>
      </form>
      {create.error && (
        <p className="error" role="alert">
          {errorMessage(create.error)}
        </p>
      )}
      {create.data && (
        <div className="panel" style={{ background: "var(--surface-2)" }} role="status">
          <p>
            <strong>App password for “{create.data.name}”.</strong> It is shown only once: copy it
            into your player now.
          </p>
          <div className="row" style={{ flexWrap: "nowrap" }}>
            <code className="keybox" data-testid="new-app-password" style={{ flex: 1 }}>
              {create.data.password}
            </code>
            <button
              type="button"
              className="btn small"
              onClick={async () => {
                await navigator.clipboard.writeText(create.data.password).catch(() => undefined);
                setCopied(true);
              }}
            >
              {copied ? "Copied" : "Copy password"}
            </button>
          </div>
        </div>
      )}
      {items.length === 0 ? (
        <p className="muted">No app passwords yet.</p>
      ) : (
        <table style={{ width: "100%", borderCollapse: "collapse" }}>
          <caption className="sr-only">Your app passwords</caption>
          <thead>
            <tr style={{ textAlign: "left" }}>
              <th scope="col">Player</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.id} style={{ borderTop: "1px solid var(--border)" }}>
                <td>{p.name}</td>
                <td>{formatDate(p.createdAt)}</td>
                <td>{p.lastUsedAt ? new Date(p.lastUsedAt).toLocaleString("en") : "Never"}</td>
                <td>
                  <button
                    type="button"
                    className="btn ghost small"
                    aria-label={`Revoke app password ${p.name}`}
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate({ id: p.id })}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoke.error && (
        <p className="error" role="alert">
          {errorMessage(revoke.error)}
        </p>
      )}
    </section>
  );
}
