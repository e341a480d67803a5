import { getApi } from "@/server/api";

export const dynamic = "force-dynamic";

/** OpenSubsonic for music players (see createSubsonicHandler in @harmoniq/api). */
const handler = async (req: Request) => (await getApi()).handleSubsonic(req);
export { handler as GET, handler as POST };
