import assert from "node:assert/strict";
import { createBot } from "../db/bots.ts";
import { createChannel } from "../db/channels.ts";
import { storeWebhookEvents } from "../db/inbound.ts";
import { contacts, outbox } from "../db/schema.ts";
import type { InboundEvent } from "../engine/whatsapp/mod.ts";
import { startServer, type TestServer } from "../tests/harness.ts";

const TOKEN = "admin-token-0123456789";

function get(server: TestServer, path: string): Promise<Response> {
  return server.request(`/api/v1/contacts${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
}

function inbound(messageId: string, text: string, at: number, who: Partial<InboundEvent>): InboundEvent {
  return {
    type: "inbound",
    phoneNumberId: "1065",
    messageId,
    contactKey: who.userId ?? who.waId!,
    waId: who.waId,
    userId: who.userId,
    profileName: who.profileName,
    at,
    message: { type: "message", text, kind: "text", at },
    summary: text,
    replyTo: who.waId ? { to: who.waId } : { recipient: who.userId },
  };
}

/** Two messages in, two replies out (one read, one failed), as the webhook and the sender leave them. */
async function seed(server: TestServer) {
  const bot = await createBot(server.db, { name: "Orders", flow: { start: "", nodes: [] } });
  const { id: channelId } = await createChannel(server.deps, {
    botId: bot.id,
    phoneNumberId: "1065",
    accessToken: "t",
    appSecret: "s",
    verifyToken: "verify-token",
  });
  const ada = { waId: "15550001", userId: "US.1234", profileName: "Ada" };
  const bo = { waId: "15550002", profileName: "Bo" };
  await storeWebhookEvents(server.db, channelId, {
    inbound: [inbound("wamid.in1", "hi", 1000, ada), inbound("wamid.b1", "hello", 1000, bo)],
    statuses: [],
    errors: [],
  }, 1_700_000_000_000);
  await storeWebhookEvents(server.db, channelId, {
    inbound: [inbound("wamid.in2", "123", 2000, ada)],
    statuses: [],
    errors: [],
  }, 1_700_000_002_000);
  const [first, second] = await server.db.query.inbound.findMany({
    where: (t, { eq }) => eq(t.contactKey, "US.1234"),
  });
  const reply = { channelId, contactKey: "US.1234", recipient: '{"to":"15550001"}', seq: 0 };
  await server.db.insert(outbox).values([
    {
      ...reply,
      inboundId: first.id,
      message: JSON.stringify({ type: "text", text: "Your order number?" }),
      status: "read",
      waMessageId: "wamid.out1",
      createdAt: 1_700_000_000_500,
    },
    {
      ...reply,
      inboundId: second.id,
      message: JSON.stringify({ type: "text", text: "Order 123 is shipped" }),
      status: "failed",
      errorCode: 131047,
      error: "Re-engagement message",
      createdAt: 1_700_000_002_500,
    },
  ]);
  await server.db.update(contacts).set({ attributes: JSON.stringify({ order_id: "123", total: 42.5 }) });
}

Deno.test("GET /api/v1/contacts/{waId} answers the contact with its attributes by wa_id or user_id, 404 when unknown", async () => {
  const server = await startServer({ workers: false, listen: false, env: { CHATWIRE_ADMIN_TOKEN: TOKEN } });
  try {
    await seed(server);
    const byWaId = await get(server, "/15550001");
    assert.equal(byWaId.status, 200);
    const ada = await byWaId.json();
    assert.deepEqual(ada, {
      waId: "15550001",
      userId: "US.1234",
      name: "Ada",
      attributes: { order_id: "123", total: 42.5 },
    });
    assert.deepEqual(await (await get(server, "/US.1234")).json(), ada);
    const missing = await get(server, "/19999999");
    assert.equal(missing.status, 404);
    assert.match((await missing.json()).error, /No contact with wa_id or user_id 19999999/);
    const anonymous = await server.request(`/api/v1/contacts/15550001`);
    assert.equal(anonymous.status, 401);
    await anonymous.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("GET /api/v1/contacts/{waId}/messages answers the transcript oldest first with ISO times and statuses", async () => {
  const server = await startServer({ workers: false, listen: false, env: { CHATWIRE_ADMIN_TOKEN: TOKEN } });
  try {
    await seed(server);
    const res = await get(server, "/15550001/messages");
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), [
      { direction: "in", type: "text", text: "hi", at: "2023-11-14T22:13:20.000Z", status: "pending" },
      {
        direction: "out",
        type: "text",
        text: "Your order number?",
        at: "2023-11-14T22:13:20.500Z",
        status: "read",
      },
      { direction: "in", type: "text", text: "123", at: "2023-11-14T22:13:22.000Z", status: "pending" },
      {
        direction: "out",
        type: "text",
        text: "Order 123 is shipped",
        at: "2023-11-14T22:13:22.500Z",
        status: "failed",
        error: "131047: Re-engagement message",
      },
    ]);
    const bo = await (await get(server, "/15550002/messages")).json();
    assert.deepEqual(bo.map((m: { text: string }) => m.text), ["hello"], "only this contact's messages");
    assert.equal((await get(server, "/15550003/messages")).status, 404);
  } finally {
    await server.close();
  }
});
