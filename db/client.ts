import { createClient } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { fileURLToPath } from "node:url";
import * as schema from "./schema.ts";

/** The drizzle database every query module takes. */
export type Db = LibSQLDatabase<typeof schema>;

/** An open database: drizzle on top, the libSQL client below, and how to close it. */
export interface Database {
  db: Db;
  close(): void;
}

/**
 * Opens the database at `url` (file:, libsql://, http(s)://), turns on WAL
 * and foreign keys for embedded files, and applies pending migrations.
 */
export async function openDb(url: string, options: { authToken?: string } = {}): Promise<Database> {
  const local = url.startsWith("file:");
  const client = createClient({
    url,
    authToken: options.authToken,
    // Several connections wait for each other instead of failing with SQLITE_BUSY.
    timeout: 5000,
    concurrency: 8,
  });
  if (local) {
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute("PRAGMA synchronous = NORMAL");
  }
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: migrationsFolder() });
  return { db, close: () => client.close() };
}

/** The SQL migrations shipped beside this file (`deno compile --include db/migrations`). */
export function migrationsFolder(): string {
  return fileURLToPath(new URL("./migrations", import.meta.url));
}
