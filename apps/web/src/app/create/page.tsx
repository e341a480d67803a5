import { CreateSong } from "@/components/create/create-song";
import { requireSession } from "@/trpc/server";

export const metadata = { title: "Create" };

export default async function CreatePage() {
  await requireSession("/create");
  return <CreateSong />;
}
