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

export function parseDatabaseEnv(env: Record<string, string | undefined>): DatabaseEnv {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const result = databaseEnvSchema.safeParse(cleaned);
  if (!result.success) {
    const issues = result.error.issues
      .map((issue) => `${issue.path.join(".")} ${issue.message}`)
      .join("; ");
    throw new DatabaseConfigError(`Invalid database configuration: ${issues}`);
  }
  return result.data;
}
