/**
 * The WhatsApp data path end to end: signed webhooks into the real server,
 * the order-status bot calling a fake shop, replies out to a fake Graph API.
 */
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { getChannel } from "../db/channels.ts";
import { findContact } from "../db/contacts.ts";
import { inbound, outbox, turns } from "../db/schema.ts";
import { transcript } from "../db/transcript.ts";
import { ERROR_190 } from "./fake_graph.ts";
import {
  ACCESS_TOKEN,
  eventually,
  PHONE_NUMBER_ID,
  postWebhook,
  settled,
  statusWebhook,
  textWebhook,
} from "./whatsapp_setup.ts";
import { textsTo, withWorld } from "./whatsapp_world.ts";

Deno.test("whatsapp: a conversation through the order-status flow answers with the order", async () => {
  await withWorld(async ({ server, graph, shop, channelId, say }) => {
    await say("15550001001", "wamid.CONV1", "hi");
    await graph.waitFor((s) => s.length === 1);
    await say("15550001001", "wamid.CONV2", "123");
    await graph.waitFor((s) => s.length === 3);
    assert.deepEqual(textsTo(graph.sent, "15550001001"), [
      "Your order number?",
      "Order 123 is shipped (42.5).",
      "Your order number?",
    ]);
    assert.equal(graph.attempts[0].token, ACCESS_TOKEN);
    assert.deepEqual(shop.calls.map((c) => c.path), ["/orders/123"]);

    const contact = await findContact(server.db, "15550001001");
    assert.equal(contact?.name, "Test User");
    assert.equal(contact?.attributes.order_id, "123");
    assert.equal(contact?.attributes.total, 42.5);
    assert.equal((await server.db.select().from(turns).where(eq(turns.contactId, contact!.id))).length, 2);

    // The status webhook for our reply lands on it.
    const wamid = graph.sent[1].messageId;
    await eventually(async () =>
      (await server.db.query.outbox.findFirst({ where: eq(outbox.waMessageId, wamid) }))?.status === "sent"
    );
    const res = await postWebhook(server.url, channelId, statusWebhook([{ id: wamid, status: "read" }]));
    await res.body?.cancel();
    const row = await server.db.query.outbox.findFirst({ where: eq(outbox.waMessageId, wamid) });
    assert.equal(row?.status, "read");

    const lines = await transcript(server.db, contact!.key);
    assert.deepEqual(lines.map((l) => `${l.direction} ${l.text}`), [
      "in hi",
      "out Your order number?",
      "in 123",
      "out Order 123 is shipped (42.5).",
      "out Your order number?",
    ]);
    assert.equal(lines[3].status, "read");
  });
});

Deno.test("whatsapp: the same webhook delivered 3 times, also concurrently, is answered once", async () => {
  await withWorld(async ({ server, graph, channelId, say }) => {
    for (let i = 0; i < 3; i++) await say("15550002001", "wamid.DUP1", "hi");
    const body = textWebhook([{ from: "15550002002", id: "wamid.DUP2", text: "hi" }]);
    const answers = await Promise.all([1, 2, 3].map(() => postWebhook(server.url, channelId, body)));
    for (const a of answers) {
      await a.body?.cancel();
      assert.equal(a.status, 200);
    }
    await graph.waitFor((s) => s.length >= 2);
    await settled(server.db);
    assert.equal(graph.sent.length, 2);
    assert.deepEqual(textsTo(graph.sent, "15550002001"), ["Your order number?"]);
    assert.deepEqual(textsTo(graph.sent, "15550002002"), ["Your order number?"]);
    assert.equal((await server.db.select().from(turns)).length, 2);
  });
});

Deno.test("whatsapp: quick messages from one contact are answered one at a time, in order", async () => {
  await withWorld(async ({ server, graph, channelId }) => {
    const from = "15550003001";
    const texts = ["hi", "11", "22", "33", "44"];
    // Separate POSTs, each sent as soon as the previous one is acknowledged (not answered):
    // they arrive while earlier turns are still running and must wait their turn. Firing them
    // concurrently would let the network reorder their arrival, which is the order that counts.
    for (const [i, text] of texts.entries()) {
      const res = await postWebhook(
        server.url,
        channelId,
        textWebhook([{ from, id: `wamid.SEQ${i}`, text }]),
      );
      await res.body?.cancel();
    }
    assert.ok(graph.sent.length < 9, "all five were acknowledged before every reply went out");
    await graph.waitFor((s) => s.length === 9, 8000);
    assert.deepEqual(textsTo(graph.sent, from), [
      "Your order number?",
      "Order 11 is shipped (42.5).",
      "Your order number?",
      "Order 22 is shipped (42.5).",
      "Your order number?",
      "Order 33 is shipped (42.5).",
      "Your order number?",
      "Order 44 is shipped (42.5).",
      "Your order number?",
    ]);
    const rows = await server.db.select().from(inbound).orderBy(inbound.id);
    assert.ok(rows.every((r) => r.status === "done"));
  });
});

Deno.test("whatsapp: Graph failing with 500 twice and 130429 once still delivers each reply exactly once", async () => {
  await withWorld(async ({ server, graph, say }) => {
    const throttled = JSON.parse(
      await Deno.readTextFile(new URL("./fixtures/whatsapp/error-130429.json", import.meta.url)),
    );
    graph.failNext(2, { status: 500, body: { error: { message: "Internal", code: 2 } } });
    graph.failNext(1, { status: 400, body: throttled });
    for (const n of [1, 2, 3]) await say(`1555000400${n}`, `wamid.RETRY${n}`, "hi");
    await graph.waitFor((s) => s.length === 3, 8000);
    await settled(server.db);
    assert.equal(graph.sent.length, 3);
    for (const n of [1, 2, 3]) {
      assert.deepEqual(textsTo(graph.sent, `1555000400${n}`), ["Your order number?"]);
    }
    assert.equal(graph.attempts.length, 6);
  });
});

Deno.test("whatsapp: 131047 fails the reply without retrying, other contacts unaffected", async () => {
  await withWorld(async ({ server, graph, say }) => {
    graph.failFor("15550005001", {
      status: 400,
      body: { error: { message: "(#131047) Re-engagement message", code: 131047 } },
    });
    await say("15550005001", "wamid.WIN1", "hi");
    await say("15550005002", "wamid.WIN2", "hi");
    await graph.waitFor((s) => s.length === 1);
    await eventually(async () =>
      (await server.db.query.outbox.findFirst({ where: eq(outbox.contactKey, "15550005001") }))?.status ===
        "failed"
    );
    await settled(server.db);
    const failed = await server.db.query.outbox.findFirst({ where: eq(outbox.contactKey, "15550005001") });
    assert.equal(failed?.errorCode, 131047);
    assert.equal(failed?.attempts, 1);
    assert.equal(graph.attempts.filter((a) => (a.body as { to?: string }).to === "15550005001").length, 1);
    assert.deepEqual(textsTo(graph.sent, "15550005002"), ["Your order number?"]);
    const lines = await transcript(server.db, "15550005001");
    assert.equal(lines[1].status, "failed");
    assert.match(lines[1].error ?? "", /^131047: /);
  });
});

Deno.test("whatsapp: an expired token (190) fails the reply and marks the channel token_expired", async () => {
  await withWorld(async ({ server, graph, channelId, say }) => {
    graph.failNext(1, { status: 401, body: ERROR_190 });
    await say("15550006001", "wamid.TOKEN1", "hi");
    await eventually(async () => (await getChannel(server.db, channelId))?.health === "token_expired");
    const channel = await getChannel(server.db, channelId);
    assert.match(channel?.healthDetail ?? "", /access token/);
    const row = await server.db.query.outbox.findFirst({ where: eq(outbox.contactKey, "15550006001") });
    assert.equal(row?.status, "failed");
    assert.equal(row?.errorCode, 190);
    assert.equal(graph.sent.length, 0);
  });
});

Deno.test("whatsapp: an image while a question waits gets the invalid-input reply", async () => {
  await withWorld(async ({ server, graph, channelId, say }) => {
    await say("15550007001", "wamid.IMG0", "hi");
    await graph.waitFor((s) => s.length === 1);
    const image = (await Deno.readTextFile(
      new URL("./fixtures/whatsapp/inbound-image.json", import.meta.url),
    )).replace(/("phone_number_id":\s*")\d+"/, `$1${PHONE_NUMBER_ID}"`).replaceAll(
      "16505551234",
      "15550007001",
    );
    const res = await postWebhook(server.url, channelId, image);
    await res.body?.cancel();
    await graph.waitFor((s) => s.length === 3);
    const texts = textsTo(graph.sent, "15550007001");
    assert.equal(texts[2], "Your order number?");
    assert.notEqual(texts[1], "Your order number?");
    const [, turn] = await server.db.select().from(turns).orderBy(turns.id);
    assert.match(turn.trace, /"type":"invalid"/);
  });
});

Deno.test("whatsapp: a bot without a published version fails the message with a clear error", async () => {
  await withWorld(async ({ server, graph, say }) => {
    await say("15550008001", "wamid.NOPUB1", "hi");
    await eventually(async () => (await server.db.query.inbound.findFirst())?.status === "failed");
    const row = await server.db.query.inbound.findFirst();
    assert.match(row?.error ?? "", /has no published version/);
    assert.equal(graph.attempts.length, 0);
    assert.ok(server.logs.some((l) => l.includes("has no published version")));
  }, { publish: false });
});

Deno.test("whatsapp: once Graph answers again after failing, replies waiting out a long backoff go at once", async () => {
  await withWorld(async ({ server, graph, say }) => {
    const down = { status: 503, body: { error: { message: "Service temporarily unavailable", code: 2 } } };
    graph.failFor("15550008001", down);
    graph.failFor("15550008002", down);
    await say("15550008001", "wamid.BACK1", "hi");
    await say("15550008002", "wamid.BACK2", "hi");
    const row = (key: string) => server.db.query.outbox.findFirst({ where: eq(outbox.contactKey, key) });
    await eventually(async () =>
      (await row("15550008001"))?.attempts! >= 1 && (await row("15550008001"))?.status === "queued" &&
      (await row("15550008002"))?.attempts! >= 1 && (await row("15550008002"))?.status === "queued"
    );
    // The second reply has failed often: its next attempt is a minute away, as backoff allows.
    await server.db.update(outbox).set({ nextAttemptAt: Date.now() + 60_000 })
      .where(eq(outbox.contactKey, "15550008002"));
    graph.failFor("15550008001", null);
    graph.failFor("15550008002", null);
    await graph.waitFor((sent) => textsTo(sent, "15550008002").length === 1, 8000);
    assert.deepEqual(textsTo(graph.sent, "15550008001"), ["Your order number?"]);
  });
});
