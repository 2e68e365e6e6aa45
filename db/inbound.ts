/**
 * Inbound WhatsApp events: stored in one transaction before the webhook
 * answers 200, then claimed by the turn worker under a lease in the
 * database so that two processes sharing the file never run one message twice.
 */
import type { InStatement } from "@libsql/client";
import type { ErrorEvent, InboundEvent, StatusEvent } from "../engine/whatsapp/mod.ts";
import { BOOKKEEPING, queryRows, writeBatch } from "./batch.ts";
import { cacheOf } from "./cache.ts";
import type { Db } from "./client.ts";
import { channels, contacts, inbound, outbox, webhookErrors } from "./schema.ts";
import { namesOf } from "./sql_names.ts";

const I = namesOf(inbound);
const C = namesOf(contacts);
const O = namesOf(outbox);
const E = namesOf(webhookErrors);
const CH = namesOf(channels);

/** The events of one webhook POST, split by kind (in payload order). */
export interface WebhookBatch {
  inbound: InboundEvent[];
  statuses: StatusEvent[];
  errors: ErrorEvent[];
}

/** A claimed inbound message, ready for a turn. */
export interface ClaimedInbound {
  id: number;
  channelId: number;
  contactKey: string;
  event: InboundEvent;
  /** Claims so far, this one included. */
  attempts: number;
}

/** Rows per multi-row INSERT: well under SQLite's bound-parameter limit. */
const CHUNK = 200;

/** Ranks of delivery statuses: a status only ever moves up (read then delivered stays read). */
const RANK_SQL =
  `CASE ${O.status} WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'failed' THEN 4 ELSE 0 END`;
const RANK: Record<StatusEvent["status"], number> = { sent: 1, delivered: 2, read: 3, failed: 4 };

/**
 * Stores a webhook's events in ONE write transaction: the inbound messages
 * (a redelivered `wamid` is ignored), their contacts, the statuses of our
 * outbound messages, value-level errors, and the channel's last webhook
 * time. Answers how many messages were new.
 */
export async function storeWebhookEvents(
  db: Db,
  channelId: number,
  batch: WebhookBatch,
  now = Date.now(),
): Promise<{ stored: number }> {
  const statements: InStatement[] = [];
  for (let i = 0; i < batch.inbound.length; i += CHUNK) {
    const part = batch.inbound.slice(i, i + CHUNK);
    statements.push({
      sql: `INSERT INTO ${I.$} (${I.channelId}, ${I.messageId}, ${I.contactKey}, ${I.event}, ${I.status},
        ${I.receivedAt}) VALUES ${part.map(() => "(?, ?, ?, ?, ?, ?)").join(", ")}
        ON CONFLICT(${I.messageId}) DO NOTHING RETURNING ${I.id}`,
      args: part.flatMap((
        e,
      ) => [channelId, e.messageId, e.contactKey, JSON.stringify(e), initialStatus(e), now]),
    });
  }
  const contactsSeen = cacheOf<string, string>(db, CONTACTS_SEEN, CONTACT_MEMORY_MS, 50_000);
  const channelsTouched = cacheOf<number, true>(db, CHANNELS_TOUCHED, 1000);
  // A contact whose id and name are unchanged since a moment ago needs no upsert: most
  // messages come from contacts that wrote a minute before.
  const people = [...new Map(batch.inbound.map((e) => [e.contactKey, e])).values()]
    .filter((e) => contactsSeen.get(e.contactKey, now) !== contactSignature(e));
  for (let i = 0; i < people.length; i += CHUNK) {
    const part = people.slice(i, i + CHUNK);
    statements.push({
      sql: `INSERT INTO ${C.$} (${C.key}, ${C.waId}, ${C.userId}, ${C.name}, ${C.createdAt}, ${C.updatedAt})
        VALUES ${part.map(() => "(?, ?, ?, ?, ?, ?)").join(", ")}
        ON CONFLICT(${C.key}) DO UPDATE SET ${C.waId} = coalesce(excluded.${C.waId}, ${C.$}.${C.waId}),
        ${C.userId} = coalesce(excluded.${C.userId}, ${C.$}.${C.userId}),
        ${C.name} = CASE WHEN excluded.${C.name} <> '' THEN excluded.${C.name} ELSE ${C.$}.${C.name} END`,
      args: part.flatMap((
        e,
      ) => [e.contactKey, e.waId ?? null, e.userId ?? null, e.profileName ?? "", now, now]),
    });
  }
  for (const s of batch.statuses) statements.push(...statusStatements(channelId, s, now));
  for (const e of batch.errors) {
    statements.push({
      sql: INSERT_ERROR,
      args: [channelId, e.code, e.title || "Webhook error", detailOf(e), now],
    });
  }
  // The pages show the last webhook to the minute: once a second is plenty.
  const touch = !channelsTouched.has(channelId, now);
  if (touch) {
    statements.push({ sql: TOUCH_CHANNEL, args: [now, channelId] });
  }
  const results = await writeBatch(db, statements);
  if (touch) channelsTouched.set(channelId, true, now);
  for (const e of people) contactsSeen.set(e.contactKey, contactSignature(e), now);
  const inserts = Math.ceil(batch.inbound.length / CHUNK);
  return { stored: results.slice(0, inserts).reduce((n, r) => n + r.rows.length, 0) };
}

/** An update that is no turn (a reaction, an edit …) is only recorded: the turn worker never claims it. */
function initialStatus(e: InboundEvent): string {
  return e.runsFlow === false ? "recorded" : "pending";
}

const INSERT_ERROR =
  `INSERT INTO ${E.$} (${E.channelId}, ${E.code}, ${E.title}, ${E.detail}, ${E.at}) VALUES (?, ?, ?, ?, ?)`;
const TOUCH_CHANNEL = `UPDATE ${CH.$} SET ${CH.lastWebhookAt} = ? WHERE ${CH.id} = ?`;

/** How long a stored contact is trusted to be unchanged. */
const CONTACT_MEMORY_MS = 60_000;
/**
 * Caches (db/cache.ts) of what this process wrote lately, so a webhook can
 * skip writes that change nothing: a contact's ids and name as last stored
 * (most messages come from contacts that wrote a minute before), and the
 * channels whose last webhook time was written this second (the pages show
 * it to the minute). Code that changes a contact's ids or name elsewhere
 * calls `forget(db, CONTACTS_SEEN, key)`.
 */
export const CONTACTS_SEEN = "inbound.contactsSeen";
const CHANNELS_TOUCHED = "inbound.channelsTouched";

function contactSignature(e: InboundEvent): string {
  return `${e.waId ?? ""}|${e.userId ?? ""}|${e.profileName ?? ""}`;
}

const STATUS_UPDATE = `UPDATE ${O.$} SET ${O.status} = ?, ${O.statusAt} = ?,
  ${O.errorCode} = coalesce(?, ${O.errorCode}), ${O.error} = coalesce(?, ${O.error})
  WHERE ${O.waMessageId} = ? AND ${RANK_SQL} < ?`;
const UNKNOWN_FAILURE = `INSERT INTO ${E.$} (${E.channelId}, ${E.code}, ${E.title}, ${E.detail}, ${E.at})
  SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM ${O.$} WHERE ${O.waMessageId} = ?)`;

/** A status moves the named outbound message up; a failure of a message we do not know is kept as an error. */
function statusStatements(channelId: number, s: StatusEvent, now: number): InStatement[] {
  const error = s.errors?.[0];
  const statements: InStatement[] = [{
    sql: STATUS_UPDATE,
    args: [s.status, s.at, error?.code ?? null, error ? detailOf(error) : null, s.messageId, RANK[s.status]],
  }];
  if (s.status === "failed") {
    statements.push({
      sql: UNKNOWN_FAILURE,
      args: [
        channelId,
        error?.code ?? null,
        `Message failed: ${error?.title || "no reason given"}`,
        `${s.messageId}${error ? ` — ${detailOf(error)}` : ""}`,
        now,
        s.messageId,
      ],
    });
  }
  return statements;
}

function detailOf(e: { title: string; message?: string; details?: string }): string {
  const text = e.message && e.message !== e.title ? `${e.title}: ${e.message}` : e.title;
  return e.details ? `${text} (${e.details})` : text;
}

/** Pending, and no live lease on it. */
const FREE = `${I.status} = 'pending' AND (${I.leaseUntil} IS NULL OR ${I.leaseUntil} <= ?)`;

/**
 * The heads free to claim, oldest first. `head = 1` marks a contact's oldest
 * pending message (triggers keep it, migration 0002_claim_heads), so this
 * reads the partial index inbound_head in id order and stops after `limit`
 * free heads: its cost follows the messages in flight, not the backlog.
 */
export const CLAIM_CANDIDATES_SQL =
  `SELECT ${I.id} FROM ${I.$} WHERE ${I.head} = 1 AND ${FREE} ORDER BY ${I.id} LIMIT ?`;

const CLAIM = (count: number) =>
  `UPDATE ${I.$} SET ${I.leaseOwner} = ?, ${I.leaseUntil} = ?, ${I.attempts} = ${I.attempts} + 1
  WHERE ${I.id} IN (${placeholders(count)}) AND ${I.head} = 1 AND ${FREE}
  RETURNING ${I.id}, ${I.channelId}, ${I.contactKey}, ${I.event}, ${I.attempts}`;

/**
 * Leases up to `limit` messages: for each contact, its oldest pending
 * message, only when no lease on it is live (a leased message is the one in
 * progress, so the contact's next message waits). The candidates are read
 * first, so an idle poll never takes the write lock; the UPDATE re-checks
 * everything, which makes the claim atomic between processes.
 */
export async function claimInbound(
  db: Db,
  owner: string,
  options: { limit: number; leaseMs: number; now?: number },
): Promise<ClaimedInbound[]> {
  const now = options.now ?? Date.now();
  const candidates = await queryRows(db, CLAIM_CANDIDATES_SQL, [now, options.limit]);
  if (candidates.length === 0) return [];
  const ids = candidates.map((r) => Number(r.id));
  const [result] = await writeBatch(db, [{
    sql: CLAIM(ids.length),
    args: [owner, now + options.leaseMs, ...ids, now],
  }], BOOKKEEPING);
  return result.rows.map((r) => ({
    id: Number(r[I.id]),
    channelId: Number(r[I.channelId]),
    contactKey: String(r[I.contactKey]),
    event: JSON.parse(String(r[I.event])) as InboundEvent,
    attempts: Number(r[I.attempts]),
  })).sort((a, b) => a.id - b.id);
}

/** Extends this process's leases on messages still in progress (long API calls). */
export async function renewInboundLeases(db: Db, owner: string, ids: number[], until: number): Promise<void> {
  if (ids.length === 0) return;
  await writeBatch(db, [{
    sql: `UPDATE ${I.$} SET ${I.leaseUntil} = ? WHERE ${I.leaseOwner} = ? AND ${I.status} = 'pending'
      AND ${I.id} IN (${placeholders(ids.length)})`,
    args: [until, owner, ...ids],
  }], BOOKKEEPING);
}

const FAIL = `UPDATE ${I.$} SET ${I.status} = 'failed', ${I.error} = ?, ${I.processedAt} = ?
  WHERE ${I.id} = ? AND ${I.leaseOwner} = ? AND ${I.status} = 'pending' RETURNING ${I.id}`;

/** Marks a message failed for good (it will not run again); false when the lease was lost. */
export async function failInbound(db: Db, id: number, owner: string, error: string): Promise<boolean> {
  const [result] = await writeBatch(db, [{ sql: FAIL, args: [error, Date.now(), id, owner] }], BOOKKEEPING);
  return result.rows.length > 0;
}

const RELEASE = `UPDATE ${I.$} SET ${I.leaseUntil} = ?, ${I.error} = ?
  WHERE ${I.id} = ? AND ${I.leaseOwner} = ? AND ${I.status} = 'pending'`;

/** Gives a message back after a transient error, to be claimed again after `delayMs`. */
export async function releaseInbound(db: Db, id: number, owner: string, error: string, delayMs: number) {
  await writeBatch(db, [{ sql: RELEASE, args: [Date.now() + delayMs, error, id, owner] }], BOOKKEEPING);
}

function placeholders(count: number): string {
  return Array.from({ length: count }, () => "?").join(", ");
}
