/**
 * Login throttling. An account is locked after MAX_FAILURES attempts in the
 * window: each attempt is counted atomically *before* its password is
 * checked, so a burst of concurrent guesses cannot all slip in, and a
 * successful login gives its attempt back. An address is never locked (behind
 * a reverse proxy every admin shares one): its failures only add a growing
 * delay, so a stranger's guesses cannot keep the owner out.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { loginFailures } from "./schema.ts";

/** Attempts an account gets within the window before it is locked. */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;
export const LOCK_MS = 15 * 60 * 1000;
/** Failures an address may make before its logins are slowed down. */
export const FREE_ADDRESS_FAILURES = 5;
/** The longest delay an address's failures add to a login. */
export const MAX_ADDRESS_DELAY_MS = 2000;

/**
 * Counts one attempt against `key` (`account:<email>`) in one statement and
 * answers whether it may go on; `lockedUntil` when it may not. SQLite reads
 * every SET expression from the row as it was, so the CASEs see one state.
 */
export async function reserveAttempt(
  db: Db,
  key: string,
  now = Date.now(),
): Promise<{ allowed: true } | { allowed: false; lockedUntil: number }> {
  const stale = now - WINDOW_MS;
  const locked = sql`coalesce(${loginFailures.lockedUntil}, 0) > ${now}`;
  const fresh = sql`${loginFailures.firstAt} < ${stale}`;
  const [row] = await db.insert(loginFailures).values({ key, count: 1, firstAt: now })
    .onConflictDoUpdate({
      target: loginFailures.key,
      set: {
        count: sql`CASE WHEN ${locked} THEN ${loginFailures.count} WHEN ${fresh} THEN 1
          ELSE ${loginFailures.count} + 1 END`,
        firstAt: sql`CASE WHEN ${locked} THEN ${loginFailures.firstAt} WHEN ${fresh} THEN ${now}
          ELSE ${loginFailures.firstAt} END`,
        lockedUntil: sql`CASE WHEN ${locked} THEN ${loginFailures.lockedUntil}
          WHEN NOT ${fresh} AND ${loginFailures.count} + 1 > ${MAX_FAILURES} THEN ${now + LOCK_MS}
          ELSE NULL END`,
      },
    })
    .returning({ lockedUntil: loginFailures.lockedUntil });
  const until = row?.lockedUntil ?? 0;
  return until > now ? { allowed: false, lockedUntil: until } : { allowed: true };
}

/** A successful login: the account's attempts are forgiven. */
export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.key, key));
}

/** Counts one failure from an address (`address:<ip>`); addresses are never locked. */
export async function recordAddressFailure(db: Db, key: string, now = Date.now()): Promise<void> {
  const fresh = sql`${loginFailures.firstAt} < ${now - WINDOW_MS}`;
  await db.insert(loginFailures).values({ key, count: 1, firstAt: now }).onConflictDoUpdate({
    target: loginFailures.key,
    set: {
      count: sql`CASE WHEN ${fresh} THEN 1 ELSE ${loginFailures.count} + 1 END`,
      firstAt: sql`CASE WHEN ${fresh} THEN ${now} ELSE ${loginFailures.firstAt} END`,
    },
  });
}

/**
 * How long a login from this address waits before its password is checked:
 * nothing for the first failures, then doubling from 250 ms up to
 * MAX_ADDRESS_DELAY_MS. A right password still gets in, only later.
 */
export async function addressDelayMs(db: Db, key: string, now = Date.now()): Promise<number> {
  const row = await db.query.loginFailures.findFirst({ where: eq(loginFailures.key, key) });
  if (!row || row.firstAt < now - WINDOW_MS || row.count < FREE_ADDRESS_FAILURES) return 0;
  return Math.min(250 * 2 ** (row.count - FREE_ADDRESS_FAILURES), MAX_ADDRESS_DELAY_MS);
}
