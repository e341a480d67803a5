import { z } from "zod";

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== ""
      );
    } catch {
      return false;
    }
  }, "must be a URL like postgres://user:password@host:5432/database");

/**
 * Comma-separated PostgreSQL URLs of streaming read replicas. The error names the entry by
 * position, never by value (the URLs carry passwords).
 */
const replicaUrls = z
  .string()
  .transform((value) => value.split(",").map((entry) => entry.trim()))
  .superRefine((entries, ctx) => {
    entries.forEach((entry, index) => {
      if (!postgresUrl.safeParse(entry).success)
        ctx.addIssue({
          code: "custom",
          message: `entry ${index + 1} of ${entries.length} must be a URL like postgres://user:password@replica-host:5432/database (comma-separated, no empty entries)`,
        });
    });
  });

/** The database settings the data layer reads, validated once. */
export const databaseEnvSchema = z
  .object({
    DATABASE_URL: postgresUrl.optional(),
    /** Read replicas of DATABASE_URL; reads go there unless the caller must see its own writes. */
    DATABASE_REPLICA_URLS: replicaUrls.optional(),
    /** Where the embedded database keeps its files when DATABASE_URL is unset. */
    HARMONIQ_DATA_DIR: z.string().trim().min(1).optional(),
  })
  .refine((env) => !env.DATABASE_REPLICA_URLS || env.DATABASE_URL, {
    path: ["DATABASE_REPLICA_URLS"],
    message: "needs DATABASE_URL (replicas serve a PostgreSQL primary, not the embedded database)",
  });
export type DatabaseEnv = z.infer<typeof databaseEnvSchema>;

export class DatabaseConfigError extends Error {
  override name = "DatabaseConfigError";
}

/**
 * Validates environment variables with a zod schema, treating empty values as unset; the
 * error names each bad variable. Shared by every package that reads the environment.
 */
export function parseEnv<T extends z.ZodType>(
  schema: T,
  env: Record<string, string | undefined>,
  what: string,
  makeError: (message: string) => Error = (message) => new Error(message),
): z.output<T> {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const issues = result.error.issues
    .map((issue) => `${issue.path.join(".")} ${issue.message}`)
    .join("; ");
  throw makeError(`Invalid ${what}: ${issues}`);
}

export function parseDatabaseEnv(env: Record<string, string | undefined>): DatabaseEnv {
  return parseEnv(
    databaseEnvSchema,
    env,
    "database configuration",
    (message) => new DatabaseConfigError(message),
  );
}
