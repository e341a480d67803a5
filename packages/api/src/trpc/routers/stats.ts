import { getUserStats } from "@harmoniq/db";
import { z } from "zod";
import { createTRPCRouter, protectedProcedure } from "../init";
import { statsOutput } from "../../rest/schemas";

export const statsRouter = createTRPCRouter({
  /** My totals, plays per day (zero-filled) and songs per genre. */
  mine: protectedProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/me/stats",
        tags: ["users"],
        summary: "Your totals, plays per day and songs per genre",
      },
    })
    .output(statsOutput)
    .input(
      z
        .object({ days: z.number().int().min(1).max(365).optional() })
        .strict()
        .optional(),
    )
    .query(({ ctx, input }) => getUserStats(ctx.db, ctx.userId, { days: input?.days ?? 30 })),
});
