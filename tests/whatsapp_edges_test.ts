/**
 * WhatsApp edge cases end to end: who a contact is when Meta leaves out the
 * phone number, and a flow that never waits for the user.
 */
import assert from "node:assert/strict";
import { createBot, publishBot } from "../db/bots.ts";
import { createChannel } from "../db/channels.ts";
import { findContact } from "../db/contacts.ts";
import { inArray } from "drizzle-orm";
import { inbound, outbox } from "../db/schema.ts";
import { startFakeGraph } from "./fake_graph.ts";
import { startServer } from "./harness.ts";
import {
  ACCESS_TOKEN,
  APP_SECRET,
  eventually,
  PHONE_NUMBER_ID,
  postWebhook,
  textWebhook,
  VERIFY_TOKEN,
} from "./whatsapp_setup.ts";
import { withWorld } from "./whatsapp_world.ts";

Deno.test("whatsapp: a user known only by a username is keyed by user_id and answered at recipient", async () => {
  await withWorld(async ({ server, graph, channelId }) => {
    const userId = "US.13491208655302741918";
    // Since 2026 Meta leaves out wa_id/from for users with a username; only user_id remains.
    const body = (id: string, text: string) => textWebhook([{ userId, id, text, name: "Nameless" }]);
    for (const [id, text] of [["wamid.BSUID0", "hi"], ["wamid.BSUID1", "123"]]) {
      const res = await postWebhook(server.url, channelId, body(id, text));
      assert.equal(res.status, 200, await res.text());
      await graph.waitFor((s) => s.length === (id.endsWith("0") ? 1 : 3));
    }
    for (const sent of graph.sent) {
      assert.equal(sent.body.recipient, userId);
      assert.equal(sent.body.to, undefined);
    }
    assert.deepEqual(graph.sent.map((s) => (s.body.text as { body: string }).body), [
      "Your order number?",
      "Order 123 is shipped (42.5).",
      "Your order number?",
    ]);
    const contact = await findContact(server.db, userId);
    assert.equal(contact?.key, userId);
    assert.equal(contact?.waId, null);
    assert.equal(contact?.attributes.order_status, "shipped");
  });
});

Deno.test("whatsapp: a flow looping without a question stops after 50 nodes, ends and logs the error", async () => {
  const graph = await startFakeGraph({ tokens: { [PHONE_NUMBER_ID]: ACCESS_TOKEN } });
  const server = await startServer({ env: { WHATSAPP_GRAPH_URL: graph.url } });
  try {
    const bot = await createBot(server.db, {
      name: "Loop",
      flow: {
        start: "ping",
        nodes: [
          { id: "ping", type: "message", text: "ping", next: "pong" },
          { id: "pong", type: "message", text: "pong", next: "ping" },
        ],
      },
    });
    assert.ok("version" in await publishBot(server.db, bot.id));
    const { id: channelId } = await createChannel(server.deps, {
      botId: bot.id,
      phoneNumberId: PHONE_NUMBER_ID,
      accessToken: ACCESS_TOKEN,
      appSecret: APP_SECRET,
      verifyToken: VERIFY_TOKEN,
    });
    const res = await postWebhook(
      server.url,
      channelId,
      textWebhook([{ from: "15550009001", id: "wamid.LOOP", text: "hi" }]),
    );
    await res.body?.cancel();
    await graph.waitFor((s) => s.length === 50, 8000);
    await eventually(() => server.logs.some((l) => l.includes('"msg":"Flow error"')));
    const line = JSON.parse(server.logs.find((l) => l.includes('"msg":"Flow error"'))!);
    assert.match(line.error, /50 nodes/);
    const [row] = await server.db.select().from(inbound);
    assert.equal(row.status, "done");
    // Nothing more can go out once the outbox holds no unsent reply: the turn queued exactly 50.
    await eventually(async () =>
      (await server.db.select().from(outbox).where(inArray(outbox.status, ["queued", "sending"]))).length ===
        0
    );
    assert.equal((await server.db.select().from(outbox)).length, 50);
    assert.equal(graph.sent.length, 50, "nothing more is sent once the limit is hit");
  } finally {
    await server.close();
    await graph.close();
  }
});
