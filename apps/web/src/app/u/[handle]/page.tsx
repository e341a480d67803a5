import type { Metadata } from "next";
import { Profile } from "@/components/profile";
import { formatCount } from "@/lib/format";
import { getApi } from "@/server/api";
import {
  getCaller,
  getQueryClient,
  getSession,
  HydrateClient,
  orNotFound,
  trpc,
} from "@/trpc/server";

type Params = { params: Promise<{ handle: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { handle } = await params;
  try {
    const profile = await (await getCaller()).user.byHandle({ handle, limit: 1 });
    const { baseUrl } = await getApi();
    const url = new URL(`/u/${profile.handle}`, baseUrl).toString();
    const title = `${profile.name} (@${profile.handle})`;
    const description =
      profile.bio ??
      `${formatCount(profile.totals.songCount, "public song")} by ${profile.name} on HarmoniQ.`;
    return {
      title,
      description,
      openGraph: {
        type: "profile",
        title,
        description,
        url,
        siteName: "HarmoniQ",
        username: profile.handle,
      },
      twitter: { card: "summary", title, description },
      // The creator's public songs as a podcast-style feed.
      alternates: {
        types: {
          "application/rss+xml": [
            {
              url: new URL(`/u/${profile.handle}/feed.xml`, baseUrl).toString(),
              title: `${profile.name} on HarmoniQ`,
            },
          ],
        },
      },
    };
  } catch {
    return { title: `@${handle}` };
  }
}

export default async function ProfilePage({ params }: Params) {
  const { handle } = await params;
  await orNotFound(
    getQueryClient().fetchQuery(trpc.user.byHandle.queryOptions({ handle, limit: 50 })),
  );
  const session = await getSession();
  return (
    <HydrateClient>
      <Profile handle={handle} viewerId={session?.user.id ?? null} />
    </HydrateClient>
  );
}
