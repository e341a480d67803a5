import { ChatApp } from "@/components/chat/chat-app";
import { getQueryClient, HydrateClient, orNotFound, requireSession, trpc } from "@/trpc/server";

export const metadata = { title: "Chat" };

export default async function ConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireSession(`/chat/${id}`);
  const qc = getQueryClient();
  await orNotFound(qc.fetchQuery(trpc.chat.byId.queryOptions({ id, limit: 50 })));
  await qc.prefetchQuery(trpc.chat.list.queryOptions({ limit: 50 }));
  return (
    <HydrateClient>
      <ChatApp activeId={id} />
    </HydrateClient>
  );
}
