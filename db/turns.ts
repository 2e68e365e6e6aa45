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
import { BOOKKEEPING, writeBatch } from "./batch.ts";
import type { Db } from "./client.ts";
import { contacts, conversations, inbound, outbox, turns } from "./schema.ts";
import { compileStatement, insertWhere, onConflict } from "./sql_names.ts";

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
  const [first] = await writeBatch(db, turnStatements(db, t, whatsapp), BOOKKEEPING);
  return !whatsapp || first.rows.length > 0;
}

/**
 * The statements of a turn, built from the schema once per kind for the
 * process (drizzle's building costs more than SQLite's run); their text
 * does not depend on which database built them.
 */
type Shapes = ReturnType<typeof buildShapes>;
const shapes: { whatsapp?: Shapes; simulator?: Shapes } = {};

function buildShapes(db: Db, whatsapp: boolean) {
  const p = (name: string) => sql`${sql.placeholder(name)}`;
  // For WhatsApp, every row after the first is written only if the first marked
  // the message done under our lease.
  const held = whatsapp
    ? exists(
      db.select({ one: sql`1` }).from(inbound)
        .where(
          and(eq(inbound.id, p("inboundId")), eq(inbound.status, "done"), eq(inbound.leaseOwner, p("owner"))),
        ),
    )
    : sql`1`;
  const conversation = {
    contactId: p("contactId"),
    botId: p("botId"),
    state: p("state"),
    updatedAt: p("at"),
  };
  const reply = {
    channelId: p("channelId"),
    contactKey: p("contactKey"),
    inboundId: p("inboundId"),
    seq: p("seq"),
    message: p("message"),
    recipient: p("recipient"),
    status: "queued",
    nextAttemptAt: 0,
    createdAt: p("at"),
  };
  const turn = {
    contactId: p("contactId"),
    botId: p("botId"),
    inboundId: whatsapp ? p("inboundId") : null,
    trace: p("trace"),
    changes: p("changes"),
    at: p("at"),
    // The flow version the conversation ran on, so Insights can tell versions apart.
    version: p("version"),
  };
  return {
    done: compileStatement(
      db.update(inbound).set({ status: "done", processedAt: p("at"), error: null })
        .where(
          and(
            eq(inbound.id, p("inboundId")),
            eq(inbound.leaseOwner, p("owner")),
            eq(inbound.status, "pending"),
          ),
        )
        .returning({ id: inbound.id }),
    ),
    conversation: compileStatement(
      sql`${insertWhere(conversations, conversation, held)}${
        onConflict([conversations.contactId, conversations.botId], [
          conversations.state,
          conversations.updatedAt,
        ])
      }`,
    ),
    contact: compileStatement(
      db.update(contacts).set({ attributes: p("attributes"), updatedAt: p("at") })
        .where(and(eq(contacts.id, p("contactId")), held)),
    ),
    reply: compileStatement(
      sql`${insertWhere(outbox, reply, held)}${onConflict([outbox.inboundId, outbox.seq])}`,
    ),
    turn: compileStatement(insertWhere(turns, turn, held)),
  };
}

function turnStatements(db: Db, t: SavedTurn, w?: WhatsAppTurn): InStatement[] {
  const kind = w ? "whatsapp" : "simulator";
  const s = shapes[kind] ??= buildShapes(db, w !== undefined);
  const values: Record<string, unknown> = {
    contactId: t.contactId,
    botId: t.botId,
    state: JSON.stringify(t.conversation),
    attributes: JSON.stringify(t.attributes),
    trace: JSON.stringify(t.trace),
    changes: JSON.stringify(t.changes),
    at: t.at,
    version: t.conversation.version,
    inboundId: w?.inboundId,
    owner: w?.owner,
    channelId: w?.channelId,
    contactKey: w?.contactKey,
    recipient: w && JSON.stringify(w.recipient),
  };
  return [
    ...(w ? [s.done(values)] : []),
    s.conversation(values),
    s.contact(values),
    ...(w?.replies ?? []).map((message, seq) =>
      s.reply({ ...values, seq, message: JSON.stringify(message) })
    ),
    s.turn(values),
  ];
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
