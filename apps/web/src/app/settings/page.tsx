import { Settings } from "@/components/settings";
import { getQueryClient, HydrateClient, requireSession, trpc } from "@/trpc/server";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requireSession("/settings");
  const qc = getQueryClient();
  await Promise.all([
    qc.prefetchQuery(trpc.user.me.queryOptions()),
    qc.prefetchQuery(trpc.apiKey.list.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <Settings />
    </HydrateClient>
  );
}
