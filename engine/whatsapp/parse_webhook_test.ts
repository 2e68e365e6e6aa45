import assert from "node:assert/strict";
import type { InboundEvent, StatusEvent, WebhookEvent } from "./events.ts";
import { events, fixture, FIXTURES, type WebhookBody } from "./test_fixture.ts";

const SHEENA = {
  phoneNumberId: "106540352242922",
  contactKey: "16505551234",
  waId: "16505551234",
  profileName: "Sheena Nelson",
  replyTo: { to: "16505551234" },
};

/** What each inbound fixture must give: fields of the event and its message. */
const INBOUND: Record<
  string,
  {
    event: Partial<InboundEvent>;
    message: { text: string; kind: string; replyId?: string };
  }
> = {
  "inbound-text.json": {
    event: {
      ...SHEENA,
      at: 1749416383000,
      summary: "Does it come in another color?",
    },
    message: { text: "Does it come in another color?", kind: "text" },
  },
  "inbound-text-context-referred-product.json": {
    event: {
      ...SHEENA,
      summary: "Is this still available?",
      contextId: "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGA9wcm9kdWN0X2lucXVpcnkA",
    },
    message: { text: "Is this still available?", kind: "text" },
  },
  "inbound-text-ctwa-referral.json": {
    event: { ...SHEENA, summary: "Can I get more info about this?" },
    message: { text: "Can I get more info about this?", kind: "text" },
  },
  "inbound-reply-context.json": {
    event: {
      phoneNumberId: "1122334455667",
      messageId: "wamid.xyzxyz",
      contactKey: "US.13491208655302741918",
      waId: "972987654321",
      userId: "US.13491208655302741918",
      profileName: "Test Name",
      replyTo: { to: "972987654321" },
      contextId: "wamid.xyzxyz==",
      at: 1697044746000,
    },
    message: { text: "replied text", kind: "text" },
  },
  "inbound-button-reply.json": {
    event: { ...SHEENA, summary: "Cancel" },
    message: { text: "Cancel", kind: "interactive", replyId: "cancel-button" },
  },
  "inbound-list-reply.json": {
    event: { ...SHEENA, summary: "Priority Mail Express" },
    message: {
      text: "Priority Mail Express",
      kind: "interactive",
      replyId: "priority_express",
    },
  },
  "inbound-button.json": {
    event: { ...SHEENA, summary: "Unsubscribe" },
    message: { text: "Unsubscribe", kind: "button", replyId: "Unsubscribe" },
  },
  "inbound-image.json": {
    event: { ...SHEENA, summary: "[image] Taj Mahal", runsFlow: true },
    // DESIGN §6: a media caption is what the flow reads.
    message: { text: "Taj Mahal", kind: "image" },
  },
  "inbound-document.json": {
    event: { ...SHEENA, summary: "[document] my receipt", runsFlow: true },
    message: { text: "my receipt", kind: "document" },
  },
  "inbound-audio.json": {
    event: {
      ...SHEENA,
      summary: "[audio]",
      runsFlow: true,
      fields: [
        { label: "media id", value: "1908647269898587" },
        { label: "type", value: "audio/ogg; codecs=opus" },
        { label: "voice note", value: "yes" },
      ],
    },
    message: { text: "", kind: "audio" },
  },
  "inbound-location.json": {
    event: {
      ...SHEENA,
      summary: "[location] Philz Coffee, 101 Forest Ave, Palo Alto, CA 94301",
    },
    message: { text: "", kind: "location" },
  },
  "inbound-contacts.json": {
    event: { ...SHEENA, summary: "[contacts] Barbara J. Johnson" },
    message: { text: "", kind: "contacts" },
  },
  "inbound-reaction.json": {
    event: { ...SHEENA, summary: "[reaction] 👍" },
    message: { text: "", kind: "reaction" },
  },
  "inbound-unsupported.json": {
    event: {
      ...SHEENA,
      summary: "[unsupported] edit",
      errors: [{
        code: 131051,
        title: "Message type unknown",
        message: "Message type unknown",
        details: "Message type is currently not supported.",
      }],
    },
    message: { text: "", kind: "unsupported" },
  },
};

const STATUS: Record<string, Partial<StatusEvent>> = {
  "status-sent.json": {
    messageId: "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=",
    status: "sent",
    at: 1750030073000,
    recipientId: "16505551234",
    phoneNumberId: "106540352242922",
  },
  "status-sent-v24-no-conversation.json": {
    status: "sent",
    recipientId: "16505551234",
  },
  "status-delivered.json": {
    messageId: "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjVBOTE3MDk5QUVFM0YA",
    status: "delivered",
    at: 1750263773000,
  },
  "status-read.json": {
    messageId: "wamid.xyzxyz",
    status: "read",
    recipientId: "972987654321",
    phoneNumberId: "1122334455667",
  },
  "status-failed.json": {
    status: "failed",
    errors: [{
      code: 131049,
      title: "This message was not delivered to maintain healthy ecosystem engagement.",
      message: "This message was not delivered to maintain healthy ecosystem engagement.",
      details: "In order to maintain a healthy ecosystem engagement, the message failed to be delivered.",
    }],
  },
  "status-failed-131047.json": {
    phoneNumberId: "109999999999999",
    status: "failed",
    recipientId: "5511111111111",
    at: 1682651887000,
    errors: [{
      code: 131047,
      title: "Re-engagement message",
      message: "Re-engagement message",
      details:
        "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
    }],
  },
};

Deno.test("parseWebhook() fixture tables cover every inbound-* and status-* fixture", () => {
  const names = [...Deno.readDirSync(FIXTURES)].map((f) => f.name)
    .filter((n) => /^(inbound|status)-.*\.json$/.test(n)).sort();
  assert.deepEqual(
    names,
    [...Object.keys(INBOUND), ...Object.keys(STATUS)].sort(),
  );
});

for (const [name, want] of Object.entries(INBOUND)) {
  Deno.test(`parseWebhook() turns ${name} into one inbound event`, () => {
    const json = fixture<WebhookBody>(name);
    const [event, ...rest] = events(json);
    assert.equal(rest.length, 0);
    assert.equal(event.type, "inbound");
    const inbound = event as InboundEvent;
    const rawMessage = json.entry[0].changes[0].value.messages[0];
    assert.equal(inbound.messageId, rawMessage.id);
    assert.equal(inbound.at, Number(rawMessage.timestamp) * 1000);
    assert.deepEqual(inbound.message.at, inbound.at);
    for (const [key, value] of Object.entries(want.event)) {
      assert.deepEqual(inbound[key as keyof InboundEvent], value, key);
    }
    assert.equal(inbound.message.type, "message");
    assert.equal(inbound.message.text, want.message.text);
    assert.equal(inbound.message.kind, want.message.kind);
    assert.equal(inbound.message.replyId, want.message.replyId);
    assert.equal(inbound.message.profileName, inbound.profileName);
    assert.equal(inbound.message.phone, inbound.waId);
  });
}

for (const [name, want] of Object.entries(STATUS)) {
  Deno.test(`parseWebhook() turns ${name} into one status event`, () => {
    const all = events(fixture(name));
    assert.equal(all.length, 1);
    assert.equal(all[0].type, "status");
    for (const [key, value] of Object.entries(want)) {
      assert.deepEqual(all[0][key as keyof WebhookEvent], value, key);
    }
    if (want.status !== "failed") {
      assert.equal((all[0] as StatusEvent).errors, undefined);
    }
  });
}
