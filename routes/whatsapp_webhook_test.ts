import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { getChannel } from "../db/channels.ts";
import { contacts, inbound, outbox, webhookErrors } from "../db/schema.ts";
import { listUnreadable } from "../db/webhook_unreadable.ts";
import { type InboundEvent, signBody } from "../engine/whatsapp/mod.ts";
import { startServer, type TestServer } from "../tests/harness.ts";
import {
  APP_SECRET,
  PHONE_NUMBER_ID,
  postWebhook,
  setUpChannel,
  statusWebhook,
  textWebhook,
  VERIFY_TOKEN,
} from "../tests/whatsapp_setup.ts";

const FIXTURES = new URL("../tests/fixtures/whatsapp/", import.meta.url);

/** A server without workers (nothing is answered), with one channel. */
async function withChannel(fn: (server: TestServer, channelId: number) => Promise<void>) {
  const server = await startServer({
    workers: false,
    listen: false,
    env: { WHATSAPP_GRAPH_URL: "http://127.0.0.1:9" },
  });
  try {
    const { channelId } = await setUpChannel(server.deps, "http://127.0.0.1:9");
    await fn(server, channelId);
  } finally {
    await server.close();
  }
}

/** A fixture's raw text with its phone number id rewritten to the test channel's (nothing else changes). */
async function fixture(name: string): Promise<string> {
  const text = await Deno.readTextFile(new URL(name, FIXTURES));
  return text.replace(/("phone_number_id":\s*")\d+"/g, `$1${PHONE_NUMBER_ID}"`);
}

async function storedEvents(server: TestServer): Promise<InboundEvent[]> {
  const rows = await server.db.select().from(inbound).orderBy(inbound.id);
  return rows.map((r) => JSON.parse(r.event) as InboundEvent);
}

Deno.test("webhook GET answers the challenge only for subscribe with the right verify token", async () => {
  await withChannel(async (server, channelId) => {
    const cases: { query: string; status: number; body?: string }[] = [
      {
        query: `hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
        status: 200,
        body: "1158201444",
      },
      { query: `hub.mode=subscribe&hub.verify_token=wrong-token&hub.challenge=1`, status: 403 },
      { query: `hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`, status: 403 },
      { query: `hub.challenge=1`, status: 403 },
    ];
    for (const c of cases) {
      const res = await server.request(`/webhooks/whatsapp/${channelId}?${c.query}`);
      const text = await res.text();
      assert.equal(res.status, c.status, c.query);
      if (c.body !== undefined) {
        assert.equal(text, c.body);
        assert.match(res.headers.get("content-type") ?? "", /^text\/plain/);
      }
    }
    const unknown = await server.request(`/webhooks/whatsapp/9999?hub.mode=subscribe&hub.verify_token=x`);
    await unknown.body?.cancel();
    assert.equal(unknown.status, 404);
  });
});

Deno.test("webhook POST refuses missing or wrong signatures with 401 and stores nothing", async () => {
  await withChannel(async (server, channelId) => {
    const body = textWebhook([{ from: "15550001111", id: "wamid.SIG1", text: "hi" }]);
    const cases: { name: string; secret: string | null; mutate?: (b: string) => string }[] = [
      { name: "missing", secret: null },
      { name: "other secret", secret: "not-the-app-secret" },
      { name: "body changed after signing", secret: APP_SECRET, mutate: (b) => b.replace("hi", "ho") },
    ];
    for (const c of cases) {
      const headers: Record<string, string> = {};
      if (c.secret !== null) {
        headers["x-hub-signature-256"] = await signBody(body, c.secret);
      }
      const res = await server.request(`/webhooks/whatsapp/${channelId}`, {
        method: "POST",
        headers,
        body: c.mutate ? c.mutate(body) : body,
      });
      const json = await res.json();
      assert.equal(res.status, 401, c.name);
      assert.match(json.error, /signature/i);
    }
    const garbage = await server.request(`/webhooks/whatsapp/${channelId}`, {
      method: "POST",
      headers: { "x-hub-signature-256": "sha256=zz" },
      body,
    });
    await garbage.body?.cancel();
    assert.equal(garbage.status, 401);
    assert.equal((await storedEvents(server)).length, 0);
    assert.equal((await getChannel(server.db, channelId))?.lastWebhookAt, null);
  });
});

Deno.test("webhook POST checks the signature over the raw bytes, escapes included", async () => {
  await withChannel(async (server, channelId) => {
    // Meta escapes "/" as "\/" and non-ASCII as "\uXXXX": re-serialising would change the bytes.
    const raw = textWebhook([{ from: "15550002222", id: "wamid.ESC1", text: "PLACEHOLDER" }])
      .replace("PLACEHOLDER", "caf\\u00e9 a\\/b \\ud83d\\ude00")
      .replace('"Test User"', '"Jos\\u00e9"');
    const res = await postWebhook(server, channelId, new TextEncoder().encode(raw));
    await res.body?.cancel();
    assert.equal(res.status, 200);
    const [event] = await storedEvents(server);
    assert.equal(event.message.text, "café a/b 😀");
    assert.equal(event.profileName, "José");
  });
});

Deno.test("webhook POST answers 400 for a signed body it cannot read at all, and logs the reason", async () => {
  await withChannel(async (server, channelId) => {
    const cases = [
      { body: "{not json", error: /Cannot read the webhook body/ },
      { body: JSON.stringify({ object: "whatsapp_business_account" }), error: /entry: not an array/ },
    ];
    for (const c of cases) {
      const res = await postWebhook(server, channelId, c.body);
      const json = await res.json();
      assert.equal(res.status, 400, c.body);
      assert.match(json.error, c.error);
      // An operator sees why: in the server log and in the channel's webhook error log.
      assert.ok(server.logs.some((l) => l.includes("WhatsApp webhook refused") && c.error.test(l)), c.body);
    }
    const log = await listUnreadable(server.db, channelId);
    assert.deepEqual(log.map((e) => e.place), ["body", "body"]);
    assert.match(log[0].reason, /entry: not an array/);
    assert.equal((await storedEvents(server)).length, 0);
    const unknown = await postWebhook(server, 9999, "{}");
    await unknown.body?.cancel();
    assert.equal(unknown.status, 404);
  });
});

Deno.test("webhook POST keeps an unreadable change in the error log and answers 200", async () => {
  await withChannel(async (server, channelId) => {
    const body = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [{ changes: [{ field: "messages", value: { metadata: {} } }] }],
    });
    const res = await postWebhook(server, channelId, body);
    await res.body?.cancel();
    assert.equal(res.status, 200);
    const [entry, ...rest] = await listUnreadable(server.db, channelId);
    assert.equal(rest.length, 0);
    assert.equal(entry.place, "entry[0].changes[0].value");
    assert.equal(entry.reason, "metadata: missing phone_number_id");
    assert.equal(entry.excerpt, '{"metadata":{}}');
  });
});

const INBOUND_FIXTURES: { file: string; kind: string; summary?: RegExp; replyId?: boolean }[] = [
  { file: "inbound-text.json", kind: "text", summary: /^Does it come in another color\?$/ },
  { file: "inbound-text-context-referred-product.json", kind: "text" },
  { file: "inbound-text-ctwa-referral.json", kind: "text" },
  { file: "inbound-reply-context.json", kind: "text" },
  { file: "inbound-button-reply.json", kind: "interactive", replyId: true },
  { file: "inbound-list-reply.json", kind: "interactive", replyId: true },
  { file: "inbound-button.json", kind: "button" },
  { file: "inbound-image.json", kind: "image", summary: /^\[image\]/ },
  { file: "inbound-document.json", kind: "document", summary: /^\[document\]/ },
  { file: "inbound-audio.json", kind: "audio", summary: /^\[audio\]/ },
  { file: "inbound-location.json", kind: "location", summary: /^\[location\]/ },
  { file: "inbound-contacts.json", kind: "contacts", summary: /^\[contacts\]/ },
  { file: "inbound-reaction.json", kind: "reaction", summary: /^\[reaction\]/ },
  { file: "inbound-unsupported.json", kind: "unsupported", summary: /^\[unsupported\]/ },
];

Deno.test("webhook POST accepts and stores every inbound fixture type with its contact", async () => {
  await withChannel(async (server, channelId) => {
    for (const c of INBOUND_FIXTURES) {
      await server.db.delete(inbound);
      const raw = await fixture(c.file);
      const expected = JSON.parse(raw).entry[0].changes[0].value.messages[0];
      const res = await postWebhook(server, channelId, raw);
      assert.equal(res.status, 200, `${c.file}: ${await res.text()}`);
      const events = await storedEvents(server);
      assert.equal(events.length, 1, c.file);
      const [event] = events;
      assert.equal(event.messageId, expected.id, c.file);
      assert.equal(event.message.kind, c.kind, c.file);
      if (c.summary) assert.match(event.summary, c.summary, c.file);
      if (c.replyId) assert.ok(event.message.replyId, `${c.file}: reply id`);
      const contact = await server.db.query.contacts.findFirst({ where: eq(contacts.key, event.contactKey) });
      assert.ok(contact, `${c.file}: contact stored`);
      if (event.userId) assert.equal(contact.userId, event.userId);
    }
    assert.ok((await getChannel(server.db, channelId))?.lastWebhookAt);
  });
});

Deno.test("webhook POST stores every message of a batch once, even when redelivered", async () => {
  await withChannel(async (server, channelId) => {
    const messages = Array.from({ length: 60 }, (_, i) => ({
      from: `1555000${String(i % 7).padStart(4, "0")}`,
      id: `wamid.BATCH${i}`,
      text: `message ${i}`,
    }));
    const body = textWebhook(messages);
    for (let i = 0; i < 3; i++) {
      const res = await postWebhook(server, channelId, body);
      await res.body?.cancel();
      assert.equal(res.status, 200);
    }
    const events = await storedEvents(server);
    assert.deepEqual(events.map((e) => e.messageId), messages.map((m) => m.id));
    assert.equal((await server.db.select().from(contacts)).length, 7);
  });
});

Deno.test("webhook statuses move the named reply up only, and failures keep the error", async () => {
  await withChannel(async (server, channelId) => {
    const row = (wa: string) => ({
      channelId,
      contactKey: "16505551234",
      message: JSON.stringify({ type: "text", text: "hi" }),
      recipient: JSON.stringify({ to: "16505551234" }),
      status: "sent",
      waMessageId: wa,
      createdAt: Date.now(),
    });
    await server.db.insert(outbox).values([row("wamid.OUT1"), row("wamid.OUT2")]);
    const statusOf = async (wa: string) =>
      (await server.db.query.outbox.findFirst({ where: eq(outbox.waMessageId, wa) }))!;

    const steps: { status: string; expect: string }[] = [
      { status: "delivered", expect: "delivered" },
      { status: "read", expect: "read" },
      { status: "delivered", expect: "read" },
      { status: "sent", expect: "read" },
    ];
    for (const s of steps) {
      const res = await postWebhook(
        server,
        channelId,
        statusWebhook([{ id: "wamid.OUT1", status: s.status }]),
      );
      await res.body?.cancel();
      assert.equal(res.status, 200);
      assert.equal((await statusOf("wamid.OUT1")).status, s.expect, `after ${s.status}`);
    }

    const failed = (await fixture("status-failed-131047.json"))
      .replace("wamid.HBgNN5NzAzMDkTUyNzkzNhUEjA1MjUwNCAUIyNEYUQ0OTVGNTY0MwA=", "wamid.OUT2");
    const res = await postWebhook(server, channelId, failed);
    await res.body?.cancel();
    const out2 = await statusOf("wamid.OUT2");
    assert.equal(out2.status, "failed");
    assert.equal(out2.errorCode, 131047);
    assert.match(out2.error ?? "", /Re-engagement message/);

    // A failure of a message we never sent is kept for the pages; other unknown statuses are ignored.
    const unknown = await postWebhook(
      server,
      channelId,
      statusWebhook([{ id: "wamid.NOPE", status: "failed", code: 131026 }, {
        id: "wamid.NOPE2",
        status: "read",
      }]),
    );
    await unknown.body?.cancel();
    const errors = await server.db.select().from(webhookErrors);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].code, 131026);
    assert.match(errors[0].detail ?? "", /wamid\.NOPE/);
  });
});

Deno.test("webhook value-level errors are stored for the channel", async () => {
  await withChannel(async (server, channelId) => {
    const body = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [{
        id: "1",
        changes: [{
          field: "messages",
          value: {
            messaging_product: "whatsapp",
            metadata: { display_phone_number: "15550783881", phone_number_id: PHONE_NUMBER_ID },
            errors: [{
              code: 131000,
              title: "Something went wrong",
              message: "Something went wrong",
              error_data: { details: "Unknown error" },
            }, { code: 130472, title: "User's number is part of an experiment" }],
          },
        }],
      }],
    });
    const res = await postWebhook(server, channelId, body);
    await res.body?.cancel();
    assert.equal(res.status, 200);
    const errors = await server.db.select().from(webhookErrors).orderBy(webhookErrors.id);
    assert.deepEqual(errors.map((e) => [e.channelId, e.code, e.title]), [
      [channelId, 131000, "Something went wrong"],
      [channelId, 130472, "User's number is part of an experiment"],
    ]);
    assert.match(errors[0].detail ?? "", /Unknown error/);
  });
});
