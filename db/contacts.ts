/**
 * WhatsApp contacts: keyed by the business-scoped `user_id` when WhatsApp
 * gives one, else by `wa_id` (DESIGN §6). The webhook creates them; the turn
 * worker keeps their custom attributes.
 */
import { and, desc, eq, or, sql } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import type { AttributeValues } from "../engine/types.ts";
import type { Db } from "./client.ts";
import { contacts } from "./schema.ts";

/** A contact with its custom attributes parsed. */
export interface Contact {
  id: number;
  key: string;
  waId: string | null;
  userId: string | null;
  name: string;
  attributes: AttributeValues;
  createdAt: number;
  updatedAt: number;
}

/**
 * The WhatsApp contact whose key, `wa_id` or `user_id` is `waIdOrUserId`
 * (the key wins); simulator contacts are never found.
 */
export async function findContact(db: Db, waIdOrUserId: string): Promise<Contact | undefined> {
  const [row] = await db.select().from(contacts)
    .where(and(
      notSimulator(),
      or(eq(contacts.key, waIdOrUserId), eq(contacts.waId, waIdOrUserId), eq(contacts.userId, waIdOrUserId)),
    ))
    .orderBy(sql`${contacts.key} = ${waIdOrUserId} DESC`, desc(contacts.updatedAt))
    .limit(1);
  return row && toContact(row);
}

/** One contact by id. */
export async function getContact(db: Db, id: number): Promise<Contact | undefined> {
  const row = await db.query.contacts.findFirst({ where: eq(contacts.id, id) });
  return row && toContact(row);
}

/**
 * WhatsApp contacts, most recently active first; `search` matches name, key,
 * wa_id or user_id. Simulator contacts are left out.
 */
export async function listContacts(
  db: Db,
  options: { search?: string; limit?: number; offset?: number } = {},
): Promise<Contact[]> {
  const rows = await db.select().from(contacts).where(and(notSimulator(), searchFilter(options.search)))
    .orderBy(desc(contacts.updatedAt), desc(contacts.id))
    .limit(options.limit ?? 50).offset(options.offset ?? 0);
  return rows.map(toContact);
}

/** How many contacts `listContacts` can page through with the same search. */
export async function countContacts(db: Db, options: { search?: string } = {}): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(contacts).where(
    and(notSimulator(), searchFilter(options.search)),
  );
  return Number(row?.n ?? 0);
}

/** Simulator contacts (key `sim:…`, db/bot_simulator.ts) are admins trying a bot, not customers. */
function notSimulator() {
  return sql`substr(${contacts.key}, 1, 4) <> 'sim:'`;
}

function searchFilter(search: string | undefined) {
  const term = search?.trim();
  if (!term) return undefined;
  const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const match = (column: AnySQLiteColumn) => sql`${column} LIKE ${pattern} ESCAPE '\\'`;
  return or(match(contacts.name), match(contacts.key), match(contacts.waId), match(contacts.userId));
}

/** Parses a stored row. */
export function toContact(row: typeof contacts.$inferSelect): Contact {
  return { ...row, attributes: JSON.parse(row.attributes) as AttributeValues };
}
