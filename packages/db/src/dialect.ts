import { PgDialect } from "drizzle-orm/pg-core";

/** Columns are camelCase in TypeScript and snake_case in the database, on both drivers. */
export const casing = "snake_case";

/** Renders SQL as the clients do (client.ts), for statements prepared outside the query builder. */
export const sqlDialect = new PgDialect({ casing });
