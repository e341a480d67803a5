import { getApi } from "@/server/api";

export const dynamic = "force-dynamic";

/** The creator's public songs as RSS 2.0, with audio enclosures. */
export async function GET(req: Request, { params }: { params: Promise<{ handle: string }> }) {
  return (await getApi()).handleRss(req, (await params).handle);
}
