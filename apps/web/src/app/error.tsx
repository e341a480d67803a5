"use client";

export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <section className="panel empty" role="alert">
      <h1>Something went wrong</h1>
      <p className="muted">
        {error.digest ? "An unexpected error happened on our side." : error.message}
      </p>
      <button type="button" className="btn" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
