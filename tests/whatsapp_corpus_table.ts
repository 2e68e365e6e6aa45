/**
 * What Chatwire must do with each real webhook body of
 * tests/fixtures/whatsapp/corpus (DESIGN §6), in the order the corpus test
 * posts them: what is recorded in the transcript (kind, summary, contact,
 * fields), whether the flow ran, what was replied, which updates land in
 * the webhook error log and how statuses move our messages. The test bot
 * answers every turn with `got: {{sys.input}}|{{sys.flow_response}}`.
 *
 * Many documentation bodies carry placeholders (`"from": "PHONE_NUMBER"`,
 * `"timestamp": "<TIMESTAMP>"`, `"user_id": "<BSUID>"`): by the identity
 * and timestamp rules those updates are unreadable, and the table says so.
 */

/** Who a recorded update belongs to, and where a reply goes. */
export interface Who {
  key: string;
  to?: string;
  recipient?: string;
}

export interface Recorded {
  kind: string;
  summary: string;
  who: Who;
  /** The flow ran (and answered `reply`), or the update was only recorded. */
  runs: boolean;
  /** The reply's text when the flow ran. */
  reply?: string;
  /** `label: value` lines the transcript must show. */
  fields?: string[];
  /** The wamid this update is about (reaction, edit, deletion). */
  about?: string;
}

export interface Expect {
  recorded: Recorded[];
  /** Reasons logged in the webhook error log, with their place. */
  unreadable?: string[];
  /** Rows added to the value-level error list (webhook_errors). */
  errors?: number;
  /**
   * For status updates: the test first queues a reply of ours (status `sent`)
   * under each wamid the body names; this is the status it must end in.
   */
  status?: string;
  /** The contact row after the update, for the identity rules. */
  contact?: { key: string; waId: string | null; userId: string | null };
}

const PYWA: Who = { key: "US.13491208655302741918", to: "972987654321" };
const SHEENA: Who = { key: "16505551234", to: "16505551234" };
const BJ: Who = { key: "1111111111111", to: "1111111111111" };
const M = "entry[0].changes[0].value.messages[0]";
const C = "entry[0].changes[0].value.calls[0]";

const nothing: Expect = { recorded: [] };

function turn(kind: string, summary: string, who: Who, input: string, fields?: string[]): Expect {
  return { recorded: [{ kind, summary, who, runs: true, reply: `got: ${input}|`, fields }] };
}

function rec(kind: string, summary: string, who: Who, more: Partial<Recorded> = {}): Expect {
  return { recorded: [{ kind, summary, who, runs: false, ...more }] };
}

function unread(...reasons: string[]): Expect {
  return { recorded: [], unreadable: reasons };
}

const placeholder = (where: string, value: string) =>
  `${where}: from "${value}" is neither a phone number nor a WhatsApp user id`;
const badTime = (value: string) => `${M}: missing or bad timestamp "${value}"`;

/** The flow reply's form data, as the flow reads it in sys.flow_response. */
const PYWA_FORM =
  '{"comment_text":"Comment Text","delivery_rating":"4","flow_token":"AQAAAAACS5FpgQ_cAAAAAD0QI3s.",' +
  '"purchase_rating":"2","recommend_radio":"0","cs_rating":"0"}';

export const CORPUS: [string, Expect][] = [
  // Not messages of a user: nothing recorded, 200.
  ...[
    "bj-account-banned.json",
    "bj-account-review.json",
    "bj-phone-number-name-update.json",
    "bj-quality-update.json",
    "bj-rejected-template.json",
    "meta-account-alerts-1.json",
    "meta-account-update-1.json",
    "meta-automatic-events-api-1.json",
    "meta-business-capability-update-1.json",
    "meta-flows-webhooks-1.json",
    "meta-history-1.json",
    "meta-message-template-quality-update-1.json",
    "meta-message-template-status-update-1.json",
    "meta-partner-solutions-1.json",
    "meta-payment-configuration-update-1.json",
    "meta-security-1.json",
    "meta-smb-message-echoes-1.json",
    "meta-user-preferences-1.json",
    "meta-webhooks-for-groups-api-0.json",
    "meta-webhooks-for-groups-api-5.json",
    "pywa-outgoing-message-text.json",
    "pywa-template-category-update-marketing.json",
  ].map((name): [string, Expect] => [name, nothing]),

  // pywa: one user (wa_id 972987654321, user_id US.1349…) through every kind.
  ["pywa-message-text.json", turn("text", "Body Text", PYWA, "Body Text")],
  ["pywa-message-forwarded.json", turn("text", "forwarded text", PYWA, "forwarded text")],
  [
    "pywa-message-forwarded-many-times.json",
    turn("text", "text forwarded many times", PYWA, "text forwarded many times"),
  ],
  ["pywa-message-referral.json", turn("text", "BODY", PYWA, "BODY")],
  ["pywa-callback-button-button.json", turn("interactive", "title", PYWA, "title")],
  ["pywa-callback-selection-callback.json", turn("interactive", "title", PYWA, "title")],
  [
    "pywa-callback-selection-description.json",
    turn("interactive", "title", PYWA, "title", ["description: description"]),
  ],
  ["pywa-callback-button-quick-reply.json", turn("button", "title", PYWA, "title")],
  ["pywa-callback-button-quick-reply-without-context.json", turn("button", "title", PYWA, "title")],
  ["pywa-message-image.json", turn("image", "[image]", PYWA, "", ["media id: 65463453", "type: image/jpeg"])],
  ["pywa-message-media-with-url.json", turn("image", "[image]", PYWA, "", ["media id: 65463453"])],
  [
    "pywa-message-video.json",
    turn("video", "[video] caption", PYWA, "caption", ["caption: caption", "media id: 765756756"]),
  ],
  [
    "pywa-message-document.json",
    turn("document", "[document] caption", PYWA, "caption", ["caption: caption", "file name: filename.pdf"]),
  ],
  ["pywa-message-audio.json", turn("audio", "[audio]", PYWA, "", ["type: audio/ogg; codecs=opus"])],
  ["pywa-message-voice.json", turn("audio", "[audio]", PYWA, "", ["voice note: yes"])],
  ["pywa-message-static-sticker.json", turn("sticker", "[sticker]", PYWA, "", ["type: image/webp"])],
  ["pywa-message-animated-sticker.json", turn("sticker", "[sticker]", PYWA, "", ["animated: yes"])],
  [
    "pywa-message-current-location.json",
    turn("location", "[location] 12.25089,43.90539", PYWA, "", ["latitude: 12.25089", "longitude: 43.90539"]),
  ],
  [
    "pywa-message-chosen-location.json",
    turn("location", "[location] Facebook HQ, 1 Hacker Way, Menlo Park, CA 94025", PYWA, "", [
      "name: Facebook HQ",
      "address: 1 Hacker Way, Menlo Park, CA 94025",
    ]),
  ],
  [
    "pywa-message-contacts.json",
    turn("contacts", "[contacts] Chandler Bing, Monica, Rachel Green", PYWA, "", [
      "contact: Chandler Bing: +1 555-555-5555",
      "contact: Rachel Green: +1 777-777-7777",
    ]),
  ],
  [
    "pywa-message-order.json",
    turn("order", "[order] 3 items", PYWA, "", [
      "catalog: 354160437058781",
      "item: HAMBURGER × 3 at 30 ILS",
      "item: FRENCH_FRIES × 2 at 35 ILS",
      "item: SODA × 2 at 10 ILS",
    ]),
  ],
  [
    "pywa-flow-completion-completion.json",
    {
      recorded: [{
        kind: "interactive",
        summary: "[flow reply] Sent",
        who: PYWA,
        runs: true,
        reply: `got: Sent|${PYWA_FORM}`,
        fields: ["comment_text: Comment Text", "delivery_rating: 4", "cs_rating: 0"],
      }],
    },
  ],
  [
    "pywa-flow-completion-without-flow-token.json",
    {
      recorded: [{
        kind: "interactive",
        summary: "[flow reply] Sent",
        who: PYWA,
        runs: true,
        reply:
          'got: Sent|{"comment_text":"Comment Text","delivery_rating":"4","purchase_rating":"2","recommend_radio":"0","cs_rating":"0"}',
        fields: ["purchase_rating: 2"],
      }],
    },
  ],
  [
    "pywa-message-reaction.json",
    rec("reaction", "[reaction] 😮", PYWA, { about: "wamid.yzxyzx=", fields: ["emoji: 😮"] }),
  ],
  [
    "pywa-message-unreaction-empty.json",
    rec("reaction", "[reaction removed]", PYWA, { about: "wamid.yzxyzx=" }),
  ],
  [
    "pywa-message-unreaction-no-emoji.json",
    rec("reaction", "[reaction removed]", PYWA, { about: "wamid.yzxyzx=" }),
  ],
  [
    "pywa-message-unsupported.json",
    rec("unsupported", "[unsupported]", PYWA, {
      fields: ["error: 131051: Message type unknown (Message type is currently not supported.)"],
    }),
  ],
  [
    "pywa-message-unsupported-with-type.json",
    rec("unsupported", "[unsupported] pool", PYWA, {
      fields: ["error: 131051: Message type unknown (Message type is currently not supported.)"],
    }),
  ],
  // An interactive message with no reply in it, beside a value-level error 131000.
  ["pywa-message-interactive-message-with-err.json", {
    ...rec("interactive", "[interactive]", PYWA),
    errors: 1,
  }],
  [
    "pywa-call-permission-update-accept.json",
    rec("interactive", "[call permission] accept", PYWA, { fields: ["answer: accept"] }),
  ],
  [
    "pywa-call-permission-update-reject.json",
    rec("interactive", "[call permission] reject", PYWA, { fields: ["answer: reject"] }),
  ],
  [
    "pywa-call-connect-user-initiated.json",
    rec("call", "[call connect]", PYWA, { fields: ["direction: USER_INITIATED"] }),
  ],
  [
    "pywa-call-connect-business-initiated.json",
    rec("call", "[call connect]", PYWA, { fields: ["direction: BUSINESS_INITIATED"] }),
  ],
  ["pywa-call-status-call-status.json", rec("call", "[call ringing]", PYWA)],
  [
    "pywa-call-terminate-call-terminate.json",
    {
      ...rec("call", "[call terminate]", PYWA, { fields: ["status: COMPLETED", "duration: 120 s"] }),
      errors: 1,
    },
  ],
  // Its `from` is a placeholder; the identity rules do not guess.
  ["pywa-deleted-message-revoke.json", unread(placeholder(M, "<WHATSAPP_USER_PHONE_NUMBER>"))],
  // wa_id only: the same person as the user_id contact above.
  [
    "pywa-system-identity-change.json",
    rec("system", "[system] User identity changed", PYWA, { fields: ["kind: customer_identity_changed"] }),
  ],
  // The number change moves that contact to 972912345678 …
  [
    "pywa-system-phone-number-change.json",
    {
      ...rec("system", "[system] User A changed from 972987654321 to 972912345678", PYWA, {
        fields: ["new number: 972912345678"],
      }),
      contact: { key: PYWA.key, waId: "972912345678", userId: PYWA.key },
    },
  ],
  // … so the next message from the new number goes on in the same contact.
  [
    "own-number-change-followup.json",
    turn("text", "from my new number", { key: PYWA.key, to: "972912345678" }, "from my new number"),
  ],
  // A different user (16505551234) whose contacts entry does not match `from`: keyed by `from`.
  [
    "pywa-edited-message-image.json",
    rec("edit", "[edited] Updated image caption", SHEENA, {
      about: "wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=",
      fields: ["new text: Updated image caption"],
    }),
  ],
  ...[
    "pywa-message-status-sent.json",
    "pywa-message-status-with-tracker.json",
  ].map((name): [string, Expect] => [name, { recorded: [], status: "sent" }]),
  ["pywa-message-status-delivered.json", { recorded: [], status: "delivered" }],
  ["pywa-message-status-group.json", { recorded: [], status: "read" }],
  ["pywa-message-status-failed.json", { recorded: [], status: "failed" }],
  // "played" is no delivery status Chatwire tracks.
  ["pywa-message-status-played.json", { recorded: [], status: "sent" }],

  // Bindambc/whatsapp-business-java-api: captured webhooks, numbers masked.
  ["bj-text-message.json", turn("text", "hi everyone!", BJ, "hi everyone!")],
  [
    "bj-text-message2.json",
    turn("text", "Good afternoon", { key: "409552778964973", to: "409552778964973" }, "Good afternoon"),
  ],
  ["bj-button-message.json", turn("button", "SIM", BJ, "SIM")],
  ["bj-image-message.json", turn("image", "[image]", BJ, "", ["media id: 8472976218001204"])],
  [
    "bj-video-message.json",
    turn("video", "[video] hello world", BJ, "hello world", ["caption: hello world"]),
  ],
  [
    "bj-document-message.json",
    turn("document", "[document] 4_641947.pdf", BJ, "", ["file name: 4_641947.pdf"]),
  ],
  ["bj-audio-message.json", turn("audio", "[audio]", BJ, "", ["voice note: yes"])],
  ["bj-sticker-message.json", turn("sticker", "[sticker]", BJ, "", ["media id: 1604825680670873"])],
  [
    "bj-location-message.json",
    turn("location", "[location] -10.93941311633,-10.606395436721", BJ, "", [
      "url: https://foursquare.com/v/5c42c5667d8497002c6e09f9",
    ]),
  ],
  [
    "bj-contact-message.json",
    turn("contacts", "[contacts] Person Ok", BJ, "", ["contact: Person Ok: +55 11 11111-1111"]),
  ],
  ["bj-react-message.json", rec("reaction", "[reaction] 👍", BJ, { fields: ["emoji: 👍"] })],
  // A message the user deleted, as WhatsApp reported it in 2022: unsupported with error 131051.
  [
    "bj-message-deleted.json",
    rec("unsupported", "[unsupported]", BJ, {
      fields: ["error: 131051: Message type unknown (Message type is currently not supported.)"],
    }),
  ],
  ["bj-text-message-status-sent.json", { recorded: [], status: "sent" }],
  ["bj-text-message-status-delivered.json", {
    recorded: [],
    status: "delivered",
  }],
  ["bj-media-upload-error.json", { recorded: [], status: "failed" }],

  // Meta's documentation.
  [
    "meta-interactive-list-3.json",
    turn("interactive", "Priority Mail Express", SHEENA, "Priority Mail Express"),
  ],
  ["meta-interactive-reply-buttons-4.json", turn("interactive", "Change", SHEENA, "Change")],
  [
    "meta-location-request-4.json",
    turn(
      "location",
      "[location] Solomon R. Guggenheim Museum, 1071 5th Ave, New York, NY 10128",
      SHEENA,
      "",
      [
        "latitude: 40.782910059774",
      ],
    ),
  ],
  ["meta-video-1.json", turn("video", "[video] Timelapse of growth", SHEENA, "Timelapse of growth")],
  ["meta-sticker-1.json", turn("sticker", "[sticker]", SHEENA, "", ["animated: yes"])],
  [
    "meta-order-1.json",
    turn("order", "[order] 2 items", SHEENA, "", [
      "item: di9ozbzfi4 × 2 at 30 USD",
      "item: nqryix03ez × 1 at 25 USD",
      "note: Love these!",
    ]),
  ],
  ["meta-reaction-2.json", rec("reaction", "[reaction removed]", SHEENA)],
  ["meta-edit-1.json", rec("edit", "[edited] Updated image caption", SHEENA, { fields: ["type: image"] })],
  ["meta-onboard-whatsapp-business-app-users-17.json", rec("revoke", "[deleted]", SHEENA)],
  // A group message: recorded on the member, never answered privately.
  [
    "meta-group-1.json",
    rec("text", "What does everyone think about this?", SHEENA, {
      fields: ["group: HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA"],
    }),
  ],
  [
    "meta-system-1.json",
    {
      ...rec("system", "[system] User Sheena Nelson changed from 16505551234 to 12195555358", SHEENA),
      contact: { key: "16505551234", waId: "12195555358", userId: null },
    },
  ],
  // A username-only user: no wa_id anywhere; keyed by user_id and answered at recipient.
  [
    "meta-business-scoped-user-ids-32.json",
    turn("text", "Does it come in another color?", {
      key: "US.13491208655302741918",
      recipient: "US.13491208655302741918",
    }, "Does it come in another color?"),
  ],
  [
    "meta-copy-code-authentication-templates-3.json",
    turn("button", "I didn't request a code", { key: "12345678", to: "12345678" }, "I didn't request a code"),
  ],
  [
    "meta-get-started-as-a-solution-partner-6.json",
    turn("text", "Hello!", { key: "16315555555", to: "16315555555" }, "Hello!"),
  ],
  [
    "meta-whatsapp-cloud-api-get-started-0.json",
    turn("text", "Hi!", { key: "17863559966", to: "17863559966" }, "Hi!"),
  ],
  ["meta-errors-webhooks-reference-1.json", { recorded: [], errors: 1 }],
  ["meta-no-storage-5.json", { recorded: [], errors: 1 }],
  ["meta-business-scoped-user-ids-28.json", { recorded: [], status: "delivered" }],
  ["meta-business-scoped-user-ids-29.json", { recorded: [], status: "delivered" }],
  ["meta-business-scoped-user-ids-30.json", { recorded: [], status: "failed" }],
  ["meta-no-storage-4.json", { recorded: [], status: "failed" }],
  // Documentation templates whose placeholders break the identity or timestamp rules.
  ["meta-configure-call-settings-13.json", unread(placeholder(M, "<USER_PHONE_NUMBER>"))],
  ["meta-call-recording-2.json", unread(placeholder(C, "<USER_PHONE_NUMBER>"))],
  ["meta-api-and-26.json", unread(`${C}: user_id "<BSUID>" is not a WhatsApp user id`)],
  ["meta-api-and-42.json", unread(`${C}: user_id "<BSUID>" is not a WhatsApp user id`)],
  ["meta-user-initiated-calls-19.json", unread(`${C}: user_id "<BSUID>" is not a WhatsApp user id`)],
  ["meta-conversational-components-0.json", unread(badTime("<TIMESTAMP>"))],
  ["meta-conversational-components-1.json", unread(badTime("<TIMESTAMP>"))],
  ["meta-edit-0.json", unread(badTime("<WEBHOOK_TRIGGER_TIMESTAMP>"))],
  ["meta-group-messaging-3.json", unread(badTime("<WEBHOOK_TRIGGER_TIMESTAMP>"))],
  ["meta-onboard-whatsapp-business-app-users-16.json", unread(badTime("<WEBHOOK_TRIGGER_TIMESTAMP>"))],
  ["meta-one-click-payments-3.json", unread(badTime("<WEBHOOK_SENT_TIMESTAMP>"))],
  ["meta-system-0.json", unread(badTime("<WEBHOOK_TRIGGER_TIMESTAMP>"))],
  [
    "meta-webhooks-for-groups-api-20.json",
    unread('entry[0].changes[0].value.statuses[0]: missing or bad timestamp "WEBHOOK_TRIGGER_TIMESTAMP"'),
  ],

  // netflie/whatsapp-cloud-api: most bodies name the user "PHONE_NUMBER".
  [
    "netflie-can-build-a-button-notification.json",
    turn("button", "No", { key: "16315551234", to: "16315551234" }, "No"),
  ],
  [
    "netflie-can-build-a-notification.json",
    turn("button", "No", { key: "16315551234", to: "16315551234" }, "No"),
  ],
  [
    "netflie-can-build-a-forwarded-notification.json",
    turn("text", "MESSAGE_BODY", { key: "16315551234", to: "16315551234" }, "MESSAGE_BODY"),
  ],
  ...[
    "netflie-can-build-a-contact-notification.json",
    "netflie-can-build-a-location-notification.json",
    "netflie-can-build-a-reaction-notification.json",
    "netflie-can-build-a-removed-reaction-notification.json",
    "netflie-can-build-a-system-notification.json",
    "netflie-can-build-a-text-notification.json",
    "netflie-can-build-an-document-notification.json",
    "netflie-can-build-an-image-notification.json",
    "netflie-can-build-an-unknown-notification.json",
    "netflie-can-keep-wa-id-priority-when-user-id-is-present.json",
    "netflie-without-contact-profile-can-build-a-notification.json",
  ].map((name): [string, Expect] => [name, unread(placeholder(M, "PHONE_NUMBER"))]),
  ...[
    "netflie-can-build-a-button-reply-notification.json",
    "netflie-can-build-a-flow-notification.json",
    "netflie-can-build-a-list-notification.json",
    "netflie-can-build-an-order-notification.json",
  ].map((name): [string, Expect] => [name, unread(placeholder(M, "PHONE_NUMBER_ID"))]),
  ["netflie-can-build-a-sticker-notification.json", unread(placeholder(M, "SENDER_PHONE_NUMBER"))],
  [
    "netflie-can-build-multiple-text-notification.json",
    unread(
      placeholder(M, "PHONE_NUMBER"),
      placeholder("entry[0].changes[1].value.messages[0]", "PHONE_NUMBER"),
    ),
  ],
  [
    "netflie-can-build-a-notification-with-bsuid-only-and-no-from.json",
    unread(`${M}: user_id "BSUID_123" is not a WhatsApp user id`),
  ],
  ...[
    "netflie-can-build-a-marketing-status-notification.json",
    "netflie-can-build-a-status-notification-without-expiration-time.json",
    "netflie-can-build-a-status-with-pricing-notification.json",
    "netflie-can-build-an-authentication-status-notification.json",
  ].map((name): [string, Expect] => [name, { recorded: [], status: "delivered" }]),
  ...[
    "netflie-can-build-a-status-conversation-initiated-notification.json",
    "netflie-can-build-a-status-notification.json",
  ].map((name): [string, Expect] => [name, { recorded: [], status: "read" }]),
  ["netflie-can-build-a-status-notification-with-errors.json", { recorded: [], status: "failed" }],

  // Made here from the shapes above (tests/fixtures/SOURCES.md says which).
  ["own-ms-timestamp.json", turn("text", "ms time", { key: "16505550101", to: "16505550101" }, "ms time")],
  [
    "own-batch-one-unreadable.json",
    {
      ...turn("text", "still here", { key: "16505550102", to: "16505550102" }, "still here"),
      unreadable: [`${M}: no sender: missing from, from_user_id and contacts`],
    },
  ],
  [
    "own-identity-1-wa-id-only.json",
    {
      ...turn("text", "first", { key: "16505550103", to: "16505550103" }, "first"),
      contact: { key: "16505550103", waId: "16505550103", userId: null },
    },
  ],
  // The same wa_id now with a user_id: the same contact, which gains the user_id.
  [
    "own-identity-2-with-user-id.json",
    {
      ...turn("text", "second", { key: "16505550103", to: "16505550103" }, "second"),
      contact: { key: "16505550103", waId: "16505550103", userId: "US.98765432109876543210" },
    },
  ],
  [
    "own-from-user-id.json",
    turn("text", "from a user id", {
      key: "US.11112222333344445555",
      recipient: "US.11112222333344445555",
    }, "from a user id"),
  ],
  ["own-from-bla.json", unread(placeholder(M, "bla"))],
  ["own-user-id-malformed.json", unread(`${M}: user_id "foo_bar" is not a WhatsApp user id`)],
];
