import { LIMITS } from "@harmoniq/db";
import { z } from "zod";

// Small shared input pieces; each router builds the rest from packages/db's drizzle-zod schemas.

export const idInput = z.object({ id: z.uuid("Not a valid id") }).strict();

export const pageInput = z
  .object({
    cursor: z.string().max(500).nullish(),
    limit: z.number().int().min(1).max(LIMITS.pageSizeMax).optional(),
    /** Sent by tRPC's infinite queries; pages here always move forward from the cursor. */
    direction: z.enum(["forward", "backward"]).optional(),
  })
  .strict();
