import { insertApiKeySchema, listApiKeys, revokeApiKey } from "@harmoniq/db";
import { z } from "zod";
import { createTRPCRouter, protectedProcedure } from "../init";

/** The api-key plugin's own limit on names. */
const KEY_NAME_MAX = 60;

/**
 * The plugin counts UTF-16 code units, the schema counts characters: a 56-character name with
 * emoji (71 code units) passed the schema and the plugin threw (a 500). Both are checked here.
 */
const createKeyInput = insertApiKeySchema.refine((input) => input.name.length <= KEY_NAME_MAX, {
  path: ["name"],
  message: `Name is at most ${KEY_NAME_MAX} characters`,
});

export const apiKeyRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listApiKeys(ctx.db, ctx.userId)),

  /** The key is returned once; only its hash is stored. */
  create: protectedProcedure.input(createKeyInput).mutation(async ({ ctx, input }) => {
    const created = await ctx.services.auth.api.createApiKey({
      body: { name: input.name, userId: ctx.userId },
    });
    return { id: created.id, key: created.key, name: created.name, start: created.start };
  }),

  /** A revoked key stops working at once. */
  revoke: protectedProcedure
    .input(z.object({ id: z.string().min(1).max(100) }).strict())
    .mutation(async ({ ctx, input }) => {
      await revokeApiKey(ctx.db, { id: input.id, userId: ctx.userId });
      return { id: input.id };
    }),
});
