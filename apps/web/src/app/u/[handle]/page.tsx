import type { Metadata } from "next";
import { Profile } from "@/components/profile";
import { getQueryClient, getSession, HydrateClient, orNotFound, trpc } from "@/trpc/server";

type Params = { params: Promise<{ handle: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `@${(await params).handle}` };
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
