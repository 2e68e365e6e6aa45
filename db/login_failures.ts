import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { loginFailures } from "./schema.ts";

/** After this many failures within the window, a key is locked. */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;
export const LOCK_MS = 15 * 60 * 1000;

/** The latest lock expiry among `keys`, or null when none is locked. */
export async function lockedUntil(db: Db, keys: string[], now = Date.now()): Promise<number | null> {
  const rows = await db.select().from(loginFailures).where(inArray(loginFailures.key, keys));
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil ?? 0));
  return until > now ? until : null;
}

/** Counts one failure against each key; locks a key on its MAX_FAILURES-th failure. */
export async function recordFailure(db: Db, keys: string[], now = Date.now()): Promise<void> {
  for (const key of keys) {
    await db.insert(loginFailures).values({ key, count: 1, firstAt: now }).onConflictDoUpdate({
      target: loginFailures.key,
      set: {
        count: sql`CASE WHEN ${loginFailures.firstAt} < ${
          now - WINDOW_MS
        } THEN 1 ELSE ${loginFailures.count} + 1 END`,
        firstAt: sql`CASE WHEN ${loginFailures.firstAt} < ${
          now - WINDOW_MS
        } THEN ${now} ELSE ${loginFailures.firstAt} END`,
      },
    });
    await db.update(loginFailures).set({ lockedUntil: now + LOCK_MS, count: 0, firstAt: now })
      .where(sql`${loginFailures.key} = ${key} AND ${loginFailures.count} >= ${MAX_FAILURES}`);
  }
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.key, key));
}
