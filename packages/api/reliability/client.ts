import {
  createTRPCClient,
  httpBatchStreamLink,
  httpLink,
  splitLink,
  TRPCClientError,
} from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "../src/trpc/root";
import { APP_ORIGIN } from "./app";

export type ApiClient = ReturnType<typeof apiClient>;

/** A typed client as a browser would be: the session cookie and the app's Origin on every call. */
export function apiClient(baseUrl: string, cookie?: string) {
  const headers = { origin: APP_ORIGIN, ...(cookie ? { cookie } : {}) };
  const url = `${baseUrl}/api/trpc`;
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        // chat.send streams its reply (JSON lines); everything else is one plain request.
        condition: (op) => op.path === "chat.send",
        true: httpBatchStreamLink({ url, transformer: superjson, headers }),
        false: httpLink({ url, transformer: superjson, headers }),
      }),
    ],
  });
}

export interface SignedUpUser {
  id: string;
  cookie: string;
  client: ApiClient;
}

/** Signs up through /api/auth; each account from its own address, as real sign-ups are. */
export async function signUp(baseUrl: string, n: number): Promise<SignedUpUser> {
  const tag = `${Date.now().toString(36)}${n}`;
  const response = await fetch(`${baseUrl}/api/auth/sign-up/email`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: APP_ORIGIN,
      "x-forwarded-for": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
    },
    body: JSON.stringify({
      name: `Load User ${n}`,
      email: `load-${tag}@example.test`,
      password: "a long load-test password",
    }),
  });
  if (!response.ok) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get("set-cookie")!.split(";")[0]!;
  const body = (await response.json()) as { user: { id: string } };
  return { id: body.user.id, cookie, client: apiClient(baseUrl, cookie) };
}

/** How a call ended, as the load generator counts it. */
export type Outcome =
  | { kind: "ok" }
  /** An answer with the API's error shape (tRPC code and HTTP status). */
  | { kind: "refused"; status: number; code: string; message: string }
  /** No usable answer: connection refused or reset, or a body that is not the API's JSON. */
  | { kind: "broken"; message: string };

export function outcomeOf(error: unknown): Outcome {
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<AppRouter>).data;
    if (data?.httpStatus && data.code) {
      return { kind: "refused", status: data.httpStatus, code: data.code, message: error.message };
    }
    const cause = (error.cause as Error | undefined)?.message;
    return { kind: "broken", message: cause ? `${error.message} (${cause})` : error.message };
  }
  return { kind: "broken", message: error instanceof Error ? error.message : String(error) };
}

/** A server-side failure: any 5xx or no usable answer. */
export const isServerFailure = (outcome: Outcome) =>
  outcome.kind === "broken" || (outcome.kind === "refused" && outcome.status >= 500);
