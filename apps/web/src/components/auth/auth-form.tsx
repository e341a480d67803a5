"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { authClient } from "@/lib/auth-client";

function safeNext(next: string | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

function describe(error: {
  status?: number;
  message?: string | undefined;
  code?: string | undefined;
}) {
  if (error.status === 429)
    return error.message || "Too many attempts: wait a few minutes and try again.";
  if (error.status === 401) return "Wrong email or password.";
  return error.message || "Something went wrong. Please try again.";
}

export function AuthForm({ mode, next }: { mode: "sign-in" | "sign-up"; next?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    setBusy(true);
    setError(null);
    const result =
      mode === "sign-up"
        ? await authClient.signUp.email({
            name: String(form.get("name") ?? "").trim(),
            email,
            password,
            ...(String(form.get("handle") ?? "").trim()
              ? { handle: String(form.get("handle")).trim().toLowerCase() }
              : {}),
          })
        : await authClient.signIn.email({ email, password });
    if (result.error) {
      setBusy(false);
      setError(describe(result.error));
      return;
    }
    window.location.assign(safeNext(next));
  }

  const title = mode === "sign-up" ? "Create your account" : "Sign in";
  return (
    <section className="panel auth-card">
      <h1>{title}</h1>
      <form onSubmit={onSubmit} noValidate={false}>
        {mode === "sign-up" && (
          <>
            <div className="field">
              <label htmlFor="name">Name</label>
              <input
                id="name"
                name="name"
                type="text"
                autoComplete="name"
                required
                maxLength={80}
              />
            </div>
            <div className="field">
              <label htmlFor="handle">
                Handle <span className="hint">(optional: 3–30 lowercase letters, digits or _)</span>
              </label>
              <input
                id="handle"
                name="handle"
                type="text"
                autoComplete="username"
                pattern="[a-z0-9_]{3,30}"
                aria-describedby="handle-hint"
              />
              <p id="handle-hint" className="hint small muted">
                Your page will be at /u/handle. Left empty, one is made from your name.
              </p>
            </div>
          </>
        )}
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" autoComplete="email" required />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete={mode === "sign-up" ? "new-password" : "current-password"}
            required
            minLength={8}
            maxLength={128}
          />
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn" disabled={busy}>
          {busy ? "Please wait…" : mode === "sign-up" ? "Sign up" : "Sign in"}
        </button>
      </form>
      <p className="small muted" style={{ marginTop: 14 }}>
        {mode === "sign-up" ? (
          <>
            Already have an account? <Link href="/sign-in">Sign in</Link>
          </>
        ) : (
          <>
            New here? <Link href="/sign-up">Create an account</Link>
          </>
        )}
      </p>
    </section>
  );
}
