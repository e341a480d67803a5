import { isDatabaseUnavailable, StorageError, type StorageErrorCode } from "@harmoniq/db";
import { MusicInputError } from "@harmoniq/music";
import { TRPCError } from "@trpc/server";
import { RateLimitedError } from "../services/rate-limits";

const storageToTrpc: Record<StorageErrorCode, TRPCError["code"]> = {
  NOT_FOUND: "NOT_FOUND",
  FORBIDDEN: "FORBIDDEN",
  CONFLICT: "CONFLICT",
  BAD_REQUEST: "BAD_REQUEST",
};

export const DATABASE_UNAVAILABLE_MESSAGE = "The database is unavailable, try again shortly";

/** Domain errors become the tRPC error of the same meaning; anything else stays internal. */
export function toTrpcError(error: unknown): TRPCError | null {
  // The database down or restarting is not a bug in the request: 503, and the client retries.
  if (isDatabaseUnavailable(error)) {
    return new TRPCError({
      code: "SERVICE_UNAVAILABLE",
      message: DATABASE_UNAVAILABLE_MESSAGE,
      cause: error,
    });
  }
  if (error instanceof StorageError) {
    return new TRPCError({ code: storageToTrpc[error.code], message: error.message, cause: error });
  }
  if (error instanceof MusicInputError) {
    return new TRPCError({ code: "BAD_REQUEST", message: error.message, cause: error });
  }
  if (error instanceof RateLimitedError) {
    return new TRPCError({ code: "TOO_MANY_REQUESTS", message: error.message, cause: error });
  }
  return null;
}
