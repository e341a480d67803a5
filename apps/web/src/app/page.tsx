export default function Home() {
  return (
    <main>
      <h1>HarmoniQ</h1>
      <p>The API is served at /api/trpc.</p>
    </main>
  );
}
