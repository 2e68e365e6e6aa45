import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";

/**
 * `chatwire backup <file>`: a consistent copy of the embedded database via
 * `VACUUM INTO`, safe while the server runs (it reads one snapshot).
 */
export async function backup(db: Db, databaseUrl: string, file: string): Promise<string> {
  if (!databaseUrl.startsWith("file:")) {
    throw new Error("Cannot back up: only embedded (file:) databases; use your libSQL server's own backups");
  }
  try {
    await Deno.lstat(file);
    throw new Error(`Cannot back up: ${file} already exists`);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  await db.run(sql`VACUUM INTO ${file}`);
  const { size } = await Deno.stat(file);
  return `Backed up to ${file} (${size} bytes)`;
}
