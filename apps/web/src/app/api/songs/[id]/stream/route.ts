import { getApi } from "@/server/api";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return (await getApi()).handleStream(req, (await params).id);
}
