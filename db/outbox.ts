/**
 * The outbox: replies queued by turns, sent by runtime/sender.ts. A row is
 * leased (`sending`, `lease_until`) while a process sends it; a contact's
 * unsent rows are leased together and sent in order, and none is eligible
 * while the oldest waits for a retry, so replies keep their order.
 */
import type { ReplyTarget } from "../engine/whatsapp/mod.ts";
import type { OutMessage } from "../engine/types.ts";
import { BOOKKEEPING, queryRows, writeBatch } from "./batch.ts";
import type { Db } from "./client.ts";
import { outbox } from "./schema.ts";
import { namesOf } from "./sql_names.ts";

const O = namesOf(outbox);

/** A leased reply, ready to send. */
export interface OutboxItem {
  id: number;
  channelId: number;
  contactKey: string;
  inboundId: number | null;
  message: OutMessage;
  recipient: ReplyTarget;
  /** Send attempts so far, this one included. */
  attempts: number;
}

const UNSENT = `${O.status} IN ('queued', 'sending')`;
const DUE =
  `((${O.status} = 'queued' AND ${O.nextAttemptAt} <= ?) OR (${O.status} = 'sending' AND ${O.leaseUntil} <= ?))`;

/**
 * The contacts whose oldest unsent reply is due, oldest first. `head = 1`
 * marks a contact's oldest unsent reply (triggers keep it, migration
 * 0002_claim_heads), so this walks the partial index outbox_head in id order
 * and never groups the backlog: replies queued behind a head are not read.
 */
export const CLAIM_HEADS_SQL =
  `SELECT ${O.contactKey} FROM ${O.$} WHERE ${O.head} = 1 AND ${UNSENT} AND ${DUE} ORDER BY ${O.id} LIMIT ?`;

const CLAIM = (count: number) =>
  `UPDATE ${O.$} SET ${O.status} = 'sending', ${O.leaseOwner} = ?, ${O.leaseUntil} = ?, ${O.attempts} = ${O.attempts} + 1
  WHERE ${O.contactKey} IN (${placeholders(count)}) AND ${UNSENT}
    AND (${O.status} = 'queued' OR ${O.leaseUntil} <= ?)
    AND EXISTS (SELECT 1 FROM ${O.$} h WHERE h.${O.contactKey} = ${O.$}.${O.contactKey} AND h.${O.head} = 1
      AND h.${O.status} IN ('queued', 'sending')
      AND ((h.${O.status} = 'queued' AND h.${O.nextAttemptAt} <= ?) OR (h.${O.status} = 'sending' AND h.${O.leaseUntil} <= ?)))
  RETURNING ${O.id}, ${O.channelId}, ${O.contactKey}, ${O.inboundId}, ${O.message}, ${O.recipient}, ${O.attempts}`;

/**
 * Leases the unsent replies of up to `limit` contacts whose oldest unsent
 * reply is due: queued and past its backoff, or `sending` under an expired
 * lease (its process died). All of such a contact's unsent replies are
 * leased together, to be sent one after the other in order. Candidates are
 * read first so an idle poll takes no write lock; the UPDATE re-checks that
 * each contact's oldest reply is still due, atomically between processes.
 */
export async function claimOutbox(
  db: Db,
  owner: string,
  options: { limit: number; leaseMs: number; now?: number },
): Promise<OutboxItem[][]> {
  const now = options.now ?? Date.now();
  const heads = await queryRows(db, CLAIM_HEADS_SQL, [now, now, options.limit]);
  if (heads.length === 0) return [];
  const keys = heads.map((r) => String(r[O.contactKey]));
  const [result] = await writeBatch(db, [{
    sql: CLAIM(keys.length),
    args: [owner, now + options.leaseMs, ...keys, now, now, now],
  }], BOOKKEEPING);
  const byContact = new Map<string, OutboxItem[]>();
  for (const r of result.rows) {
    const item: OutboxItem = {
      id: Number(r[O.id]),
      channelId: Number(r[O.channelId]),
      contactKey: String(r[O.contactKey]),
      inboundId: r[O.inboundId] === null ? null : Number(r[O.inboundId]),
      message: JSON.parse(String(r[O.message])) as OutMessage,
      recipient: JSON.parse(String(r[O.recipient])) as ReplyTarget,
      attempts: Number(r[O.attempts]),
    };
    byContact.set(item.contactKey, [...byContact.get(item.contactKey) ?? [], item]);
  }
  return [...byContact.values()].map((items) => items.sort((x, y) => x.id - y.id));
}

/**
 * Hands leased replies back without counting an attempt: they wait behind
 * an earlier reply of the same contact that must be retried first.
 */
export async function releaseOutbox(db: Db, owner: string, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await writeBatch(db, [{
    sql: `UPDATE ${O.$} SET ${O.status} = 'queued', ${O.leaseOwner} = NULL, ${O.leaseUntil} = NULL,
      ${O.attempts} = ${O.attempts} - 1
      WHERE ${O.leaseOwner} = ? AND ${O.status} = 'sending' AND ${O.id} IN (${placeholders(ids.length)})`,
    args: [owner, ...ids],
  }], BOOKKEEPING);
}

const MARK_SENT = `UPDATE ${O.$} SET ${O.status} = 'sent', ${O.waMessageId} = ?, ${O.sentAt} = ?,
  ${O.statusAt} = ?, ${O.leaseOwner} = NULL, ${O.leaseUntil} = NULL, ${O.errorCode} = NULL, ${O.error} = NULL
  WHERE ${O.id} = ? AND ${UNSENT}`;
const MARK_RETRY = `UPDATE ${O.$} SET ${O.status} = 'queued', ${O.nextAttemptAt} = ?, ${O.errorCode} = ?,
  ${O.error} = ?, ${O.leaseOwner} = NULL, ${O.leaseUntil} = NULL
  WHERE ${O.id} = ? AND ${O.leaseOwner} = ? AND ${O.status} = 'sending'`;
const MARK_FAILED = `UPDATE ${O.$} SET ${O.status} = 'failed', ${O.errorCode} = ?, ${O.error} = ?,
  ${O.statusAt} = ?, ${O.leaseOwner} = NULL, ${O.leaseUntil} = NULL
  WHERE ${O.id} = ? AND ${O.leaseOwner} = ? AND ${O.status} = 'sending'`;

/**
 * Records Graph's acceptance at once. Not conditional on the lease: once
 * Meta has the message, no process may send it again, whoever holds it.
 */
export async function markSent(
  db: Db,
  id: number,
  waMessageId: string | null,
  now = Date.now(),
): Promise<void> {
  await writeBatch(db, [{
    sql: MARK_SENT,
    args: [waMessageId, now, now, id],
  }], BOOKKEEPING);
}

/** Puts a reply back in the queue until `nextAttemptAt`, keeping the error for the pages. */
export async function markRetry(
  db: Db,
  id: number,
  owner: string,
  failure: { code: number | null; error: string; nextAttemptAt: number },
): Promise<void> {
  await writeBatch(db, [{
    sql: MARK_RETRY,
    args: [failure.nextAttemptAt, failure.code, failure.error, id, owner],
  }], BOOKKEEPING);
}

/** Gives up on a reply: a permanent error, an expired token or too many attempts. */
export async function markFailed(
  db: Db,
  id: number,
  owner: string,
  failure: { code: number | null; error: string },
  now = Date.now(),
): Promise<void> {
  await writeBatch(db, [{
    sql: MARK_FAILED,
    args: [failure.code, failure.error, now, id, owner],
  }], BOOKKEEPING);
}

/**
 * The Graph API answers again after failing: the replies of `channelId`
 * waiting out a retry delay are due now instead of at the end of their
 * backoff (up to a minute), so a backlog drains at the sender's pace once
 * Meta is back. Only each contact's head waits (the replies behind it are
 * held by order), so this reads the head index.
 */
export async function retryNow(db: Db, channelId: number, now = Date.now()): Promise<number> {
  const [result] = await writeBatch(db, [{
    sql:
      `UPDATE ${O.$} SET ${O.nextAttemptAt} = ? WHERE ${O.status} IN ('queued', 'sending') AND ${O.head} = 1
      AND ${O.status} = 'queued' AND ${O.channelId} = ? AND ${O.nextAttemptAt} > ?`,
    args: [now, channelId, now],
  }], BOOKKEEPING);
  return result.rowsAffected;
}

/** Extends this process's leases on replies still being sent. */
export async function renewOutboxLeases(db: Db, owner: string, ids: number[], until: number): Promise<void> {
  if (ids.length === 0) return;
  await writeBatch(db, [{
    sql: `UPDATE ${O.$} SET ${O.leaseUntil} = ? WHERE ${O.leaseOwner} = ? AND ${O.status} = 'sending'
      AND ${O.id} IN (${placeholders(ids.length)})`,
    args: [until, owner, ...ids],
  }], BOOKKEEPING);
}

function placeholders(count: number): string {
  return Array.from({ length: count }, () => "?").join(", ");
}
