/** For db/ tests: a fresh database file in a temporary folder, removed afterwards. */
import { type Db, openDb } from "./client.ts";

/** Runs `fn` on a migrated database in a temporary folder (`dir`), then closes and removes it. */
export async function withDb(fn: (db: Db, dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "chatwire-db-" });
  const { db, close } = await openDb(`file:${dir}/t.db`);
  try {
    await fn(db, dir);
  } finally {
    close();
    await Deno.remove(dir, { recursive: true });
  }
}
