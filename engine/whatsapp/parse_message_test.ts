import assert from "node:assert/strict";
import { parseMessage } from "./parse_message.ts";
import type { InboundEvent } from "./events.ts";

const BASE = { id: "wamid.1", timestamp: "1700000000" };
const PHONE = "106540352242922";

function parse(message: unknown, contacts: unknown = []): InboundEvent {
  const event = parseMessage(message, { phoneNumberId: PHONE, contacts });
  if (typeof event === "string") throw new Error(event);
  return event;
}

Deno.test("parseMessage() keys a username-only user by user_id and replies to recipient", () => {
  const event = parse(
    { ...BASE, from_user_id: "US.1349", type: "text", text: { body: "hi" } },
    [{ profile: { name: "Ana", username: "ana" }, user_id: "US.1349" }],
  );
  assert.equal(event.contactKey, "US.1349");
  assert.equal(event.userId, "US.1349");
  assert.equal(event.waId, undefined);
  assert.deepEqual(event.replyTo, { recipient: "US.1349" });
  assert.equal(event.profileName, "Ana");
  assert.equal(event.message.phone, undefined);
});

Deno.test("parseMessage() prefers user_id as key but replies to the phone when known", () => {
  const event = parse(
    { ...BASE, from: "15551234", type: "text", text: { body: "hi" } },
    [
      { profile: { name: "Other" }, wa_id: "999" },
      { profile: { name: "Bo" }, wa_id: "15551234", user_id: "US.77" },
    ],
  );
  assert.equal(event.contactKey, "US.77");
  assert.equal(event.profileName, "Bo");
  assert.deepEqual(event.replyTo, { to: "15551234" });
  assert.equal(event.message.phone, "15551234");
});

Deno.test("parseMessage() reads each kind of DESIGN §6's table: sys.input, summary and whether it runs", () => {
  const cases: [Record<string, unknown>, string, string, boolean][] = [
    [{ type: "video", video: { id: "1" } }, "", "[video]", true],
    [{ type: "image", image: { id: "1", caption: "Look" } }, "Look", "[image] Look", true],
    [{ type: "sticker", sticker: { id: "1", animated: false } }, "", "[sticker]", true],
    [{ type: "audio", audio: { id: "1", voice: false } }, "", "[audio]", true],
    [{ type: "document", document: { filename: "a.pdf" } }, "", "[document] a.pdf", true],
    [{ type: "location", location: { latitude: 1.5, longitude: 2 } }, "", "[location] 1.5,2", true],
    [{ type: "reaction", reaction: { message_id: "wamid.0" } }, "", "[reaction removed]", false],
    [{ type: "reaction", reaction: { message_id: "wamid.0", emoji: "👍" } }, "", "[reaction] 👍", false],
    [{ type: "order", order: { catalog_id: "1" } }, "", "[order] 0 items", true],
    [
      {
        type: "interactive",
        interactive: { type: "nfm_reply", nfm_reply: { body: "Sent", response_json: "{}" } },
      },
      "Sent",
      "[flow reply] Sent",
      true,
    ],
    [{ type: "system", system: { body: "User changed number" } }, "", "[system] User changed number", false],
    [{ type: "revoke", revoke: { original_message_id: "wamid.0" } }, "", "[deleted]", false],
    [{ type: "unsupported", unsupported: { type: "edit" } }, "", "[unsupported] edit", false],
    [{ type: "text", text: { body: "hi" }, group_id: "G1" }, "hi", "hi", false],
    [{ type: "novelty", novelty: {} }, "", "[novelty]", false],
  ];
  for (const [fields, text, summary, runsFlow] of cases) {
    const event = parse({ ...BASE, from: "15551234", ...fields });
    assert.equal(event.summary, summary);
    assert.equal(event.message.text, text, summary);
    assert.equal(event.runsFlow, runsFlow, summary);
    assert.equal(event.message.kind, fields.type);
  }
});

Deno.test("parseMessage() keeps a Flow reply's form data and an order's items", () => {
  const flow = parse({
    ...BASE,
    from: "15551234",
    type: "interactive",
    interactive: {
      type: "nfm_reply",
      nfm_reply: { name: "flow", body: "Sent", response_json: '{"flow_token":"t","size":"M","qty":2}' },
    },
  });
  assert.equal(flow.message.flowResponse, '{"flow_token":"t","size":"M","qty":2}');
  assert.deepEqual(flow.fields, [{ label: "size", value: "M" }, { label: "qty", value: "2" }]);
  const order = parse({
    ...BASE,
    from: "15551234",
    type: "order",
    order: {
      catalog_id: "C",
      text: "fast please",
      product_items: [{ product_retailer_id: "SKU1", quantity: "2", item_price: "9.5", currency: "EUR" }],
    },
  });
  assert.equal(order.summary, "[order] 1 item");
  assert.deepEqual(order.fields, [
    { label: "catalog", value: "C" },
    { label: "item", value: "SKU1 × 2 at 9.5 EUR" },
    { label: "note", value: "fast please" },
  ]);
});

Deno.test("parseMessage() refuses a sender that is no phone number or user id", () => {
  const text = { ...BASE, type: "text", text: { body: "hi" } };
  const cases: [Record<string, unknown>, unknown, string][] = [
    [{ from: "bla" }, [], 'from "bla" is neither a phone number nor a WhatsApp user id'],
    [
      { from: "15551234" },
      [{ wa_id: "15551234", user_id: "foo_bar" }],
      'user_id "foo_bar" is not a WhatsApp user id',
    ],
    [{}, [], "no sender: missing from, from_user_id and contacts"],
    [{ from: 15551234 }, [], "from is not a string"],
  ];
  for (const [ids, contacts, reason] of cases) {
    assert.equal(parseMessage({ ...text, ...ids }, { phoneNumberId: PHONE, contacts }), reason);
  }
});

Deno.test("parseMessage() takes a from like US.1234 as a user id, never a phone number", () => {
  const event = parse({ ...BASE, from: "US.13491208655302741918", type: "text", text: { body: "hi" } });
  assert.equal(event.userId, "US.13491208655302741918");
  assert.equal(event.waId, undefined);
  assert.deepEqual(event.replyTo, { recipient: "US.13491208655302741918" });
});

Deno.test("parseMessage() reads timestamps in seconds and in milliseconds", () => {
  assert.equal(parse({ ...BASE, from: "15551234", type: "text", text: {} }).at, 1700000000000);
  const ms = parse({ ...BASE, timestamp: "1700000000123", from: "15551234", type: "text", text: {} });
  assert.equal(ms.at, 1700000000123);
  assert.equal(
    parse({ ...BASE, timestamp: 1700000000123, from: "15551234", type: "text", text: {} }).at,
    1700000000123,
  );
});

Deno.test("parseMessage() keeps an empty text body as empty text", () => {
  const event = parse({ ...BASE, from: "15551234", type: "text", text: {} });
  assert.equal(event.message.text, "");
  assert.equal(event.at, 1700000000000);
});
