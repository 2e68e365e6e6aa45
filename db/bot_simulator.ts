/**
 * The simulator's contact and conversation: stored like a WhatsApp
 * contact's (key `sim:<botId>:<userId>`) so the same interpreter state
 * survives a page reload; its turns go to the `turns` table as well.
 */
import { and, eq } from "drizzle-orm";
import type { AttributeValues, Conversation, TraceEntry } from "../engine/types.ts";
import { writeBatch } from "./batch.ts";
import type { Db } from "./client.ts";
import { getConversation } from "./conversations.ts";
import { contacts, conversations, turns } from "./schema.ts";

/** The simulator contact key of an admin trying a bot. */
export function simulatorKey(botId: number, userId: number): string {
  return `sim:${botId}:${userId}`;
}

/** The simulator contact's id, created on first use. */
export async function simulatorContact(db: Db, key: string, name: string): Promise<number> {
  const [row] = await db.insert(contacts).values({ key, name })
    .onConflictDoUpdate({ target: contacts.key, set: { name } }).returning({ id: contacts.id });
  return row.id;
}

/** The stored conversation, or undefined before the first message (or after a restart). */
export async function loadSimulatorConversation(
  db: Db,
  contactId: number,
  botId: number,
): Promise<Conversation | undefined> {
  return await getConversation(db, contactId, botId);
}

/** Saves a turn: the conversation, the contact's custom attributes and the trace, at once. */
export async function saveSimulatorTurn(
  db: Db,
  t: {
    contactId: number;
    botId: number;
    conversation: Conversation;
    trace: TraceEntry[];
    changes: AttributeValues;
    at: number;
  },
): Promise<void> {
  const custom = Object.fromEntries(
    Object.entries(t.conversation.attributes).filter(([name]) => !name.startsWith("sys.")),
  );
  await writeBatch(db, [
    {
      sql: `INSERT INTO conversations (contact_id, bot_id, state, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT(contact_id, bot_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      args: [t.contactId, t.botId, JSON.stringify(t.conversation), t.at],
    },
    {
      sql: "UPDATE contacts SET attributes = ?, updated_at = ? WHERE id = ?",
      args: [JSON.stringify(custom), t.at, t.contactId],
    },
    {
      sql: "INSERT INTO turns (contact_id, bot_id, trace, changes, at) VALUES (?, ?, ?, ?, ?)",
      args: [t.contactId, t.botId, JSON.stringify(t.trace), JSON.stringify(t.changes), t.at],
    },
  ]);
}

/** Forgets the simulated conversation: state, attributes and turns. */
export async function resetSimulator(db: Db, contactId: number, botId: number): Promise<void> {
  await db.delete(conversations).where(
    and(eq(conversations.contactId, contactId), eq(conversations.botId, botId)),
  );
  await db.delete(turns).where(and(eq(turns.contactId, contactId), eq(turns.botId, botId)));
  await db.update(contacts).set({ attributes: "{}", updatedAt: Date.now() }).where(
    eq(contacts.id, contactId),
  );
}
