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

Deno.test("parseMessage() summarises media, reactions and unknown types without text", () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ type: "video", video: { id: "1" } }, "[video]"],
    [{ type: "sticker", sticker: { id: "1", animated: false } }, "[sticker]"],
    [{ type: "audio", audio: { id: "1", voice: false } }, "[audio]"],
    [{ type: "document", document: { filename: "a.pdf" } }, "[document] a.pdf"],
    [
      { type: "location", location: { latitude: 1.5, longitude: 2 } },
      "[location] 1.5,2",
    ],
    [
      { type: "reaction", reaction: { message_id: "wamid.0" } },
      "[reaction] removed",
    ],
    [{ type: "order", order: { catalog_id: "1" } }, "[order]"],
    [
      {
        type: "interactive",
        interactive: { type: "nfm_reply", nfm_reply: {} },
      },
      "[interactive]",
    ],
    [
      { type: "system", system: { body: "User changed number" } },
      "[system] User changed number",
    ],
  ];
  for (const [fields, summary] of cases) {
    const event = parse({ ...BASE, from: "1", ...fields });
    assert.equal(event.summary, summary);
    assert.equal(event.message.text, "");
    assert.equal(event.message.replyId, undefined);
    assert.equal(event.message.kind, fields.type);
  }
});

Deno.test("parseMessage() keeps an empty text body as empty text", () => {
  const event = parse({ ...BASE, from: "1", type: "text", text: {} });
  assert.equal(event.message.text, "");
  assert.equal(event.at, 1700000000000);
});
