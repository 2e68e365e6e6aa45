/**
 * Where each contact stands with each bot: the engine's `Conversation`
 * stored as JSON, read by the turn worker before a turn. The worker saves it
 * with the turn (db/turns.ts `saveTurn`), in the same transaction as
 * the replies.
 */
import { and, eq } from "drizzle-orm";
import type { Conversation } from "../engine/types.ts";
import { queryRows } from "./batch.ts";
import type { Db } from "./client.ts";
import type { Contact } from "./contacts.ts";
import { conversations } from "./schema.ts";

/** A contact with its conversations by bot id. */
export interface ContactState {
  contact: Contact;
  conversations: Map<number, Conversation>;
}

/** The contacts with these keys and their conversations, in one query (no N+1 in the worker). */
export async function loadContactStates(db: Db, keys: string[]): Promise<Map<string, ContactState>> {
  const states = new Map<string, ContactState>();
  if (keys.length === 0) return states;
  const unique = [...new Set(keys)];
  const rows = await queryRows(
    db,
    `SELECT c.id, c.key, c.wa_id, c.user_id, c.name, c.attributes, c.created_at, c.updated_at, v.bot_id, v.state
      FROM contacts c LEFT JOIN conversations v ON v.contact_id = c.id
      WHERE c.key IN (${unique.map(() => "?").join(", ")})`,
    unique,
  );
  for (const r of rows) {
    const key = String(r.key);
    let state = states.get(key);
    if (!state) {
      state = {
        contact: {
          id: Number(r.id),
          key,
          waId: r.wa_id === null ? null : String(r.wa_id),
          userId: r.user_id === null ? null : String(r.user_id),
          name: String(r.name),
          attributes: JSON.parse(String(r.attributes)),
          createdAt: Number(r.created_at),
          updatedAt: Number(r.updated_at),
        },
        conversations: new Map(),
      };
      states.set(key, state);
    }
    if (r.bot_id !== null) state.conversations.set(Number(r.bot_id), JSON.parse(String(r.state)));
  }
  return states;
}

/** A contact's conversation with a bot, or undefined before the first message. */
export async function getConversation(
  db: Db,
  contactId: number,
  botId: number,
): Promise<Conversation | undefined> {
  const row = await db.query.conversations.findFirst({
    where: and(eq(conversations.contactId, contactId), eq(conversations.botId, botId)),
  });
  return row && JSON.parse(row.state) as Conversation;
}
