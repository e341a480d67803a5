import { getApi } from "@/server/api";

export const dynamic = "force-dynamic";

/** The REST API and its OpenAPI document (see createRestHandler in @harmoniq/api). */
const handler = async (req: Request) => (await getApi()).handleRest(req);
export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
