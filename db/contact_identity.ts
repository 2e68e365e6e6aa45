/**
 * One person is one contact (DESIGN §6): before a webhook's events are
 * stored, each is given the key of the contact that already holds its
 * `user_id` or its `wa_id`, so a user first seen by `wa_id` and later with
 * a `user_id` too (or the reverse) keeps one transcript, one set of
 * attributes and one running conversation; the upsert in db/inbound.ts then
 * adds the missing id to that contact. A number change moves the contact to
 * its new `wa_id`.
 */
import type { InboundEvent } from "../engine/whatsapp/mod.ts";
import { queryRows } from "./batch.ts";
import type { Db } from "./client.ts";

/** Ids of each kind per lookup: well under SQLite's bound-parameter limit. */
const CHUNK = 400;

/**
 * Rewrites `contactKey` (and, for a number change, `waId`) of each event in
 * place. Events are taken in order, so two updates of one person in the same
 * body also end on one contact.
 */
export async function resolveContactKeys(db: Db, events: InboundEvent[]): Promise<void> {
  if (events.length === 0) return;
  const byUserId = new Map<string, string>();
  const byWaId = new Map<string, string>();
  const userIds = [...new Set(events.flatMap((e) => e.userId ? [e.userId] : []))];
  const waIds = [...new Set(events.flatMap((e) => e.waId ? [e.waId] : []))];
  for (let i = 0; i < Math.max(userIds.length, waIds.length); i += CHUNK) {
    const users = userIds.slice(i, i + CHUNK);
    const phones = waIds.slice(i, i + CHUNK);
    // One indexed lookup per webhook (contacts_user_id, contacts_wa_id): this runs before every store.
    const rows = await queryRows(
      db,
      `SELECT key, wa_id, user_id FROM contacts WHERE (user_id IN (${marks(users)}) OR wa_id IN (${
        marks(phones)
      }))
        AND substr(key, 1, 4) <> 'sim:' ORDER BY updated_at`,
      [...users, ...phones],
    );
    // The most recently active contact wins when (from older data) two hold one id.
    for (const r of rows) {
      if (r.user_id !== null) byUserId.set(String(r.user_id), String(r.key));
      if (r.wa_id !== null) byWaId.set(String(r.wa_id), String(r.key));
    }
  }
  for (const event of events) {
    // The user id is the stronger identity: a number can pass to someone else.
    const key = (event.userId && byUserId.get(event.userId)) ||
      (event.waId && byWaId.get(event.waId)) || event.contactKey;
    event.contactKey = key;
    if (event.userId) byUserId.set(event.userId, key);
    if (event.newWaId && /^\d{5,20}$/.test(event.newWaId)) {
      // The old number no longer leads here; the new one does.
      if (event.waId && byWaId.get(event.waId) === key) byWaId.delete(event.waId);
      event.waId = event.newWaId;
    }
    if (event.waId) byWaId.set(event.waId, key);
  }
}

/** `?, ?, ?` for `n` values; `NULL` for none, which matches nothing in `IN (…)`. */
function marks(values: string[]): string {
  return values.length === 0 ? "NULL" : values.map(() => "?").join(", ");
}
