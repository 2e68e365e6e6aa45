/**
 * DESIGN §6 "Fairness": a contact sending more than 30 messages a minute
 * has the excess recorded as rate limited and not run, so one sender cannot
 * flood an API or the outbox.
 */
import { and, desc, eq, lt, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "./client.ts";
import { inbound } from "./schema.ts";

/** Messages a contact may have run in any minute. */
export const MESSAGES_PER_MINUTE = 30;
const WINDOW_MS = 60_000;

/** The status (in the transcript) of a message over the rate. */
export const RATE_LIMITED = "rate_limited";

/**
 * True when message `id` arrived within a minute of the contact's 30th
 * message before it (rate-limited ones not counted): reads at most 30 rows.
 */
export async function overRate(db: Db, id: number, contactKey: string): Promise<boolean> {
  const current = alias(inbound, "current");
  const earlier = db.select({ receivedAt: inbound.receivedAt }).from(inbound)
    .where(and(eq(inbound.contactKey, contactKey), lt(inbound.id, id), ne(inbound.status, RATE_LIMITED)))
    .orderBy(desc(inbound.id)).limit(1).offset(MESSAGES_PER_MINUTE - 1);
  const [row] = await db.select({ over: sql<number>`${current.receivedAt} - (${earlier}) < ${WINDOW_MS}` })
    .from(current).where(eq(current.id, id));
  return Boolean(row?.over);
}

/** Marks a claimed message as rate limited (done, not run); false when the lease was lost. */
export async function markRateLimited(db: Db, id: number, owner: string): Promise<boolean> {
  const rows = await db.update(inbound)
    .set({
      status: RATE_LIMITED,
      processedAt: Date.now(),
      error: `Rate limited: more than ${MESSAGES_PER_MINUTE} messages a minute; not run`,
    })
    .where(and(eq(inbound.id, id), eq(inbound.leaseOwner, owner), eq(inbound.status, "pending")))
    .returning({ id: inbound.id });
  return rows.length > 0;
}
