import Link from "next/link";

export const metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <section className="panel empty" data-testid="not-found">
      <h1>Page not found</h1>
      <p className="muted">This page does not exist, or it is private.</p>
      <Link href="/" className="btn">
        Back to Discover
      </Link>
    </section>
  );
}
