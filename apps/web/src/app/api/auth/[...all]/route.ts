import { getApi } from "@/server/api";

export const dynamic = "force-dynamic";

const handler = async (req: Request) => (await getApi()).handleAuth(req);
export { handler as GET, handler as POST };
