import { ChatApp } from "@/components/chat/chat-app";
import { getQueryClient, HydrateClient, requireSession, trpc } from "@/trpc/server";

export const metadata = { title: "Chat" };

export default async function ChatPage() {
  await requireSession("/chat");
  await getQueryClient().prefetchQuery(trpc.chat.list.queryOptions({ limit: 50 }));
  return (
    <HydrateClient>
      <ChatApp activeId={null} />
    </HydrateClient>
  );
}
