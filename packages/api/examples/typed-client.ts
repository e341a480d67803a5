// Call HarmoniQ from your own code, typed end to end.
//
//   HARMONIQ_URL=http://localhost:3000 pnpm --filter @harmoniq/api example
//
// 1. sign in (or sign up) with email and password, 2. create an API key with that session,
// 3. with the key alone: create a song, read the feed, like a song, build a playlist.
// Types come from the server's router (AppRouter): no hand-written API types anywhere.
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "../src/trpc/root";

export interface ExampleResult {
  songId: string;
  feedCount: number;
  likeCount: number;
  playlistId: string;
}

export async function runExample(
  baseUrl: string,
  account = {
    name: "Example Developer",
    email: `dev-${Date.now()}@example.test`,
    password: "a long example password",
  },
  log: (message: string) => void = console.log,
): Promise<ExampleResult> {
  // 1. A session cookie from better-auth (sign-in, or sign-up the first time).
  const authHeaders = { "content-type": "application/json", origin: baseUrl };
  let response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: authHeaders,
    body: JSON.stringify({ email: account.email, password: account.password }),
  });
  if (!response.ok) {
    response = await fetch(`${baseUrl}/api/auth/sign-up/email`, {
      method: "POST",
      headers: authHeaders,
      body: JSON.stringify(account),
    });
  }
  if (!response.ok) throw new Error(`Sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get("set-cookie")!.split(";")[0]!;
  log(`signed in as ${account.email}`);

  // 2. An API key, created with that session. The key is shown once; store it safely.
  const withSession = createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${baseUrl}/api/trpc`,
        transformer: superjson,
        headers: { cookie, origin: baseUrl },
      }),
    ],
  });
  const { key } = await withSession.apiKey.create.mutate({ name: "typed-client example" });
  log(`created API key ${key.slice(0, 6)}…`);

  // 3. From here on, only the key: `Authorization: Bearer <key>`.
  const harmoniq = createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${baseUrl}/api/trpc`,
        transformer: superjson,
        headers: { authorization: `Bearer ${key}` },
      }),
    ],
  });
  const song = await harmoniq.song.create.mutate({
    creationMode: "description",
    description: "a late train through the rain, city lights on the window",
    mood: "Dreamy",
    genre: "Jazz",
    durationSec: 15,
    isPublic: true,
  });
  log(
    `created "${song.title}" (${song.genre}, ${song.mood}, ${song.composition?.tempo} BPM), status ${song.status}`,
  );

  const feed = await harmoniq.song.feed.query({ sort: "new", limit: 10 });
  log(`feed: ${feed.items.map((item) => `"${item.title}" by @${item.author.handle}`).join(", ")}`);

  const liked = await harmoniq.song.like.mutate({ id: song.id });
  log(`liked it: ${liked.likeCount} like(s)`);

  const playlist = await harmoniq.playlist.create.mutate({
    name: "Made from code",
    isPublic: true,
  });
  await harmoniq.playlist.addSong.mutate({ playlistId: playlist.id, songId: song.id });
  const full = await harmoniq.playlist.byId.query({ id: playlist.id });
  log(`playlist "${full.name}": ${full.songs.map((entry) => entry.song.title).join(", ")}`);

  return {
    songId: song.id,
    feedCount: feed.items.length,
    likeCount: liked.likeCount,
    playlistId: playlist.id,
  };
}

// Run directly: `tsx examples/typed-client.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  await runExample(process.env.HARMONIQ_URL ?? "http://localhost:3000");
}
