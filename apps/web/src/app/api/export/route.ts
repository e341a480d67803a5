import { getApi } from "@/server/api";

export const dynamic = "force-dynamic";

/** The signed-in user's library as one zip (see createExportHandler in @harmoniq/api). */
export async function GET(req: Request) {
  return (await getApi()).handleExport(req);
}
