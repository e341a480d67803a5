// Runs once when the server starts. On Node it installs the bridge that lets the production
// entry (server.mjs) answer /api/trpc without Next.js routing (see src/server/api-bridge.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installApiBridge } = await import("./server/api-bridge");
  installApiBridge();
}
