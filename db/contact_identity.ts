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
import { cacheOf } from "./cache.ts";
import type { Db } from "./client.ts";

/** Ids of each kind per lookup: well under SQLite's bound-parameter limit. */
const CHUNK = 400;

/**
 * Which contact each id led to a moment ago (`u:<user_id>`, `w:<wa_id>` →
 * key; db/cache.ts): most messages come from people who wrote a minute
 * before, and a webhook whose every id is known skips the lookup (one
 * statement of the message's dozen; 15–70 µs of the main thread). Ids only
 * ever move to another contact by a number change, which always looks up and
 * forgets the old number here; another process's number change is trusted
 * after the TTL.
 */
export const IDENTITIES = "contacts.identities";
const IDENTITY_MEMORY_MS = 60_000;

/**
 * Rewrites `contactKey` (and, for a number change, `waId`) of each event in
 * place. Events are taken in order, so two updates of one person in the same
 * body also end on one contact.
 */
export async function resolveContactKeys(db: Db, events: InboundEvent[], now = Date.now()): Promise<void> {
  if (events.length === 0) return;
  const known = cacheOf<string, string>(db, IDENTITIES, IDENTITY_MEMORY_MS, 50_000);
  const remembered = events.map((e) => rememberedKey(known, e, now));
  if (remembered.every((key) => key !== undefined)) {
    events.forEach((e, i) => {
      e.contactKey = remembered[i]!;
      // The upsert moves a number to the user id's contact: so does the memory.
      if (e.waId && known.get(`w:${e.waId}`, now) !== e.contactKey) {
        known.set(`w:${e.waId}`, e.contactKey, now);
      }
    });
    return;
  }
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
      if (event.waId) known.delete(`w:${event.waId}`);
      event.waId = event.newWaId;
    }
    if (event.waId) byWaId.set(event.waId, key);
  }
  for (const event of events) {
    if (event.userId) known.set(`u:${event.userId}`, event.contactKey, now);
    if (event.waId) known.set(`w:${event.waId}`, event.contactKey, now);
  }
}

/** The key every id of `event` led to lately, or undefined when one is not known (or the number changes). */
function rememberedKey(
  known: { get(key: string, now: number): string | undefined },
  event: InboundEvent,
  now: number,
) {
  if (event.newWaId || (!event.userId && !event.waId)) return undefined;
  const byUser = event.userId ? known.get(`u:${event.userId}`, now) : "";
  const byPhone = event.waId ? known.get(`w:${event.waId}`, now) : "";
  if (byUser === undefined || byPhone === undefined) return undefined;
  // The user id is the stronger identity, as in the lookup.
  return byUser || byPhone;
}

/** `?, ?, ?` for `n` values; `NULL` for none, which matches nothing in `IN (…)`. */
function marks(values: string[]): string {
  return values.length === 0 ? "NULL" : values.map(() => "?").join(", ");
}
