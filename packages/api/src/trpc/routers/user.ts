import {
  createAppPassword,
  followUser,
  insertAppPasswordSchema,
  listAppPasswords,
  revokeAppPassword,
  getFollowCounts,
  getProfileByHandle,
  getUserById,
  listFollowers,
  listFollowing,
  listPlaylistsByOwner,
  listRepostsByUser,
  listSongsByOwner,
  unfollowUser,
  updateProfileSchema,
  updateProfile,
} from "@harmoniq/db";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { deleteAccount } from "../../services/account-deletion";
import { generateAppPassword, sealAppPassword } from "../../services/app-passwords";
import { notifyWatchers } from "../../services/notification-signals";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../init";
import { pageInput } from "./inputs";
import { followPageOutput, followStateOutput, meOutput, profileOutput } from "../../rest/schemas";

/** A user id (better-auth's text ids); whether such a user exists is storage's answer. */
const userIdInput = z.object({ userId: z.string().min(1).max(100) }).strict();

export const userRouter = createTRPCRouter({
  /** The signed-in user, or null when anonymous. */
  me: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/me",
        tags: ["users"],
        summary: "Who you are",
        protect: false,
      },
    })
    .output(meOutput)
    .query(async ({ ctx }) => {
      if (!ctx.session) return null;
      const profile = await getUserById(ctx.db, ctx.session.user.id);
      return profile ? { ...profile, email: ctx.session.user.email } : null;
    }),

  /** A public profile: the user, totals over public songs, their public songs and playlists. */
  byHandle: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/users/{handle}",
        tags: ["users"],
        summary: "A public profile with its songs, playlists and latest reposts",
        protect: false,
      },
    })
    .output(profileOutput)
    .input(pageInput.extend({ handle: z.string().min(1).max(60) }))
    .query(async ({ ctx, input }) => {
      const profile = await getProfileByHandle(ctx.db, input.handle);
      if (!profile) throw new TRPCError({ code: "NOT_FOUND", message: "No one has that handle" });
      const viewerId = ctx.session?.user.id ?? null;
      const [follow, songs, playlists, reposts] = await Promise.all([
        getFollowCounts(ctx.db, { userId: profile.id, viewerId }),
        listSongsByOwner(ctx.db, profile.id, {
          viewerId,
          publicOnly: true,
          cursor: input.cursor,
          limit: input.limit,
        }),
        listPlaylistsByOwner(ctx.db, profile.id, { viewerId, publicOnly: true, limit: 50 }),
        // The first page only: reposts are a shelf on the profile, not its list.
        input.cursor
          ? Promise.resolve([])
          : listRepostsByUser(ctx.db, { userId: profile.id, viewerId, limit: 12 }),
      ]);
      return { ...profile, ...follow, songs, playlists: playlists.items, reposts };
    }),

  /** Follows a user; idempotent. Following oneself is refused, an unknown user not found. */
  follow: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/users/{userId}/follow",
        tags: ["users"],
        summary: "Follow a user",
      },
    })
    .input(userIdInput)
    .output(followStateOutput)
    .mutation(async ({ ctx, input }) => {
      const state = await followUser(ctx.db, { followerId: ctx.userId, followeeId: input.userId });
      notifyWatchers();
      return state;
    }),

  /** Stops following a user; idempotent. */
  unfollow: protectedProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/users/{userId}/follow",
        tags: ["users"],
        summary: "Stop following a user",
      },
    })
    .input(userIdInput)
    .output(followStateOutput)
    .mutation(({ ctx, input }) =>
      unfollowUser(ctx.db, { followerId: ctx.userId, followeeId: input.userId }),
    ),

  /** Who follows the user, most recent first. */
  followers: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/users/{userId}/followers",
        tags: ["users"],
        summary: "Who follows a user",
        protect: false,
      },
    })
    .output(followPageOutput)
    .input(pageInput.extend(userIdInput.shape).strict())
    .query(({ ctx, input }) =>
      listFollowers(ctx.db, {
        userId: input.userId,
        viewerId: ctx.session?.user.id ?? null,
        cursor: input.cursor,
        limit: input.limit,
      }),
    ),

  /** Whom the user follows, most recently followed first. */
  following: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/users/{userId}/following",
        tags: ["users"],
        summary: "Whom a user follows",
        protect: false,
      },
    })
    .output(followPageOutput)
    .input(pageInput.extend(userIdInput.shape).strict())
    .query(({ ctx, input }) =>
      listFollowing(ctx.db, {
        userId: input.userId,
        viewerId: ctx.session?.user.id ?? null,
        cursor: input.cursor,
        limit: input.limit,
      }),
    ),

  updateProfile: protectedProcedure.input(updateProfileSchema).mutation(async ({ ctx, input }) => {
    // Nothing to change is a no-op (as for songs), not an UPDATE with an empty SET (a 500).
    if (Object.keys(input).length === 0) {
      const profile = await getUserById(ctx.db, ctx.userId);
      if (!profile) throw new TRPCError({ code: "NOT_FOUND", message: "User not found" });
      return profile;
    }
    return updateProfile(ctx.db, ctx.userId, input);
  }),

  /**
   * Deletes the caller's account and everything they own, once they type their handle. Only
   * from a signed-in browser session: a leaked API key must not be able to erase an account.
   */
  deleteAccount: protectedProcedure
    .input(z.object({ confirmHandle: z.string().max(60) }).strict())
    .mutation(async ({ ctx, input }) => {
      if (ctx.session.via !== "cookie") {
        throw new TRPCError({
          code: "FORBIDDEN",
          message: "Delete your account from HarmoniQ's Settings page, not with an API key",
        });
      }
      const deleted = await deleteAccount(ctx.db, ctx.services.songs, {
        userId: ctx.userId,
        confirmHandle: input.confirmHandle,
      });
      return {
        deleted: true as const,
        handle: deleted.handle,
        songs: deleted.songs,
        audioFilesRemoved: deleted.audio.removed,
      };
    }),

  /**
   * A new app password for a music player (OpenSubsonic at /rest): returned once, stored
   * encrypted with the server secret (token auth needs the plaintext).
   */
  createAppPassword: protectedProcedure
    .input(insertAppPasswordSchema)
    .mutation(async ({ ctx, input }) => {
      const password = generateAppPassword();
      const sealed = sealAppPassword(ctx.services.auth.options.secret, ctx.userId, password);
      const created = await createAppPassword(ctx.db, {
        userId: ctx.userId,
        name: input.name,
        sealed,
      });
      return { id: created.id, name: created.name, password };
    }),

  /** The caller's app passwords (names and dates, never the passwords), newest first. */
  appPasswords: protectedProcedure.query(({ ctx }) => listAppPasswords(ctx.db, ctx.userId)),

  /** A revoked app password stops working at once. */
  revokeAppPassword: protectedProcedure
    .input(z.object({ id: z.string().min(1).max(100) }).strict())
    .mutation(async ({ ctx, input }) => {
      await revokeAppPassword(ctx.db, { id: input.id, userId: ctx.userId });
      return { id: input.id };
    }),
});
