/**
 * The end of a turn, written in ONE transaction: the conversation and the
 * contact's attributes saved and the trace kept for the pages — for a
 * WhatsApp message also the inbound message marked done and the replies
 * queued in the outbox. The simulator and the turn worker both save here.
 *
 * A WhatsApp turn is conditional on this process still holding the
 * message's lease, so a process that lost it (it stalled, another took
 * over) writes nothing. Statements are built with drizzle from the schema
 * and run through the group committer (db/batch.ts).
 */
import type { InStatement } from "@libsql/client";
import { and, desc, eq, exists, sql } from "drizzle-orm";
import type { ReplyTarget } from "../engine/whatsapp/mod.ts";
import type { AttributeValues, Conversation, OutMessage, TraceEntry } from "../engine/types.ts";
import { writeBatch } from "./batch.ts";
import type { Db } from "./client.ts";
import { contacts, conversations, inbound, outbox, turns } from "./schema.ts";
import { insertWhere, onConflict, statementOf } from "./statement.ts";

/** What every finished turn writes. */
export interface SavedTurn {
  contactId: number;
  botId: number;
  conversation: Conversation;
  /** The contact's custom attributes after the turn (no `sys.*`). */
  attributes: AttributeValues;
  trace: TraceEntry[];
  changes: AttributeValues;
  at: number;
}

/** What a turn answering a WhatsApp message writes besides: the message done, the replies queued. */
export interface WhatsAppTurn {
  inboundId: number;
  /** The lease owner that claimed the message. */
  owner: string;
  channelId: number;
  contactKey: string;
  replies: OutMessage[];
  recipient: ReplyTarget;
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
 * Commits a turn; answers false (and writes nothing) when a WhatsApp turn's
 * lease was lost. A re-run after a crash cannot queue a reply twice either:
 * outbox rows are unique by (inbound_id, seq).
 */
export async function saveTurn(db: Db, t: SavedTurn, whatsapp?: WhatsAppTurn): Promise<boolean> {
  const statements = turnStatements(db, t, whatsapp);
  const [first] = await writeBatch(db, statements);
  return !whatsapp || first.rows.length > 0;
}

function turnStatements(db: Db, t: SavedTurn, w?: WhatsAppTurn): InStatement[] {
  const statements: InStatement[] = [];
  // For WhatsApp, every row after the first is written only if the first marked
  // the message done under our lease.
  let held = sql`1`;
  if (w) {
    statements.push(statementOf(
      db.update(inbound).set({ status: "done", processedAt: t.at, error: null })
        .where(
          and(eq(inbound.id, w.inboundId), eq(inbound.leaseOwner, w.owner), eq(inbound.status, "pending")),
        )
        .returning({ id: inbound.id }),
    ));
    held = exists(
      db.select({ one: sql`1` }).from(inbound)
        .where(and(eq(inbound.id, w.inboundId), eq(inbound.status, "done"), eq(inbound.leaseOwner, w.owner))),
    );
  }
  const state = {
    contactId: t.contactId,
    botId: t.botId,
    state: JSON.stringify(t.conversation),
    updatedAt: t.at,
  };
  statements.push(statementOf(
    sql`${insertWhere(conversations, state, held)}${
      onConflict([conversations.contactId, conversations.botId], [
        conversations.state,
        conversations.updatedAt,
      ])
    }`,
  ));
  statements.push(statementOf(
    db.update(contacts).set({ attributes: JSON.stringify(t.attributes), updatedAt: t.at })
      .where(and(eq(contacts.id, t.contactId), held)),
  ));
  for (const [seq, message] of (w?.replies ?? []).entries()) {
    const reply = {
      channelId: w!.channelId,
      contactKey: w!.contactKey,
      inboundId: w!.inboundId,
      seq,
      message: JSON.stringify(message),
      recipient: JSON.stringify(w!.recipient),
      status: "queued",
      nextAttemptAt: 0,
      createdAt: t.at,
    };
    statements.push(
      statementOf(sql`${insertWhere(outbox, reply, held)}${onConflict([outbox.inboundId, outbox.seq])}`),
    );
  }
  const turn = {
    contactId: t.contactId,
    botId: t.botId,
    inboundId: w?.inboundId ?? null,
    trace: JSON.stringify(t.trace),
    changes: JSON.stringify(t.changes),
    at: t.at,
    // The version the conversation ran on, so Insights can tell versions apart.
    version: t.conversation.version,
  };
  statements.push(statementOf(insertWhere(turns, turn, held)));
  return statements;
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
