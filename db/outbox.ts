/**
 * The outbox: replies queued by turns, sent by runtime/sender.ts. A row is
 * leased (`sending`, `lease_until`) while a process sends it; a contact's
 * unsent rows are leased together and sent in order, and none is eligible
 * while the oldest waits for a retry, so replies keep their order.
 */
import type { ReplyTarget } from "../engine/whatsapp/mod.ts";
import type { OutMessage } from "../engine/types.ts";
import { queryRows, writeBatch } from "./batch.ts";
import type { Db } from "./client.ts";

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

const DUE = "((status = 'queued' AND next_attempt_at <= ?) OR (status = 'sending' AND lease_until <= ?))";

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
  const heads = await queryRows(
    db,
    `SELECT contact_key FROM outbox WHERE id IN (SELECT min(id) FROM outbox WHERE status IN ('queued', 'sending')
      GROUP BY contact_key) AND ${DUE} ORDER BY id LIMIT ?`,
    [now, now, options.limit],
  );
  if (heads.length === 0) return [];
  const keys = heads.map((r) => String(r.contact_key));
  const [result] = await writeBatch(db, [{
    sql: `UPDATE outbox SET status = 'sending', lease_owner = ?, lease_until = ?, attempts = attempts + 1
      WHERE contact_key IN (${keys.map(() => "?").join(", ")}) AND status IN ('queued', 'sending')
        AND (status = 'queued' OR lease_until <= ?)
        AND EXISTS (SELECT 1 FROM outbox h WHERE h.id = (SELECT min(j.id) FROM outbox j
          WHERE j.contact_key = outbox.contact_key AND j.status IN ('queued', 'sending'))
          AND ((h.status = 'queued' AND h.next_attempt_at <= ?) OR (h.status = 'sending' AND h.lease_until <= ?)))
      RETURNING id, channel_id, contact_key, inbound_id, message, recipient, attempts`,
    args: [owner, now + options.leaseMs, ...keys, now, now, now],
  }]);
  const byContact = new Map<string, OutboxItem[]>();
  for (const r of result.rows) {
    const item: OutboxItem = {
      id: Number(r.id),
      channelId: Number(r.channel_id),
      contactKey: String(r.contact_key),
      inboundId: r.inbound_id === null ? null : Number(r.inbound_id),
      message: JSON.parse(String(r.message)) as OutMessage,
      recipient: JSON.parse(String(r.recipient)) as ReplyTarget,
      attempts: Number(r.attempts),
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
    sql: `UPDATE outbox SET status = 'queued', lease_owner = NULL, lease_until = NULL, attempts = attempts - 1
      WHERE lease_owner = ? AND status = 'sending' AND id IN (${ids.map(() => "?").join(", ")})`,
    args: [owner, ...ids],
  }]);
}

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
    sql:
      `UPDATE outbox SET status = 'sent', wa_message_id = ?, sent_at = ?, status_at = ?, lease_owner = NULL,
      lease_until = NULL, error_code = NULL, error = NULL WHERE id = ? AND status IN ('queued', 'sending')`,
    args: [waMessageId, now, now, id],
  }]);
}

/** Puts a reply back in the queue until `nextAttemptAt`, keeping the error for the pages. */
export async function markRetry(
  db: Db,
  id: number,
  owner: string,
  failure: { code: number | null; error: string; nextAttemptAt: number },
): Promise<void> {
  await writeBatch(db, [{
    sql:
      `UPDATE outbox SET status = 'queued', next_attempt_at = ?, error_code = ?, error = ?, lease_owner = NULL,
      lease_until = NULL WHERE id = ? AND lease_owner = ? AND status = 'sending'`,
    args: [failure.nextAttemptAt, failure.code, failure.error, id, owner],
  }]);
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
    sql: `UPDATE outbox SET status = 'failed', error_code = ?, error = ?, status_at = ?, lease_owner = NULL,
      lease_until = NULL WHERE id = ? AND lease_owner = ? AND status = 'sending'`,
    args: [failure.code, failure.error, now, id, owner],
  }]);
}

/** Extends this process's leases on replies still being sent. */
export async function renewOutboxLeases(db: Db, owner: string, ids: number[], until: number): Promise<void> {
  if (ids.length === 0) return;
  await writeBatch(db, [{
    sql: `UPDATE outbox SET lease_until = ? WHERE lease_owner = ? AND status = 'sending'
      AND id IN (${ids.map(() => "?").join(", ")})`,
    args: [until, owner, ...ids],
  }]);
}
