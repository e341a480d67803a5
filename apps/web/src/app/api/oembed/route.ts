import { getApi } from "@/server/api";

export const dynamic = "force-dynamic";

/** oEmbed 1.0 for song pages: a rich type with an iframe of /embed/songs/:id. */
export async function GET(req: Request) {
  return (await getApi()).handleOembed(req);
}
