"use client";

import { LIMITS } from "@harmoniq/db/constants";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorMessage } from "@/lib/format";
import { useOrigin } from "@/lib/use-origin";
import { useTRPC } from "@/trpc/client";
import { AppPasswords } from "./app-passwords";
import { SecretList, type SecretListText } from "./secret-list";
import { YourData } from "./your-data";

function snippet(origin: string) {
  return `import { createTRPCClient, httpBatchLink } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@harmoniq/api";

const harmoniq = createTRPCClient<AppRouter>({
  links: [
    httpBatchLink({
      url: "${origin}/api/trpc",
      transformer: superjson,
      headers: { Authorization: \`Bearer \${process.env.HARMONIQ_API_KEY}\` },
    }),
  ],
});

const song = await harmoniq.song.create.mutate({
  creationMode: "description",
  description: "A calm song about rain on the window",
  durationSec: 30,
});
const mine = await harmoniq.song.mine.query();`;
}

function Profile() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: me } = useQuery(trpc.user.me.queryOptions());
  const [saved, setSaved] = useState(false);
  const update = useMutation(
    trpc.user.updateProfile.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        void queryClient.invalidateQueries({ queryKey: trpc.user.pathKey() });
      },
    }),
  );
  if (!me) return null;
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setSaved(false);
    const f = new FormData(e.currentTarget);
    update.mutate({
      name: String(f.get("name") ?? "").trim(),
      handle: String(f.get("handle") ?? "")
        .trim()
        .toLowerCase(),
      bio: String(f.get("bio") ?? "").trim(),
    });
  };
  return (
    <section className="panel" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <form onSubmit={onSubmit}>
        <div className="grid-2">
          <div className="field">
            <label htmlFor="s-name">Name</label>
            <input
              id="s-name"
              name="name"
              type="text"
              defaultValue={me.name}
              required
              maxLength={LIMITS.nameMax}
            />
          </div>
          <div className="field">
            <label htmlFor="s-handle">Handle</label>
            <input
              id="s-handle"
              name="handle"
              type="text"
              defaultValue={me.handle}
              required
              pattern="[a-z0-9_]{3,30}"
            />
          </div>
        </div>
        <div className="field">
          <label htmlFor="s-bio">Bio</label>
          <textarea id="s-bio" name="bio" defaultValue={me.bio ?? ""} maxLength={LIMITS.bioMax} />
        </div>
        {update.error && (
          <p className="error" role="alert">
            {errorMessage(update.error)}
          </p>
        )}
        <div className="row">
          <button type="submit" className="btn" disabled={update.isPending}>
            Save profile
          </button>
          <span role="status" className="small success">
            {saved ? "Saved" : ""}
          </span>
        </div>
        <p className="small muted" style={{ marginTop: 8 }}>
          Signed in as {me.email}
        </p>
      </form>
    </section>
  );
}

const API_KEY_TEXT: SecretListText = {
  idPrefix: "key",
  secretTestId: "new-api-key",
  nameLabel: "Key name",
  namePlaceholder: "e.g. my script",
  createLabel: "Create key",
  createdNote: (name) => (
    <>
      <strong>Your new key “{name}”.</strong> It is shown only once: copy it now.
    </>
  ),
  copyLabel: "Copy key",
  emptyText: "No keys yet.",
  caption: "Your API keys",
  nameColumn: "Name",
  revokeLabel: (name) => `Revoke key ${name}`,
};

function ApiKeys() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKey.list.queryOptions());
  const refresh = () =>
    void queryClient.invalidateQueries({ queryKey: trpc.apiKey.list.queryKey() });
  const create = useMutation(trpc.apiKey.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.apiKey.revoke.mutationOptions({ onSuccess: refresh }));
  const origin = useOrigin();
  return (
    <section className="panel stack" aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      <p className="muted small">
        A key acts as you on every procedure. Keep it secret; revoke it if it leaks.
      </p>
      <p className="small">
        Any language can use it with the REST API: send it as{" "}
        <code>Authorization: Bearer &lt;key&gt;</code>.{" "}
        <a href="/docs/api">Open the interactive API reference</a> (or the{" "}
        <a href="/api/v1/openapi.json">OpenAPI document</a>).
      </p>
      <SecretList
        text={API_KEY_TEXT}
        items={keys.data ?? []}
        extraColumn={{
          title: "Starts with",
          cell: (key) => <code>{key.start ?? key.prefix ?? ""}…</code>,
        }}
        create={create}
        created={create.data ? { name: create.data.name ?? "", secret: create.data.key } : null}
        revoke={revoke}
        onCreate={(name, done) => create.mutate({ name }, { onSuccess: done })}
        onRevoke={(id) => revoke.mutate({ id })}
      />
      <div>
        <h3>Call HarmoniQ from your code</h3>
        <pre className="codeblock" tabIndex={0} aria-label="Example code">
          {snippet(origin)}
        </pre>
      </div>
    </section>
  );
}

export function Settings() {
  return (
    <div className="stack">
      <h1>Settings</h1>
      <Profile />
      <ApiKeys />
      <AppPasswords />
      <YourData />
    </div>
  );
}
