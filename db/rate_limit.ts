/**
 * DESIGN §6 "Fairness": a contact sending more than 30 messages a minute
 * has the excess recorded as rate limited and not run, so one sender cannot
 * flood an API or the outbox.
 */
import { and, desc, eq, lt, ne, sql } from "drizzle-orm";
import type { InArgs } from "@libsql/client";
import { alias, QueryBuilder } from "drizzle-orm/sqlite-core";
import { queryRows } from "./batch.ts";
import { compileStatement } from "./sql_names.ts";
import type { Db } from "./client.ts";
import { inbound } from "./schema.ts";

/** Messages a contact may have run in any minute. */
export const MESSAGES_PER_MINUTE = 30;
const WINDOW_MS = 60_000;

/** The status (in the transcript) of a message over the rate. */
export const RATE_LIMITED = "rate_limited";

/**
 * The check of overRate, built once at load with placeholders: building the
 * drizzle query (an alias and a subquery) per message and running it through
 * the client, which prepares it again every call, cost 170 µs a message of
 * synchronous CPU on 13k rows, for a query that takes 30 µs; built once and
 * run on db/batch.ts's connection (prepared once) it costs 16 µs.
 */
const current = alias(inbound, "current");
const OVER_RATE = compileStatement<"id" | "contactKey">(
  db0().select({
    over: sql<number>`${current.receivedAt} - (${
      db0().select({ receivedAt: inbound.receivedAt }).from(inbound)
        .where(
          and(
            eq(inbound.contactKey, sql.placeholder("contactKey")),
            lt(inbound.id, sql.placeholder("id")),
            ne(inbound.status, RATE_LIMITED),
          ),
        )
        .orderBy(desc(inbound.id)).limit(1).offset(MESSAGES_PER_MINUTE - 1)
    }) < ${WINDOW_MS}`.as("over"),
  }).from(current).where(eq(current.id, sql.placeholder("id"))),
);

/** A query builder with no connection: only for building SQL text. */
function db0() {
  return new QueryBuilder();
}

/**
 * True when message `id` arrived within a minute of the contact's 30th
 * message before it (rate-limited ones not counted): reads at most 30 rows.
 */
export async function overRate(db: Db, id: number, contactKey: string): Promise<boolean> {
  const { sql: text, args } = OVER_RATE({ id, contactKey }) as { sql: string; args: InArgs };
  const [row] = await queryRows(db, text, args);
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
