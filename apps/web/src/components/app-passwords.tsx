"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useOrigin } from "@/lib/use-origin";
import { useTRPC } from "@/trpc/client";
import { SecretList, type SecretListText } from "./secret-list";

const TEXT: SecretListText = {
  idPrefix: "app-password",
  secretTestId: "new-app-password",
  nameLabel: "Player name",
  namePlaceholder: "e.g. phone",
  createLabel: "Create app password",
  createdNote: (name) => (
    <>
      <strong>App password for “{name}”.</strong> It is shown only once: copy it into your player
      now.
    </>
  ),
  copyLabel: "Copy password",
  emptyText: "No app passwords yet.",
  caption: "Your app passwords",
  nameColumn: "Player",
  revokeLabel: (name) => `Revoke app password ${name}`,
};

/** App passwords for music players (OpenSubsonic): create (shown once), list, revoke. */
export function AppPasswords() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.user.me.queryOptions());
  const passwords = useQuery(trpc.user.appPasswords.queryOptions());
  const refresh = () =>
    void queryClient.invalidateQueries({ queryKey: trpc.user.appPasswords.queryKey() });
  const create = useMutation(trpc.user.createAppPassword.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.user.revokeAppPassword.mutationOptions({ onSuccess: refresh }));
  const origin = useOrigin();
  return (
    <section className="panel stack" aria-labelledby="app-passwords-title">
      <h2 id="app-passwords-title">Listen in your player</h2>
      <p className="small">
        Music players that speak Subsonic (Symfonium, DSub, Feishin, Substreamer…) can play your
        songs and everyone&apos;s public ones. In the player, add a Subsonic server with the address{" "}
        <code>{origin}</code>, the user name <code>{me.data?.handle ?? "your handle"}</code> and an
        app password from here — never your account password.
      </p>
      <SecretList
        text={TEXT}
        items={passwords.data ?? []}
        create={create}
        created={create.data ? { name: create.data.name, secret: create.data.password } : null}
        revoke={revoke}
        onCreate={(name, done) => create.mutate({ name }, { onSuccess: done })}
        onRevoke={(id) => revoke.mutate({ id })}
      />
    </section>
  );
}
