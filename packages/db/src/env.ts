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

/** The database settings the data layer reads, validated once. */
export const databaseEnvSchema = z.object({
  DATABASE_URL: postgresUrl.optional(),
  /** Where the embedded database keeps its files when DATABASE_URL is unset. */
  HARMONIQ_DATA_DIR: z.string().trim().min(1).optional(),
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
