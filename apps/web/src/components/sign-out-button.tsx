"use client";

import { useState } from "react";

export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="btn ghost small"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        // Loaded on click: the auth client stays out of every page's first-load JavaScript.
        const { authClient } = await import("@/lib/auth-client");
        await authClient.signOut();
        window.location.assign("/");
      }}
    >
      Sign out
    </button>
  );
}
