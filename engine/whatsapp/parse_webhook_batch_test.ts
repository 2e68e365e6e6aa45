import assert from "node:assert/strict";
import { parseWebhook } from "./parse_webhook.ts";
import type { InboundEvent, StatusEvent } from "./events.ts";
import { events, fixture, type WebhookBody, type WebhookValue } from "./test_fixture.ts";

/** A change's value taken from a fixture, to assemble bigger bodies. */
function valueOf(name: string): WebhookValue {
  return structuredClone(fixture<WebhookBody>(name).entry[0].changes[0].value);
}

Deno.test("parseWebhook() yields every entry, change, message, status and error in order", () => {
  const text = valueOf("inbound-text.json");
  text.messages.push({
    ...valueOf("inbound-image.json").messages[0],
    id: "wamid.B",
  });
  text.messages.push({
    ...valueOf("inbound-button-reply.json").messages[0],
    id: "wamid.C",
  });
  const statuses = valueOf("status-sent.json");
  statuses.statuses.push(valueOf("status-delivered.json").statuses[0]);
  statuses.errors = [{ code: 131000, title: "Something went wrong" }];
  const other = valueOf("inbound-reply-context.json");
  const failed = valueOf("status-failed-131047.json");
  failed.messages = [{
    ...valueOf("inbound-list-reply.json").messages[0],
    id: "wamid.D",
  }];
  const body = {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "1",
        changes: [{ field: "messages", value: text }, {
          field: "messages",
          value: statuses,
        }],
      },
      {
        id: "2",
        changes: [
          { field: "account_update", value: { event: "ACCOUNT_VIOLATION" } },
          { field: "messages", value: other },
          { field: "messages", value: failed },
        ],
      },
    ],
  };
  const all = events(body);
  assert.deepEqual(
    all.map((e) => e.type === "status" ? `status:${e.status}` : e.type),
    [
      "inbound",
      "inbound",
      "inbound",
      "status:sent",
      "status:delivered",
      "error",
      "inbound",
      "inbound",
      "status:failed",
    ],
  );
  const ids = all.map((e) => "messageId" in e ? e.messageId : e.code);
  assert.deepEqual(ids.slice(1, 3), ["wamid.B", "wamid.C"]);
  assert.deepEqual(ids.slice(5, 8), [131000, "wamid.xyzxyz", "wamid.D"]);
  assert.equal((all[6] as InboundEvent).phoneNumberId, "1122334455667");
  // wamid.D's sender has no contacts entry in that change: still keyed by from.
  assert.equal((all[7] as InboundEvent).contactKey, "16505551234");
  assert.equal((all[7] as InboundEvent).phoneNumberId, "109999999999999");
});

Deno.test("parseWebhook() handles 1000 messages in one body", () => {
  const value = valueOf("inbound-text.json");
  const one = value.messages[0];
  value.messages = Array.from(
    { length: 1000 },
    (_, i) => ({ ...one, id: `wamid.${i}` }),
  );
  const all = events({
    object: "whatsapp_business_account",
    entry: [{ id: "1", changes: [{ field: "messages", value }] }],
  });
  assert.equal(all.length, 1000);
  assert.equal((all[999] as InboundEvent).messageId, "wamid.999");
});

Deno.test("parseWebhook() answers an empty list for bodies without messages", () => {
  assert.deepEqual(
    events({ object: "whatsapp_business_account", entry: [] }),
    [],
  );
  assert.deepEqual(
    events({
      object: "whatsapp_business_account",
      entry: [{
        id: "1",
        changes: [{ field: "message_template_status_update", value: 7 }],
      }],
    }),
    [],
  );
});

Deno.test("parseWebhook() skips statuses of unknown kinds", () => {
  const value = valueOf("status-sent.json");
  value.statuses.unshift({ ...value.statuses[0], status: "deleted" });
  const all = events({
    object: "whatsapp_business_account",
    entry: [{ id: "1", changes: [{ field: "messages", value }] }],
  });
  assert.deepEqual(all.map((e) => (e as StatusEvent).status), ["sent"]);
});

Deno.test("parseWebhook() refuses only a body that is no WhatsApp object with an entry list", () => {
  const cases: [unknown, string][] = [
    [null, "body: not a JSON object"],
    [[], "body: not a JSON object"],
    ["x", "body: not a JSON object"],
    [{ object: "page", entry: [] }, 'object: expected "whatsapp_business_account", got "page"'],
    [{ object: "whatsapp_business_account" }, "entry: not an array"],
  ];
  for (const [body, error] of cases) {
    assert.deepEqual(parseWebhook(body), { ok: false, error });
  }
});

Deno.test("parseWebhook() keeps the readable updates beside an unreadable one and says where and why", () => {
  const wrap = (value: unknown) => ({
    object: "whatsapp_business_account",
    entry: [{
      id: "1",
      changes: [{ field: "messages", value: valueOf("inbound-text.json") }, { field: "messages", value }],
    }],
  });
  const text = valueOf("inbound-text.json");
  const status = valueOf("status-sent.json");
  const cases: [unknown, string][] = [
    [{ object: "whatsapp_business_account", entry: [1, { changes: [] }] }, "entry[0]: no changes list"],
    [{ object: "whatsapp_business_account", entry: [{ id: "1" }] }, "entry[0]: no changes list"],
    [wrap(null), "entry[0].changes[1].value: not an object"],
    [wrap({ ...text, metadata: {} }), "entry[0].changes[1].value: metadata: missing phone_number_id"],
    [wrap({ ...text, messages: {} }), "entry[0].changes[1].value.messages: not an array"],
    [
      wrap({
        ...text,
        messages: [{ ...text.messages[0], id: "wamid.other" }, { ...text.messages[0], id: undefined }],
      }),
      "entry[0].changes[1].value.messages[1]: missing id",
    ],
    [
      wrap({ ...text, messages: [{ ...text.messages[0], timestamp: "soon" }] }),
      'entry[0].changes[1].value.messages[0]: missing or bad timestamp "soon"',
    ],
    [
      wrap({ ...text, messages: [{ ...text.messages[0], type: undefined }] }),
      "entry[0].changes[1].value.messages[0]: missing type",
    ],
    [
      wrap({ ...text, contacts: [], messages: [{ ...text.messages[0], from: undefined }] }),
      "entry[0].changes[1].value.messages[0]: no sender: missing from, from_user_id and contacts",
    ],
    [wrap({ ...text, messages: ["hi"] }), "entry[0].changes[1].value.messages[0]: not an object"],
    [
      wrap({ ...status, statuses: [{ ...status.statuses[0], id: "" }] }),
      "entry[0].changes[1].value.statuses[0]: missing id",
    ],
    [
      wrap({ ...status, statuses: [{ ...status.statuses[0], status: undefined }] }),
      "entry[0].changes[1].value.statuses[0]: missing status",
    ],
  ];
  const textId = String(valueOf("inbound-text.json").messages[0].id);
  for (const [body, error] of cases) {
    const result = parseWebhook(body);
    assert.ok(result.ok, error);
    assert.deepEqual(result.unreadable.map((u) => `${u.where}: ${u.reason}`), [error]);
    assert.ok(result.unreadable[0].update.length > 0, error);
    // The first change's text message is never lost to its neighbour's fault.
    const wrapped = (body as { entry: unknown[] }).entry.length === 1 &&
      JSON.stringify(body).includes(textId);
    if (wrapped) {
      assert.ok(result.events.some((e) => e.type === "inbound" && e.messageId === textId), error);
    }
  }
});
