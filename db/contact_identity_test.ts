import assert from "node:assert/strict";
import { parseWebhook } from "../engine/whatsapp/mod.ts";
import type { InboundEvent } from "../engine/whatsapp/mod.ts";
import { queryRows } from "./batch.ts";
import type { Db } from "./client.ts";
import { resolveContactKeys } from "./contact_identity.ts";
import { storeWebhookEvents } from "./inbound.ts";
import { contacts } from "./schema.ts";
import { withDb } from "./testing.ts";

let seq = 0;

/** A text message as Meta sends it: `ids` are the message's `from`/`from_user_id`, `contact` its contacts entry. */
function message(ids: Record<string, string>, contact: Record<string, string> | null): InboundEvent {
  const result = parseWebhook({
    object: "whatsapp_business_account",
    entry: [{
      changes: [{
        field: "messages",
        value: {
          metadata: { phone_number_id: "106540352242922" },
          contacts: contact ? [{ profile: { name: "Ana" }, ...contact }] : [],
          messages: [{
            ...ids,
            id: `wamid.${++seq}`,
            timestamp: "1700000000",
            type: "text",
            text: { body: "hi" },
          }],
        },
      }],
    }],
  });
  assert.ok(result.ok && result.events.length === 1, JSON.stringify(result));
  return result.events[0] as InboundEvent;
}

/** Resolves and stores events like the webhook does; answers the contacts table. */
async function store(db: Db, events: InboundEvent[]) {
  await resolveContactKeys(db, events);
  await storeWebhookEvents(db, 1, { inbound: events, statuses: [], errors: [] });
  return await queryRows(db, "SELECT key, wa_id, user_id FROM contacts ORDER BY id");
}

const WA = "15550001111";
const UID = "US.13491208655302741918";

Deno.test("one person is one contact: a wa_id-only contact gains the user_id, in later bodies and within one", async () => {
  await withDb(async (db) => {
    await store(db, [message({ from: WA }, { wa_id: WA })]);
    const rows = await store(db, [message({ from: WA }, { wa_id: WA, user_id: UID })]);
    assert.deepEqual(rows, [{ key: WA, wa_id: WA, user_id: UID }]);
    const keys = await queryRows(db, "SELECT DISTINCT contact_key FROM inbound");
    assert.deepEqual(keys, [{ contact_key: WA }]);
  });
  await withDb(async (db) => {
    const rows = await store(db, [
      message({ from: WA }, { wa_id: WA }),
      message({ from: WA }, { wa_id: WA, user_id: UID }),
    ]);
    assert.deepEqual(rows, [{ key: WA, wa_id: WA, user_id: UID }]);
  });
});

Deno.test("one person is one contact: a username-only contact gains the wa_id when a body carries both", async () => {
  await withDb(async (db) => {
    await store(db, [message({ from_user_id: UID }, { user_id: UID })]);
    const rows = await store(db, [message({ from: WA }, { wa_id: WA, user_id: UID })]);
    assert.deepEqual(rows, [{ key: UID, wa_id: WA, user_id: UID }]);
    // Later, a body with the wa_id only still finds that contact.
    const event = message({ from: WA }, { wa_id: WA });
    await store(db, [event]);
    assert.equal(event.contactKey, UID);
    assert.deepEqual(event.replyTo, { to: WA });
  });
});

Deno.test("a number change moves the contact: the new number finds it, the old one no longer does", async () => {
  await withDb(async (db) => {
    await store(db, [message({ from: WA }, { wa_id: WA })]);
    const change = parseWebhook({
      object: "whatsapp_business_account",
      entry: [{
        changes: [{
          field: "messages",
          value: {
            metadata: { phone_number_id: "106540352242922" },
            messages: [{
              from: WA,
              id: "wamid.change",
              timestamp: "1700000001",
              type: "system",
              system: { body: "changed", wa_id: "15550009999", type: "user_changed_number" },
            }],
          },
        }],
      }],
    });
    assert.ok(change.ok);
    const rows = await store(db, change.events as InboundEvent[]);
    assert.deepEqual(rows, [{ key: WA, wa_id: "15550009999", user_id: null }]);
    const next = message({ from: "15550009999" }, { wa_id: "15550009999" });
    await store(db, [next]);
    assert.equal(next.contactKey, WA);
    assert.equal((await db.select().from(contacts)).length, 1);
  });
});

Deno.test("a person who wrote a moment ago is known without a lookup; a number change looks up again", async () => {
  await withDb(async (db) => {
    await store(db, [message({ from: WA }, { wa_id: WA })]);
    // What the lookup would read changes behind this process's back (as another process could do).
    await db.update(contacts).set({ waId: null });
    const again = message({ from: WA }, { wa_id: WA });
    await resolveContactKeys(db, [again]);
    assert.equal(again.contactKey, WA, "remembered: no lookup was made");

    const moved = message({ from: WA }, { wa_id: WA });
    moved.newWaId = "15550002222";
    await db.update(contacts).set({ key: "elsewhere", waId: WA });
    const rows = await store(db, [moved]);
    assert.equal(moved.contactKey, "elsewhere", "a number change reads the database");
    assert.deepEqual(rows.map((r) => [r.key, r.wa_id]), [["elsewhere", "15550002222"]]);
    const after = message({ from: WA }, { wa_id: WA });
    await resolveContactKeys(db, [after]);
    assert.notEqual(after.contactKey, "elsewhere", "the old number no longer leads to the moved contact");
  });
});
