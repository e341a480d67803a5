import { getApi } from "@/server/api";

export const dynamic = "force-dynamic";

/** The compact player other sites may frame (public songs only); a page of its own. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return (await getApi()).handleEmbed(req, (await params).id);
}
