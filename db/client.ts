import { createClient } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { fileURLToPath } from "node:url";
import { closeBatches, useLocalFile } from "./batch.ts";
import { forgetAll } from "./cache.ts";
import * as schema from "./schema.ts";

/** The drizzle database every query module takes. */
export type Db = LibSQLDatabase<typeof schema>;

/** An open database: drizzle on top, the libSQL client below, and how to close it. */
export interface Database {
  db: Db;
  close(): void;
}

/** How long a write waits for another process's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens the database at `url` (file:, libsql://, http(s)://), turns on WAL
 * for embedded files, and applies pending migrations.
 *
 * Durability: WAL with `synchronous = FULL` on both connections (this
 * client's and db/batch.ts's, which commits webhooks and turns) — the WAL is
 * fsynced at every commit, so an acknowledged webhook survives a power cut
 * or kernel crash, not only a killed process. The cost is one fdatasync per
 * commit, and db/batch.ts's group commit shares it among every caller that
 * arrived during the previous commit.
 */
export async function openDb(url: string, options: { authToken?: string } = {}): Promise<Database> {
  const local = url.startsWith("file:");
  if (local) await ownerOnly(filePath(url));
  const client = createClient({
    url,
    authToken: options.authToken,
    timeout: BUSY_TIMEOUT_MS,
    // One connection for an embedded file: its statements are synchronous
    // anyway, and per-connection settings (synchronous, cache) hold for all.
    concurrency: local ? 1 : 8,
  });
  if (local) {
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute("PRAGMA synchronous = FULL");
  }
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: migrationsFolder() });
  if (local) useLocalFile(db, filePath(url), { busyTimeoutMs: BUSY_TIMEOUT_MS });
  return {
    db,
    close: () => {
      closeBatches(db);
      forgetAll(db);
      client.close();
    },
  };
}

/** The SQL migrations shipped beside this file (`deno compile --include db/migrations`). */
export function migrationsFolder(): string {
  return fileURLToPath(new URL("./migrations", import.meta.url));
}

/**
 * The database holds conversations and sealed secrets: create it readable by
 * its owner only (0600, like secret.key); SQLite gives its -wal and -shm the
 * main file's mode. Files made by an earlier version are narrowed too.
 */
async function ownerOnly(path: string): Promise<void> {
  if (path === ":memory:" || path === "") return;
  try {
    await Deno.writeFile(path, new Uint8Array(), { createNew: true, mode: 0o600 });
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
  }
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      await Deno.chmod(file, 0o600);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound) && !(error instanceof Deno.errors.NotSupported)) {
        throw error;
      }
    }
  }
}

function filePath(url: string): string {
  return url.replace(/^file:(\/\/(?=\/))?/, "").replace(/\?.*$/, "");
}
