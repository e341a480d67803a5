import "server-only";

import { appRouter, createCaller, createInnerContext } from "@harmoniq/api";
import { clientKeyOf, readDatabaseFor } from "@harmoniq/api/http";
import { getSessionFromHeaders } from "@harmoniq/auth";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { TRPCError } from "@trpc/server";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache, type ReactNode } from "react";
import { getApi } from "@/server/api";
import { makeQueryClient } from "./query-client";

/**
 * The procedures' context for this request: the same session rules as /api/trpc, and the same
 * choice of database for reads (a replica that has caught up with the visitor's last write).
 * Pages only read; mutations go through /api/trpc.
 */
export const createServerContext = cache(async () => {
  // Request headers first: every page that reads the session is rendered per request.
  const h = await headers();
  const api = await getApi();
  const session = await getSessionFromHeaders(api.auth, h);
  return createInnerContext({
    db: await readDatabaseFor({ db: api.db, reads: api.reads }, h, session),
    session,
    services: api.services,
    clientKey: clientKeyOf(h, api.trustedProxyHops),
  });
});

export const getQueryClient = cache(makeQueryClient);

/** `trpc.song.byId.queryOptions(...)` on the server: prefetch, then hydrate the client cache. */
export const trpc = createTRPCOptionsProxy({
  ctx: createServerContext,
  router: appRouter,
  queryClient: getQueryClient,
});

/** Direct calls (no cache) for server-only decisions. */
export const getCaller = cache(async () => createCaller(await createServerContext()));

export const getSession = cache(async () => (await createServerContext()).session);

/** Redirects anonymous visitors to sign in, then back. */
export async function requireSession(next: string) {
  const session = await getSession();
  if (!session) redirect(`/sign-in?next=${encodeURIComponent(next)}`);
  return session;
}

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}

/** Runs a server fetch; NOT_FOUND (missing or someone else's private item) becomes the 404 page. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") notFound();
    throw error;
  }
}
