/**
 * The simulator's contact and conversation: stored like a WhatsApp
 * contact's (key `sim:<botId>:<userId>`) so the same interpreter state
 * survives a page reload; its turns are saved like a contact's (db/turns.ts
 * `saveTurn`).
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "./client.ts";
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
