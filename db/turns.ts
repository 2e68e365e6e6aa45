/**
 * The end of a turn, written in ONE transaction: the inbound message marked
 * done, the conversation and the contact's attributes saved, the replies
 * queued in the outbox and the trace kept for the pages. Every statement is
 * conditional on this process still holding the message's lease, so a
 * process that lost it (it stalled, another took over) writes nothing.
 */
import type { InStatement } from "@libsql/client";
import { desc, eq } from "drizzle-orm";
import type { ReplyTarget } from "../engine/whatsapp/mod.ts";
import type { AttributeValues, Conversation, OutMessage, TraceEntry } from "../engine/types.ts";
import { writeBatch } from "./batch.ts";
import type { Db } from "./client.ts";
import { turns } from "./schema.ts";

/** Everything one finished turn writes. */
export interface FinishedTurn {
  inboundId: number;
  /** The lease owner that claimed the message. */
  owner: string;
  channelId: number;
  contactId: number;
  contactKey: string;
  botId: number;
  conversation: Conversation;
  /** The contact's custom attributes after the turn (no `sys.*`). */
  attributes: AttributeValues;
  replies: OutMessage[];
  recipient: ReplyTarget;
  trace: TraceEntry[];
  changes: AttributeValues;
  at: number;
}

/** A stored turn, for the contact page. */
export interface Turn {
  id: number;
  botId: number;
  inboundId: number | null;
  trace: TraceEntry[];
  changes: AttributeValues;
  at: number;
}

/**
 * Commits a turn; answers false (and writes nothing) when the lease was
 * lost. A re-run after a crash cannot queue a reply twice either: outbox
 * rows are unique by (inbound_id, seq).
 */
export async function completeTurn(db: Db, t: FinishedTurn): Promise<boolean> {
  const guard = "EXISTS (SELECT 1 FROM inbound WHERE id = ? AND status = 'done' AND lease_owner = ?)";
  const g = [t.inboundId, t.owner];
  const statements: InStatement[] = [
    {
      sql: `UPDATE inbound SET status = 'done', processed_at = ?, error = NULL
        WHERE id = ? AND lease_owner = ? AND status = 'pending' RETURNING id`,
      args: [t.at, t.inboundId, t.owner],
    },
    {
      sql: `INSERT INTO conversations (contact_id, bot_id, state, updated_at) SELECT ?, ?, ?, ? WHERE ${guard}
        ON CONFLICT(contact_id, bot_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      args: [t.contactId, t.botId, JSON.stringify(t.conversation), t.at, ...g],
    },
    {
      sql: `UPDATE contacts SET attributes = ?, updated_at = ? WHERE id = ? AND ${guard}`,
      args: [JSON.stringify(t.attributes), t.at, t.contactId, ...g],
    },
    ...t.replies.map((message, seq): InStatement => ({
      sql:
        `INSERT INTO outbox (channel_id, contact_key, inbound_id, seq, message, recipient, status, next_attempt_at,
          created_at) SELECT ?, ?, ?, ?, ?, ?, 'queued', 0, ? WHERE ${guard}
        ON CONFLICT(inbound_id, seq) DO NOTHING`,
      args: [
        t.channelId,
        t.contactKey,
        t.inboundId,
        seq,
        JSON.stringify(message),
        JSON.stringify(t.recipient),
        t.at,
        ...g,
      ],
    })),
    {
      sql:
        `INSERT INTO turns (contact_id, bot_id, inbound_id, trace, changes, at) SELECT ?, ?, ?, ?, ?, ? WHERE ${guard}`,
      args: [
        t.contactId,
        t.botId,
        t.inboundId,
        JSON.stringify(t.trace),
        JSON.stringify(t.changes),
        t.at,
        ...g,
      ],
    },
  ];
  const [done] = await writeBatch(db, statements);
  return done.rows.length > 0;
}

/** A contact's turns, newest first. */
export async function listTurns(db: Db, contactId: number, limit = 50): Promise<Turn[]> {
  const rows = await db.select().from(turns).where(eq(turns.contactId, contactId))
    .orderBy(desc(turns.at), desc(turns.id)).limit(limit);
  return rows.map((r) => ({
    id: r.id,
    botId: r.botId,
    inboundId: r.inboundId,
    trace: JSON.parse(r.trace) as TraceEntry[],
    changes: JSON.parse(r.changes) as AttributeValues,
    at: r.at,
  }));
}
